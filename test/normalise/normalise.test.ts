import { describe, expect, it } from 'vitest';
import { createNormaliser } from '../../src/normalise/normalise.js';
import { parseHeaderBlock } from '../../src/normalise/header-block.js';
import { mapColumns } from '../../src/normalise/columns.js';
import type { RawRecord } from '../../src/types.js';

const record = (fields: Record<string, string>, headers?: Record<string, string>): RawRecord => ({
  source: { file: 'log.csv', line: 7 },
  fields: new Map(Object.entries(fields)),
  ...(headers && { headers: new Map(Object.entries(headers)) }),
});
const normalise = createNormaliser({ zone: null });

describe('mapColumns', () => {
  it('finds aliases in any case and spelling', () => {
    expect(
      mapColumns([
        'Logged_At',
        'HTTP Status',
        'Request-Method',
        'Request_URL',
        'X-Request-Id',
        'Response Body',
        'Key Name',
      ]),
    ).toEqual({
      time: 'Logged_At',
      status: 'HTTP Status',
      method: 'Request-Method',
      url: 'Request_URL',
      requestId: 'X-Request-Id',
      body: 'Response Body',
      key: 'Key Name',
    });
  });
});

describe('parseHeaderBlock', () => {
  it('reads a raw block with a status line and CRLF, and a JSON object', () => {
    const raw = parseHeaderBlock(
      'HTTP/1.1 429 Too Many Requests\r\nX-Keap-Product-Throttle-Used: 240\r\nDate: Wed, 14 Aug 2024 13:38:22 GMT',
    );
    expect([...(raw ?? [])]).toEqual([
      ['x-keap-product-throttle-used', '240'],
      ['date', 'Wed, 14 Aug 2024 13:38:22 GMT'],
    ]);
    expect(parseHeaderBlock('{"X-Keap-Tenant-Id":"ab1.infusionsoft.com"}')?.get('x-keap-tenant-id')).toBe(
      'ab1.infusionsoft.com',
    );
  });

  it('refuses (null) a JSON cell whose header values are objects, or nest absurdly deep', () => {
    expect(parseHeaderBlock('{"x-keap-tenant-id":{"toString":1}}')).toBeNull();
    expect(parseHeaderBlock(`{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)).toBeNull();
  });
});

describe('createNormaliser', () => {
  it('builds a typed event from header columns, redacting the URL and fingerprinting the key', () => {
    const result = normalise(
      record({
        ts: '2026-02-18T14:00:05.007Z',
        method: 'post',
        url: 'https://api.infusionsoft.com/crm/rest/v1/contacts?access_token=zzz',
        status: '429',
        token: 'KeapAK-0123456789abcdef0123456789abcdef',
        'x-keap-product-throttle-limit': '240',
        'x-keap-product-throttle-used': '12',
        body: '{"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}',
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { event } = result;
    expect(event.ts).toBe(Date.UTC(2026, 1, 18, 14, 0, 5, 7));
    expect(event.status).toBe(429);
    expect(event.method).toBe('POST');
    expect(event.path).toBe('/crm/rest/v1/contacts?access_token=[redacted]');
    expect(event.keyId).toMatch(/^key#[0-9a-f]{8}$/);
    expect(event.counters.productThrottle?.used).toBe(12);
    expect(event.body.kind).toBe('keap-generic');
    expect(event.source).toEqual({ file: 'log.csv', line: 7 });
  });

  it('falls back to the date header when the time column is blank', () => {
    const result = normalise(record({ ts: '', status: '200' }, { date: 'Wed, 14 Aug 2024 13:38:22 GMT' }));
    expect(result.ok && result.event.tsFrom).toBe('date-header');
    expect(result.ok && result.event.ts).toBe(Date.UTC(2024, 7, 14, 13, 38, 22));
  });

  it.each([
    [{ ts: '2026-01-01T00:00:00Z', status: 'abc' }, 'BAD_STATUS'],
    [{ ts: '2026-01-01T00:00:00Z', status: '' }, 'NO_STATUS'],
    [{ ts: '2026-01-01T00:00:00Z', status: '999' }, 'BAD_STATUS'],
    [{ ts: 'soon', status: '200' }, 'BAD_TIMESTAMP'],
    [{ ts: '2026-01-01 00:00:00', status: '200' }, 'TIMESTAMP_WITHOUT_ZONE'],
    [{ status: '200' }, 'NO_TIMESTAMP'],
  ])('skips %j as %s with its line', (fields, code) => {
    const result = normalise(record(fields));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.skip.code).toBe(code);
      expect(result.skip.source.line).toBe(7);
    }
  });
});
