import type { SourceRef } from '../types.js';
import type { ReadItem } from './read-item.js';
import { headerMap, isObject } from './json-record.js';

/** Turns one HAR 1.2 entry (browser or mitmproxy export) into a raw record. */
export function recordFromHarEntry(entry: unknown, source: SourceRef): ReadItem {
  if (!isObject(entry) || !isObject(entry['request']) || !isObject(entry['response'])) {
    return {
      kind: 'skip',
      skip: { code: 'NOT_AN_OBJECT', source, detail: 'HAR entry without request and response objects' },
    };
  }
  const request = entry['request'];
  const response = entry['response'];
  const fields = new Map<string, string>();
  fields.set('startedDateTime', String(entry['startedDateTime'] ?? ''));
  fields.set('method', String(request['method'] ?? ''));
  fields.set('url', String(request['url'] ?? ''));
  fields.set('status', String(response['status'] ?? ''));
  const content = response['content'];
  if (isObject(content) && typeof content['text'] === 'string') {
    // HAR stores binary or compressed bodies base64-encoded; 429 bodies are short JSON either way.
    const text =
      content['encoding'] === 'base64' ? Buffer.from(content['text'], 'base64').toString('utf8') : content['text'];
    fields.set('body', text);
  }
  const requestHeaders = headerMap(request['headers']);
  for (const name of ['authorization', 'x-keap-api-key', 'x-api-key', 'cookie']) {
    const found = requestHeaders?.get(name);
    if (found !== undefined) fields.set(name, found);
  }
  const headers = headerMap(response['headers']) ?? new Map<string, string>();
  return { kind: 'record', record: { source, fields, headers } };
}
