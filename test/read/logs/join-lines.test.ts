import { describe, expect, it } from 'vitest';
import type { ReadItem } from '../../../src/read/read-item.js';
import { httpFacts } from '../../../src/read/logs/http-facts.js';
import { createLineJoiner } from '../../../src/read/logs/join-lines.js';

const at = (second: number) => `2026-12-01 08:51:${String(second).padStart(2, '0')},100`;
const URL = 'https://api.infusionsoft.com/crm/rest/v1/contacts/7/tags';
const wire = (status = 429, path = '/crm/rest/v1/contacts/7/tags') =>
  httpFacts(`urllib3: https://api.infusionsoft.com:443 "POST ${path} HTTP/1.1" ${status} 85`);
const response = (status = 429) =>
  httpFacts(`POST ${URL} -> ${status} headers={'Date': 'x', 'x-keap-product-quota-used': '3'}`);
const exception = (status = 429) => httpFacts(`${status} Client Error: Too Many Requests for url: ${URL}`);

function run(lines: [number, number, ReturnType<typeof httpFacts>][]): string[] {
  const joiner = createLineJoiner();
  const items: ReadItem[] = [];
  for (const [line, second, facts] of lines)
    items.push(...joiner.add({ source: { file: 'a.log', line }, time: at(second), facts }));
  items.push(...joiner.flush());
  return items.map((item) =>
    item.kind === 'record'
      ? `record@${item.record.source.line}:${item.record.fields.get('status')}:${item.record.headers?.get('x-keap-product-quota-used') ?? '-'}`
      : item.kind === 'aside'
        ? `${item.aside.code}@${item.aside.source.line}→${item.aside.into?.line}`
        : 'skip',
  );
}

describe('createLineJoiner', () => {
  it("joins the client's line, the app's response line and the exception for one call into one record", () => {
    expect(
      run([
        [1, 0, wire()],
        [2, 0, response()],
        [3, 0, exception()],
      ]),
    ).toEqual(['JOINED@2→1', 'JOINED@3→1', 'record@1:429:3']);
  });

  it('keeps two calls to the same URL apart: each role joins a call once, in order', () => {
    expect(
      run([
        [1, 0, wire()],
        [2, 0, exception()],
        [3, 0, wire()],
        [4, 0, exception()],
        [5, 1, exception()],
      ]),
    ).toEqual(['JOINED@2→1', 'JOINED@4→3', 'record@1:429:-', 'record@3:429:-', 'record@5:429:-']);
  });

  it('never joins lines with different statuses, different paths, or more than the window apart', () => {
    expect(
      run([
        [1, 0, response(200)],
        [2, 0, exception(429)],
      ]),
    ).toEqual(['record@1:200:3', 'record@2:429:-']);
    expect(
      run([
        [1, 0, wire(429, '/crm/rest/v1/orders')],
        [2, 0, exception()],
      ]),
    ).toEqual(['record@1:429:-', 'record@2:429:-']);
    expect(
      run([
        [1, 0, response()],
        [2, 5, exception()],
      ]),
    ).toEqual(['record@1:429:3', 'record@2:429:-']);
  });
});
