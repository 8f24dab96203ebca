import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { KeapThrottleError } from '../errors.js';
import { CarryBuffer } from './carry-buffer.js';
import { CanonicalCsvScanner, type HandOverState } from './csv-scan.js';
import { IndexedRow, RowIndex } from './indexed-row.js';
import { guardLines } from './line-guard.js';
import { MAX_RECORD_BYTES } from './limits.js';
import type { ReadItem } from './read-item.js';

interface ParsedRow {
  readonly record: string[];
  readonly info: { readonly lines: number };
  readonly raw: string;
}

/** What the parser left behind when the input ended inside a quoted field: where it ended, and its text. */
interface CutRecord {
  readonly endLine: number;
  readonly raw: string;
}

// Items go downstream a chunk at a time: one await per chunk, not per row.
const BATCH_ROWS = 512;
// A row this long is csv-parse's to read: the scan would copy it again with every chunk until it ends.
const MAX_CARRIED_BYTES = 1024 * 1024;

/** Streams CSV rows as records keyed by the header row's names; bad rows become counted skips. */
export async function* readCsvRecords(
  stream: AsyncIterable<Buffer>,
  file: string,
  delimiter: string,
): AsyncGenerator<ReadItem> {
  for await (const batch of readCsvBatches(stream, file, delimiter)) yield* batch;
}

/**
 * {@link readCsvRecords} a chunk of rows at a time. Canonical rows are read by the byte scan; from the first
 * row it cannot read exactly as csv-parse would, csv-parse reads the rest, so every file reads as csv-parse reads it.
 */
export async function* readCsvBatches(
  stream: AsyncIterable<Buffer>,
  file: string,
  delimiter: string,
): AsyncGenerator<ReadItem[]> {
  const rows = createRowBuilder(file);
  const scanner = new CanonicalCsvScanner(delimiter);
  const source = guardLines(stream, file, delimiter)[Symbol.asyncIterator]();
  const carry = new CarryBuffer();
  for (;;) {
    const next = await source.next();
    const final = next.done === true;
    // A chunk with nothing carried is scanned where it lies.
    const buf = final ? carry.view() : carry.length > 0 ? carry.append(next.value) : next.value;
    const batch: ReadItem[] = [];
    const stop = scanner.scan(buf, final, (fields, line) => rows.add(batch, fields, line));
    if (batch.length > 0) yield batch;
    if (stop.handOver || buf.length - stop.resumeAt > MAX_CARRIED_BYTES) {
      // A copy: csv-parse may keep what it is given, and the carry buffer is reused.
      const rest = Buffer.from(buf.subarray(stop.resumeAt));
      const bytes = final ? once(rest) : thenRest(rest, source);
      yield* parseWithCsvParse(bytes, file, delimiter, rows, scanner.handOverState);
      return;
    }
    if (final) return;
    carry.keepFrom(buf, stop.resumeAt);
  }
}

/** csv-parse alone reading the whole file: the reference the byte scan must agree with (tests compare the two). */
export async function* readCsvWithCsvParse(
  stream: AsyncIterable<Buffer>,
  file: string,
  delimiter: string,
): AsyncGenerator<ReadItem> {
  const bytes = guardLines(stream, file, delimiter);
  const from = { linesBefore: 0, recordDelimiter: null, fromStart: true };
  for await (const batch of parseWithCsvParse(bytes, file, delimiter, createRowBuilder(file), from)) yield* batch;
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  if (bytes.length > 0) yield bytes;
}

async function* thenRest(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (first.length > 0) yield first;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
}

// csv-parse reads on from where the scan stopped, counting lines from there as it would have from the start.
async function* parseWithCsvParse(
  bytes: AsyncIterable<Buffer>,
  file: string,
  delimiter: string,
  rows: ReturnType<typeof createRowBuilder>,
  from: HandOverState,
): AsyncGenerator<ReadItem[]> {
  let pending: ReadItem[] = [];
  let cut: CutRecord | undefined;
  const base = from.linesBefore;
  const source = Readable.from(bytes);
  const parser = source.pipe(
    parse({
      bom: from.fromStart,
      delimiter,
      ...(from.recordDelimiter !== null && { record_delimiter: from.recordDelimiter }),
      info: true,
      raw: true,
      relax_column_count: true,
      // Naive loggers write JSON bodies unquoted: keep their quotes as text instead of losing the row.
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
      on_skip: (error: CsvError | undefined, raw: string | undefined) => {
        if (!error) return undefined;
        const line = base + startLine(error, raw);
        if (error.code === 'CSV_QUOTE_NOT_CLOSED')
          cut = { endLine: (error as { lines?: number }).lines ?? 0, raw: raw ?? '' };
        else if (error.code === 'CSV_MAX_RECORD_SIZE') throw recordTooLarge(file, line);
        else pending.push(malformed(file, line, csvProblem(error.code)));
        return undefined;
      },
    }),
  );
  // pipe() does not pass a source error on; without this the parser would wait for bytes forever.
  source.once('error', (error) => parser.destroy(error));
  const lines = createLineCounter();
  try {
    for await (const row of parser as AsyncIterable<ParsedRow>) {
      rows.add(pending, row.record, base + lines.startOf(row.raw, row.info.lines));
      if (pending.length >= BATCH_ROWS) {
        yield pending;
        pending = [];
      }
    }
  } catch (error) {
    throw fatalCsvError(error, file, base);
  }
  if (pending.length > 0) yield pending;
  if (cut) yield [...recoverAfterCut(base + lines.startOf(cut.raw, cut.endLine), cut.raw, rows, file, delimiter)];
}

/** Turns parsed rows into records by the header row; the first column of a repeated name is the one used. */
function createRowBuilder(file: string) {
  let header: string[] | undefined;
  let use: number[] = [];
  let index = new RowIndex([], []);
  return {
    get hasHeader(): boolean {
      return header !== undefined;
    },
    add(into: ReadItem[], record: readonly string[], line: number): void {
      if (!header) {
        header = record.map((name) => name.trim());
        const firstOf = new Map<string, number>();
        const repeats = new Map<number, number[]>();
        header.forEach((name, index) => {
          const key = name.toLowerCase();
          const first = firstOf.get(key);
          if (first === undefined) firstOf.set(key, index);
          else repeats.set(first, [...(repeats.get(first) ?? []), index]);
        });
        use = header
          .map((_name, index) => index)
          .filter((index) => firstOf.get(header?.[index]?.toLowerCase() ?? '') === index);
        index = new RowIndex(
          use.map((position) => header?.[position] ?? ''),
          use,
        );
        for (const [first, ignored] of repeats) {
          into.push({
            kind: 'note',
            note: {
              code: 'DUPLICATE_COLUMN',
              file,
              column: header[first] ?? '',
              usedColumn: first + 1,
              ignoredColumns: ignored.map((index) => index + 1),
            },
          });
        }
        return;
      }
      if (record.length !== header.length) {
        into.push(malformed(file, line, `${record.length} fields where the header has ${header.length}`));
        return;
      }
      const fields = new IndexedRow(record, index);
      into.push({ kind: 'record', record: { source: { file, line }, fields, columns: header, values: record } });
    },
  };
}

// The input ended inside a quoted field: the row that opened it is cut off. The lines it swallowed are
// rows of their own (a stray quote) or the cut row's continuation; each is read on its own so none is lost.
function* recoverAfterCut(
  cutLine: number,
  raw: string,
  rows: ReturnType<typeof createRowBuilder>,
  file: string,
  delimiter: string,
): Generator<ReadItem> {
  if (!rows.hasHeader) throw quoteNeverClosed(file, cutLine, 'the header row');
  yield {
    kind: 'skip',
    skip: {
      code: 'TRUNCATED_ROW',
      source: { file, line: cutLine },
      detail: 'the file ends inside a quoted field opened in this row (cut off, or a stray ")',
    },
  };
  const lines = raw.replace(/\r?\n$/, '').split(/\r?\n/);
  for (let index = 1; index < lines.length; index++) {
    const text = lines[index] as string;
    if (text.trim() === '') continue;
    const line = cutLine + index;
    let records: string[][];
    try {
      records = parseSync(text, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
    } catch {
      yield malformed(file, line, 'a quoted field opened in this row is not closed on its line');
      continue;
    }
    const items: ReadItem[] = [];
    for (const record of records) rows.add(items, record, line);
    yield* items;
  }
}

// csv-parse reports the line where a record ends, and counts a CRLF inside quotes as two lines
// (csv-parse 6.2); undo both so the line is where the record starts in an editor.
function createLineCounter() {
  let quotedCrlfSoFar = 0;
  return {
    startOf(raw: string, reportedEndLine: number): number {
      const body = raw.replace(/\r?\n?$/, '');
      quotedCrlfSoFar += body.split('\r\n').length - 1;
      const newlines = body.split('\n').length - 1;
      return Math.max(1, reportedEndLine - quotedCrlfSoFar - newlines);
    },
  };
}

// The record started where its raw text began, which is what a user needs to find the opening quote.
function startLine(error: CsvError, raw: string | undefined): number {
  const endLine = (error as { lines?: number }).lines ?? 0;
  return raw === undefined ? endLine : Math.max(1, endLine - (raw.replace(/\r?\n$/, '').split('\n').length - 1));
}

function malformed(file: string, line: number, detail: string): ReadItem {
  return { kind: 'skip', skip: { code: 'MALFORMED_ROW', source: { file, line }, detail } };
}

// Worded from csv-parse's stable codes: its messages quote the input around the fault.
function csvProblem(code: string): string {
  switch (code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text follows the closing quote of a field';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return 'the row has a different number of fields than the header';
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a character follows the closing quote of a field';
    default:
      return `the row cannot be parsed as CSV (${code})`;
  }
}

function quoteNeverClosed(file: string, line: number, what: string): KeapThrottleError {
  return new KeapThrottleError('INPUT_MALFORMED', `a quoted field opened in ${what} is never closed`, {
    location: { file, line },
    hint: 'check the row that opens the quote; fields containing " must double it ("")',
  });
}

function recordTooLarge(file: string, line: number): KeapThrottleError {
  return new KeapThrottleError('INPUT_MALFORMED', `a record is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MiB`, {
    location: { file, line },
    hint: 'this is not a response log row; check the delimiter and quoting (a quote opened here may never close)',
  });
}

function fatalCsvError(error: unknown, file: string, linesBefore: number): unknown {
  if (error instanceof KeapThrottleError) return error;
  const csvError = error as Partial<CsvError> & { lines?: number };
  if (typeof csvError.code !== 'string' || !csvError.code.startsWith('CSV_')) return error;
  const line = csvError.lines === undefined ? undefined : linesBefore + csvError.lines;
  return new KeapThrottleError('INPUT_MALFORMED', csvProblem(csvError.code), {
    location: line === undefined ? { file } : { file, line },
  });
}
