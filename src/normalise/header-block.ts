import { headerMap } from '../read/json-record.js';

/** Parses a `headers` cell: a JSON object (or HAR-style array) or a raw `Name: value` block. */
export function parseHeaderBlock(text: string): Map<string, string> {
  const trimmed = text.trim();
  if (trimmed === '') return new Map();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const fromJson = headerMap(JSON.parse(trimmed) as unknown);
      if (fromJson) return fromJson;
    } catch {
      // Not JSON after all: read it as a raw block below.
    }
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
