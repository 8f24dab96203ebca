import { headersFromPrint } from '../read/header-print.js';
import { headerMap } from '../read/json-record.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../read/json-value.js';

/**
 * Parses a `headers` cell: a JSON object (or HAR-style array), a Python dict print, or a raw `Name: value` block.
 * Null when the cell is JSON whose header values are not text (nested objects) or nest absurdly deep.
 */
export function parseHeaderBlock(text: string): Map<string, string> | null {
  const trimmed = text.trim();
  if (trimmed === '') return new Map();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    let isJson = true;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      // Not JSON after all: a Python print or a raw block below.
      isJson = false;
    }
    if (isJson) {
      if (nestsDeeperThan(parsed, MAX_JSON_DEPTH)) return null;
      const fromJson = headerMap(parsed);
      if (fromJson) return fromJson.allText ? fromJson.map : null;
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
