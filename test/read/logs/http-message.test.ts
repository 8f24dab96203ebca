import { describe, expect, it } from 'vitest';
import { parseHttpMessage } from '../../../src/read/logs/http-message.js';

describe('parseHttpMessage', () => {
  it('reads a response with real line breaks: status, headers (repeats joined), body', () => {
    const message = parseHttpMessage(
      'HTTP/1.1 429 Too Many Requests\r\nDate: Tue, 01 Dec 2026 08:50:27 GMT\r\nVia: a\r\nvia: b\r\n\r\n{"code":"429"}\n',
    );
    expect(message).toEqual({
      status: '429',
      requestLine: null,
      headers: new Map([
        ['date', 'Tue, 01 Dec 2026 08:50:27 GMT'],
        ['via', 'a, b'],
      ]),
      body: '{"code":"429"}',
    });
  });

  it("reads Monolog's flattened dump: headers split at names, the body after the blank line's two spaces, empty values kept", () => {
    const message = parseHttpMessage(
      ' HTTP/1.1 429 Too Many Requests Content-Length: 85 x-keap-product-spike-limit:  x-keap-product-throttle-limit: 240 Date: Tue, 01 Dec 2026 08:50:27 GMT Connection: close  {"code":"429","message":"Quota Exceeded"} ',
    );
    expect(message?.status).toBe('429');
    expect([...(message?.headers ?? [])]).toEqual([
      ['content-length', '85'],
      ['x-keap-product-spike-limit', ''],
      ['x-keap-product-throttle-limit', '240'],
      ['date', 'Tue, 01 Dec 2026 08:50:27 GMT'],
      ['connection', 'close'],
    ]);
    expect(message?.body).toBe('{"code":"429","message":"Quota Exceeded"}');
  });

  it('reads a request line and its headers, flattened or not, and refuses other text', () => {
    const request = parseHttpMessage(
      'POST /crm/rest/v1/orders HTTP/1.1 Content-Length: 2 Authorization: Bearer abc Host: api.infusionsoft.com  {}',
    );
    expect(request?.requestLine).toEqual({ method: 'POST', target: '/crm/rest/v1/orders' });
    expect(request?.headers.get('host')).toBe('api.infusionsoft.com');
    expect(request?.headers.get('authorization')).toBe('Bearer abc');
    expect(parseHttpMessage('GET /x HTTP/2\nHost: h\n\n')?.requestLine).toEqual({ method: 'GET', target: '/x' });
    expect(parseHttpMessage('Submitting order batch')).toBeNull();
  });
});
