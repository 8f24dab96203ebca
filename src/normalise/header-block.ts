import { headerMap } from '../read/json-record.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../read/json-value.js';

/**
 * Parses a `headers` cell: a JSON object (or HAR-style array) or a raw `Name: value` block.
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
      // Not JSON after all: read it as a raw block below.
      isJson = false;
    }
    if (isJson) {
      if (nestsDeeperThan(parsed, MAX_JSON_DEPTH)) return null;
      const fromJson = headerMap(parsed);
      if (fromJson) return fromJson.allText ? fromJson.map : null;
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
