import { describe, expect, it } from 'vitest';
import { recordFromHarEntry } from '../../src/read/har-record.js';
import { recordFromJson } from '../../src/read/json-record.js';

const source = { file: 'x.json', line: 3 };

describe('recordFromJson', () => {
  it('flattens nested request/response loggers (axios/guzzle style) and keeps headers apart', () => {
    const item = recordFromJson(
      {
        time: '2026-03-02T10:00:00Z',
        request: {
          method: 'POST',
          url: '/crm/rest/v2/contacts',
          headers: { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' },
        },
        response: {
          statusCode: 429,
          headers: [{ name: 'X-Keap-Product-Throttle-Used', value: '240' }],
          data: { code: '429', message: 'Quota Exceeded' },
        },
      },
      source,
    );
    expect(item.kind).toBe('record');
    if (item.kind !== 'record') return;
    expect(Object.fromEntries(item.record.fields)).toEqual({
      time: '2026-03-02T10:00:00Z',
      method: 'POST',
      url: '/crm/rest/v2/contacts',
      authorization: 'Bearer abcdefghijklmnopqrstuvwxyz',
      status: '429',
      body: '{"code":"429","message":"Quota Exceeded"}',
    });
    expect(Object.fromEntries(item.record.headers ?? [])).toEqual({ 'x-keap-product-throttle-used': '240' });
  });

  it('skips a non-object element with its line', () => {
    expect(recordFromJson([1, 2], source)).toEqual({
      kind: 'skip',
      skip: { code: 'NOT_AN_OBJECT', source, detail: 'a array where a record object was expected' },
    });
  });
});

describe('recordFromHarEntry', () => {
  it('decodes a base64 body, joins repeated headers and keeps the credential for fingerprinting', () => {
    const item = recordFromHarEntry(
      {
        startedDateTime: '2026-03-02T10:00:00.000Z',
        request: {
          method: 'GET',
          url: 'https://api.infusionsoft.com/crm/rest/v1/tags',
          headers: [{ name: 'X-Keap-API-Key', value: 'KeapAK-secret' }],
        },
        response: {
          status: 429,
          headers: [
            { name: 'Via', value: '1.1 google' },
            { name: 'via', value: '1.1 edge' },
          ],
          content: { encoding: 'base64', text: Buffer.from('{"code":"429"}').toString('base64') },
        },
      },
      source,
    );
    if (item.kind !== 'record') throw new Error('expected a record');
    expect(item.record.fields.get('body')).toBe('{"code":"429"}');
    expect(item.record.fields.get('x-keap-api-key')).toBe('KeapAK-secret');
    expect(item.record.headers?.get('via')).toBe('1.1 google, 1.1 edge');
  });

  it('skips an entry without a response', () => {
    expect(recordFromHarEntry({ request: {} }, source).kind).toBe('skip');
  });
});
