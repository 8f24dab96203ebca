import type { SourceRef } from '../types.js';
import type { ReadItem } from './read-item.js';

// Logger shapes seen in the wild keep headers under one of these names, as an object or a HAR-style array.
const HEADER_CONTAINERS = ['headers', 'response_headers', 'responseHeaders', 'resHeaders'];

/** Turns one JSON log record (flat, or nested request/response as loggers write them) into a raw record. */
export function recordFromJson(value: unknown, source: SourceRef): ReadItem {
  if (!isObject(value)) {
    return {
      kind: 'skip',
      skip: { code: 'NOT_AN_OBJECT', source, detail: `a ${describe(value)} where a record object was expected` },
    };
  }
  const fields = new Map<string, string>();
  const headers = new Map<string, string>();
  flattenInto(value, fields, headers);
  const request = value['request'];
  if (isObject(request)) {
    for (const name of ['method', 'url', 'uri', 'path']) copyScalar(request, name, fields, name);
    // Only the credential is wanted from request headers; normalise fingerprints and redacts it.
    const requestHeaders = headerMap(request['headers']);
    for (const name of ['authorization', 'x-keap-api-key', 'x-api-key']) {
      const found = requestHeaders?.get(name);
      if (found !== undefined && !fields.has(name)) fields.set(name, found);
    }
  }
  const response = value['response'];
  if (isObject(response)) {
    for (const [from, to] of [
      ['status', 'status'],
      ['statusCode', 'status'],
      ['body', 'body'],
      ['data', 'body'],
    ] as const) {
      copyScalar(response, from, fields, to);
    }
    mergeHeaders(headers, response['headers']);
  }
  return { kind: 'record', record: headers.size > 0 ? { source, fields, headers } : { source, fields } };
}

function flattenInto(value: Record<string, unknown>, fields: Map<string, string>, headers: Map<string, string>): void {
  for (const [name, item] of Object.entries(value)) {
    if (HEADER_CONTAINERS.includes(name) && typeof item !== 'string') {
      mergeHeaders(headers, item);
    } else if (name === 'request' || name === 'response') {
      continue;
    } else if (item === null || item === undefined) {
      fields.set(name, '');
    } else if (typeof item === 'object') {
      fields.set(name, JSON.stringify(item));
    } else {
      fields.set(name, String(item));
    }
  }
}

function copyScalar(from: Record<string, unknown>, name: string, fields: Map<string, string>, as: string): void {
  const item = from[name];
  if (item === undefined || fields.has(as)) return;
  fields.set(as, typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item ?? ''));
}

function mergeHeaders(into: Map<string, string>, source: unknown): void {
  const found = headerMap(source);
  if (found) for (const [name, item] of found) into.set(name, item);
}

/** Headers from `{name: value}` or HAR's `[{name, value}]`, names lower-cased, repeats joined by ", ". */
export function headerMap(source: unknown): Map<string, string> | undefined {
  if (Array.isArray(source)) {
    const map = new Map<string, string>();
    for (const entry of source) {
      if (!isObject(entry) || typeof entry['name'] !== 'string') continue;
      const name = entry['name'].toLowerCase();
      const item = String(entry['value'] ?? '');
      const previous = map.get(name);
      map.set(name, previous === undefined ? item : `${previous}, ${item}`);
    }
    return map;
  }
  if (isObject(source)) {
    const map = new Map<string, string>();
    for (const [name, item] of Object.entries(source)) {
      map.set(name.toLowerCase(), Array.isArray(item) ? item.map(String).join(', ') : String(item ?? ''));
    }
    return map;
  }
  return undefined;
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}
