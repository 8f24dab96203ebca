import { headersFromPrint } from '../read/header-print.js';
import { headerMap } from '../read/json-record.js';

/** Parses a `headers` cell: a JSON object (or HAR-style array), a Python dict print, or a raw `Name: value` block. */
export function parseHeaderBlock(text: string): Map<string, string> {
  const trimmed = text.trim();
  if (trimmed === '') return new Map();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const fromJson = headerMap(JSON.parse(trimmed) as unknown);
      if (fromJson) return fromJson;
    } catch {
      // Not JSON after all: a Python print or a raw block below.
    }
  }
  // str(response.headers) in Python: {'Date': '…', …}, or httpx's Headers({...}).
  if (/^([A-Za-z_][\w.]*\()?[{[]/.test(trimmed)) {
    const printed = headersFromPrint(trimmed);
    if (printed) return printed;
  }
  const map = new Map<string, string>();
  // Loggers write the block with real newlines or with escaped ones (\r\n as text).
  for (const line of trimmed.split(/\r?\n|\\r\\n|\\n/)) {
    const colon = line.indexOf(':');
    // The status line (HTTP/1.1 429 Too Many Requests) carries no header.
    if (colon <= 0 || /^HTTP\//i.test(line)) continue;
    map.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return map;
}
