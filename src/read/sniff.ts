import { sniffTextFormat, type TextFormat } from './sniff-text.js';

/** Input formats keap-throttle reads. */
export type InputFormat = 'csv' | 'json-array' | 'ndjson' | 'har' | TextFormat;

/** The sniffed format, or why none fits. */
export type SniffResult =
  | { readonly ok: true; readonly format: InputFormat; readonly delimiter: string }
  | { readonly ok: false; readonly reason: 'empty' | 'binary' | 'json-object' };

/**
 * Chooses a reader from the first bytes; the extension only breaks ties the content leaves open.
 * `more` says the input goes on past `head`: a first line that does not end within it is still open.
 */
export function sniffFormat(head: Buffer, extension: string, more = false): SniffResult {
  if (looksBinary(head)) return { ok: false, reason: 'binary' };
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  // Before the JSON rules: a Laravel log line starts with `[`, as a JSON array does.
  const textFormat = sniffTextFormat(trimmed);
  if (textFormat) return { ok: true, format: textFormat, delimiter: ',' };
  if (trimmed.startsWith('[')) return { ok: true, format: 'json-array', delimiter: ',' };
  if (trimmed.startsWith('{')) return sniffJsonObject(trimmed, extension, more);
  return { ok: true, format: 'csv', delimiter: detectDelimiter(trimmed) };
}

function sniffJsonObject(text: string, extension: string, more: boolean): SniffResult {
  // A HAR names `log` first (browsers, mitmproxy and Charles all do) and carries `entries`.
  if (/^\{\s*"log"\s*:/.test(text) || (extension === 'har' && /"entries"\s*:/.test(text))) {
    return { ok: true, format: 'har', delimiter: ',' };
  }
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  // A first line longer than the head is one long record: only NDJSON puts a whole object on one line.
  if (more && !text.includes('\n')) return { ok: true, format: 'ndjson', delimiter: ',' };
  if (isJsonObject(firstLine)) return { ok: true, format: 'ndjson', delimiter: ',' };
  if (extension === 'ndjson' || extension === 'jsonl') return { ok: true, format: 'ndjson', delimiter: ',' };
  return { ok: false, reason: 'json-object' };
}

function isJsonObject(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

// NUL bytes or many control characters mean this is not a text log (a zip, an image, a PDF).
function looksBinary(head: Buffer): boolean {
  const sample = head.subarray(0, 4096);
  if (sample.length === 0) return false;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return control / sample.length > 0.05;
}

// European spreadsheets export with ';', some loggers with tabs: count outside quotes on the header line.
function detectDelimiter(text: string): string {
  const headerLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}
