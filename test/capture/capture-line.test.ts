import { describe, expect, it } from 'vitest';
import { captureLine, type Exchange } from '../../src/capture/capture-line.js';
import { keyIdentity } from '../../src/normalise/redact.js';
import { schemaErrors } from './capture-schema.js';

const SECRET = 'KeapAK-5f4dcc3b5aa765d61d8327deb882cf99abcdef';

function exchange(overrides: Partial<Exchange> = {}): Exchange {
  return {
    sentMs: Date.UTC(2026, 10, 30, 9, 0, 0, 5),
    receivedMs: Date.UTC(2026, 10, 30, 9, 0, 0, 47),
    method: 'post',
    url: 'https://api.infusionsoft.com/crm/rest/v1/orders?limit=5',
    status: 200,
    requestHeader: (name) => (name === 'authorization' ? `Bearer ${SECRET}` : undefined),
    responseHeaders: [
      ['X-Keap-Product-Throttle-Used', '3'],
      ['Set-Cookie', 'session=abc123'],
      ['Date', 'Mon, 30 Nov 2026 09:00:00 GMT'],
      ['content-type', 'application/json'],
      ['x-request-id', 'cc0928de-3340-4c44-aaf6-ee9b6541baa9'],
    ],
    body: '{"id":1}',
    ...overrides,
  };
}

describe('capture line', () => {
  it('writes times in ISO UTC with ms, the method upper-case, the kept headers and a key fingerprint', () => {
    const line = captureLine(exchange());
    expect(line).toEqual({
      sent_at: '2026-11-30T09:00:00.005Z',
      received_at: '2026-11-30T09:00:00.047Z',
      duration_ms: 42,
      method: 'POST',
      url: 'https://api.infusionsoft.com/crm/rest/v1/orders?limit=5',
      status: 200,
      key: keyIdentity(SECRET, true),
      response_headers: {
        'x-keap-product-throttle-used': '3',
        date: 'Mon, 30 Nov 2026 09:00:00 GMT',
        'x-request-id': 'cc0928de-3340-4c44-aaf6-ee9b6541baa9',
      },
    });
    expect(line.key).toMatch(/^key#[0-9a-f]{8}$/);
    expect(schemaErrors(line)).toEqual([]);
  });

  it('fingerprints X-Keap-API-Key like the same secret sent as a Bearer token', () => {
    const line = captureLine(exchange({ requestHeader: (name) => (name === 'x-keap-api-key' ? SECRET : null) }));
    expect(line.key).toBe(captureLine(exchange()).key);
    expect(captureLine(exchange({ requestHeader: () => undefined })).key).toBeNull();
  });

  it('removes user:password and credential parameters from the URL', () => {
    const line = captureLine(
      exchange({ url: `https://me:hunter2@api.infusionsoft.com/crm/rest/v1/contacts?access_token=${SECRET}&limit=2` }),
    );
    expect(line.url).toBe('https://api.infusionsoft.com/crm/rest/v1/contacts?access_token=[redacted]&limit=2');
    expect(JSON.stringify(line)).not.toMatch(/hunter2|KeapAK/);
  });

  it('keeps the body of a non-2xx response only, redacted and capped at 4096 characters', () => {
    const fault = '{"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}';
    expect(captureLine(exchange({ status: 429, body: fault })).response_body).toBe(fault);
    expect(captureLine(exchange({ status: 200, body: fault }))).not.toHaveProperty('response_body');
    const leaky = captureLine(exchange({ status: 400, body: `{"error":"bad","echo":"Bearer ${SECRET}"}` }));
    expect(leaky.response_body).not.toContain(SECRET);
    const long = captureLine(exchange({ status: 500, body: 'x'.repeat(5000) }));
    expect(long.response_body).toHaveLength(4096);
    expect(long.response_body_truncated).toBe(true);
    expect(schemaErrors(long)).toEqual([]);
  });

  it('records an exchange without a status (the client hung up) and a proxy error', () => {
    const line = captureLine(
      exchange({ status: null, receivedMs: null, responseHeaders: [], proxyError: 'the client closed the connection' }),
    );
    expect(line).toMatchObject({ status: null, received_at: null, duration_ms: null });
    expect(line.proxy_error).toBe('the client closed the connection');
    expect(schemaErrors(line)).toEqual([]);
  });
});

describe('capture line schema', () => {
  const valid = captureLine(exchange());
  it.each([
    ['a URL with a password', { ...valid, url: 'https://me:pw@api.infusionsoft.com/x' }],
    ['a raw key instead of a fingerprint', { ...valid, key: SECRET }],
    ['a local time without zone', { ...valid, sent_at: '2026-11-30 09:00:00' }],
    ['a cookie header', { ...valid, response_headers: { 'set-cookie': 'a=b' } }],
    ['an unknown field', { ...valid, authorization: 'Bearer x' }],
    ['a status that is not HTTP', { ...valid, status: 42 }],
  ])('refuses %s', (_name, line) => {
    expect(schemaErrors(line)).not.toEqual([]);
  });
});
