import type { SourceRef } from '../types.js';
import { fieldText, isObject, MAX_JSON_DEPTH, nestsDeeperThan, scalarText } from './json-value.js';
import type { ReadItem } from './read-item.js';

export { isObject } from './json-value.js';

// Logger shapes seen in the wild keep headers under one of these names, as an object or a HAR-style array.
export const HEADER_CONTAINERS: readonly string[] = ['headers', 'response_headers', 'responseHeaders', 'resHeaders'];

/** Turns one JSON log record (flat, or nested request/response as loggers write them) into a raw record. */
export function recordFromJson(value: unknown, source: SourceRef): ReadItem {
  if (!isObject(value)) {
    return {
      kind: 'skip',
      skip: { code: 'NOT_AN_OBJECT', source, detail: `a ${describe(value)} where a record object was expected` },
    };
  }
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) return tooDeep(source);
  const fields = new Map<string, string>();
  const headers = new Map<string, string>();
  let headersAreText = flattenInto(value, fields, headers);
  const request = value['request'];
  if (isObject(request)) {
    for (const name of ['method', 'url', 'uri', 'path']) {
      if (!copyScalar(request, name, fields, name)) return notText(source, `request.${name}`);
    }
    // Only the credential is wanted from request headers; normalise fingerprints and redacts it.
    const requestHeaders = headerMap(request['headers']);
    headersAreText &&= requestHeaders?.allText ?? true;
    for (const name of ['authorization', 'x-keap-api-key', 'x-api-key']) {
      const found = requestHeaders?.map.get(name);
      if (found !== undefined && !fields.has(name)) fields.set(name, found);
    }
  }
  const response = value['response'];
  if (isObject(response)) {
    for (const [from, to] of [
      ['status', 'status'],
      ['statusCode', 'status'],
    ] as const) {
      if (!copyScalar(response, from, fields, to)) return notText(source, `response.${from}`);
    }
    for (const from of ['body', 'data']) {
      const item = response[from];
      if (item !== undefined && !fields.has('body')) fields.set('body', fieldText(item));
    }
    headersAreText &&= mergeHeaders(headers, response['headers']);
  }
  if (!headersAreText) return notText(source, 'a header value');
  return { kind: 'record', record: headers.size > 0 ? { source, fields, headers } : { source, fields } };
}

/** A record nested past {@link MAX_JSON_DEPTH}: skipped, since no logger writes one. */
export function tooDeep(source: SourceRef): ReadItem {
  return {
    kind: 'skip',
    skip: { code: 'TOO_DEEP', source, detail: `the record nests more than ${MAX_JSON_DEPTH} levels of objects/arrays` },
  };
}

/** A record holding an object where text was expected (`what` is keap-throttle's own name for the place). */
export function notText(source: SourceRef, what: string): ReadItem {
  return {
    kind: 'skip',
    skip: { code: 'BAD_FIELD_TYPE', source, detail: `${what} is an object or array where text was expected` },
  };
}

// Returns false when a header container holds a value that is not text.
function flattenInto(
  value: Record<string, unknown>,
  fields: Map<string, string>,
  headers: Map<string, string>,
): boolean {
  let allText = true;
  for (const [name, item] of Object.entries(value)) {
    if (HEADER_CONTAINERS.includes(name) && typeof item !== 'string') {
      allText &&= mergeHeaders(headers, item);
    } else if (name !== 'request' && name !== 'response') {
      fields.set(name, fieldText(item));
    }
  }
  return allText;
}

// Returns false when the value is an object or array: these places hold one piece of text.
function copyScalar(from: Record<string, unknown>, name: string, fields: Map<string, string>, as: string): boolean {
  const item = from[name];
  if (item === undefined || fields.has(as)) return true;
  const text = scalarText(item);
  if (text === undefined) return false;
  fields.set(as, text);
  return true;
}

function mergeHeaders(into: Map<string, string>, source: unknown): boolean {
  const found = headerMap(source);
  if (found) for (const [name, item] of found.map) into.set(name, item);
  return found?.allText ?? true;
}

/** Headers read from a log, and whether every value was text (a number, string, or list of them). */
export interface HeaderMap {
  readonly map: Map<string, string>;
  readonly allText: boolean;
}

/** Headers from `{name: value}` or HAR's `[{name, value}]`, names lower-cased, repeats joined by ", ". */
export function headerMap(source: unknown): HeaderMap | undefined {
  const map = new Map<string, string>();
  let allText = true;
  const add = (name: string, item: unknown) => {
    const text = headerValueText(item);
    if (text === undefined) {
      allText = false;
      return;
    }
    const key = name.toLowerCase();
    const previous = map.get(key);
    map.set(key, previous === undefined ? text : `${previous}, ${text}`);
  };
  if (Array.isArray(source)) {
    for (const entry of source)
      if (isObject(entry) && typeof entry['name'] === 'string') add(entry['name'], entry['value']);
    return { map, allText };
  }
  if (isObject(source)) {
    for (const [name, item] of Object.entries(source)) add(name, item);
    return { map, allText };
  }
  return undefined;
}

// Node's own header objects hold repeated headers (set-cookie) as arrays of strings.
function headerValueText(item: unknown): string | undefined {
  if (!Array.isArray(item)) return scalarText(item);
  const parts: string[] = [];
  for (const part of item) {
    const text = scalarText(part);
    if (text === undefined) return undefined;
    parts.push(text);
  }
  return parts.join(', ');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}
