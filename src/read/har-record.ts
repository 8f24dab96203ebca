import type { SourceRef } from '../types.js';
import type { ReadItem } from './read-item.js';
import { headerMap, notText, tooDeep } from './json-record.js';
import { isObject, MAX_JSON_DEPTH, nestsDeeperThan, scalarText } from './json-value.js';

/** Turns one HAR 1.2 entry (browser or mitmproxy export) into a raw record. */
export function recordFromHarEntry(entry: unknown, source: SourceRef): ReadItem {
  if (!isObject(entry) || !isObject(entry['request']) || !isObject(entry['response'])) {
    return {
      kind: 'skip',
      skip: { code: 'NOT_AN_OBJECT', source, detail: 'HAR entry without request and response objects' },
    };
  }
  if (nestsDeeperThan(entry, MAX_JSON_DEPTH)) return tooDeep(source);
  const request = entry['request'];
  const response = entry['response'];
  const fields = new Map<string, string>();
  for (const [name, from, what] of [
    ['startedDateTime', entry['startedDateTime'], 'startedDateTime'],
    ['method', request['method'], 'request.method'],
    ['url', request['url'], 'request.url'],
    ['status', response['status'], 'response.status'],
  ] as const) {
    const text = scalarText(from);
    if (text === undefined) return notText(source, `HAR ${what}`);
    fields.set(name, text);
  }
  const content = response['content'];
  if (isObject(content) && typeof content['text'] === 'string') {
    // HAR stores binary or compressed bodies base64-encoded; 429 bodies are short JSON either way.
    const text =
      content['encoding'] === 'base64' ? Buffer.from(content['text'], 'base64').toString('utf8') : content['text'];
    fields.set('body', text);
  }
  const requestHeaders = headerMap(request['headers']);
  for (const name of ['authorization', 'x-keap-api-key', 'x-api-key', 'cookie']) {
    const found = requestHeaders?.map.get(name);
    if (found !== undefined) fields.set(name, found);
  }
  const headers = headerMap(response['headers']);
  if (requestHeaders?.allText === false || headers?.allText === false) return notText(source, 'a HAR header value');
  return { kind: 'record', record: { source, fields, headers: headers?.map ?? new Map<string, string>() } };
}
