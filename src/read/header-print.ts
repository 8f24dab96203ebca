import { parsePythonLiteral, pythonLiteralAt, type PythonValue } from './python-literal.js';

// Names that only response headers carry: a printed dict with one of them is a header set, not a body.
const RESPONSE_HEADER_NAME =
  /^(x-keap-|x-apigee-|date$|retry-after$|content-type$|content-length$|x-request-id$|via$)/i;
// Printed objects worth trying in one log line; more would only be data payloads.
const MAX_PRINTS_PER_TEXT = 16;

/** Headers from a printed container: JSON or Python dict, httpx `Headers({...})`, or a list of name/value pairs. */
export function headersFromPrint(text: string): Map<string, string> | undefined {
  const value = parsePythonLiteral(text);
  return value === undefined ? undefined : headersFromValue(value);
}

/** True when a header map carries a response header name (Keap counters, date, content-type, …). */
export function hasResponseHeaderNames(headers: ReadonlyMap<string, string>): boolean {
  for (const name of headers.keys()) if (RESPONSE_HEADER_NAME.test(name)) return true;
  return false;
}

/** One object printed inside free text (a dict, a JSON object, `Headers({...})`) with where it lies. */
export interface PrintedObject {
  readonly start: number;
  readonly end: number;
  readonly value: PythonValue;
}

/** Every complete JSON/Python object printed in a text, left to right, nested ones not repeated. */
export function printedObjects(text: string): PrintedObject[] {
  const found: PrintedObject[] = [];
  let from = 0;
  let failures = 0;
  while (found.length < MAX_PRINTS_PER_TEXT) {
    const start = text.indexOf('{', from);
    if (start < 0) break;
    const literal = pythonLiteralAt(text, start);
    if (!literal) {
      // A brace that opens no literal: try the next one, but a line of stray braces is not scanned forever.
      if (++failures > MAX_PRINTS_PER_TEXT * 4) break;
      from = start + 1;
      continue;
    }
    found.push({ start, end: literal.end, value: literal.value });
    from = literal.end;
  }
  return found;
}

/** Headers from an already read value, names lower-cased; undefined when it is not a flat name → value container. */
export function headersFromValue(value: PythonValue): Map<string, string> | undefined {
  const map = new Map<string, string>();
  if (Array.isArray(value)) {
    // httpx prints repeated names as a list of pairs: Headers([('set-cookie', 'a'), ('set-cookie', 'b')]).
    for (const pair of value) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') return undefined;
      if (!add(map, pair[0], pair[1] ?? null)) return undefined;
    }
    return map;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [name, item] of Object.entries(value)) if (!add(map, name, item)) return undefined;
  return map;
}

// A header value is a scalar or a list of scalars; anything nested (even {'toString': 1}) is no header set.
function scalarText(value: PythonValue): string | undefined {
  return typeof value === 'object' && value !== null ? undefined : String(value ?? '');
}

function add(map: Map<string, string>, name: string, item: PythonValue): boolean {
  const parts = Array.isArray(item) ? item.map(scalarText) : [scalarText(item)];
  if (parts.some((part) => part === undefined)) return false;
  const key = name.toLowerCase();
  const text = parts.join(', ');
  const previous = map.get(key);
  map.set(key, previous === undefined ? text : `${previous}, ${text}`);
  return true;
}
