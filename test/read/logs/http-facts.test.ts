import { describe, expect, it } from 'vitest';
import { httpFacts } from '../../../src/read/logs/http-facts.js';
import { notKeapCall } from '../../../src/read/logs/keap-call.js';

const SPIKE_CUT =
  '{"fault":{"faultstring":"Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=25, periodInMicroseconds=6 (truncated...)';

describe('httpFacts', () => {
  it("reads Guzzle's RequestException with its body cut at 120 characters, and marks the body incomplete", () => {
    const facts = httpFacts(
      `Client error: \`POST https://api.infusionsoft.com/crm/rest/v1/orders/1/payments\` resulted in a \`429 Too Many Requests\` response:\n${SPIKE_CUT}\n {"exception":"[object] (GuzzleHttp\\\\Exception\\\\ClientException(code: 429): …"}`,
    );
    expect(facts).toMatchObject({
      role: 'exception',
      method: 'POST',
      url: 'https://api.infusionsoft.com/crm/rest/v1/orders/1/payments',
      status: '429',
      body: SPIKE_CUT,
      bodyComplete: false,
    });
  });

  it('reads a complete Guzzle body on the same line (Monolog without inline line breaks)', () => {
    const facts = httpFacts(
      'Client error: `GET https://api.infusionsoft.com/crm/rest/v1/contacts` resulted in a `429 Too Many Requests` response: {"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}  {"exception":"[object] (…)"} []',
    );
    expect(facts.body).toBe('{"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}');
    expect(facts.bodyComplete).toBe(true);
  });

  it('finds the Guzzle message inside the JSON-escaped exception context when the message is the app’s own', () => {
    const facts = httpFacts(
      'Keap sync failed {"exception":"[object] (GuzzleHttp\\\\Exception\\\\ClientException(code: 429): Client error: `POST https://api.infusionsoft.com/crm/rest/v1/orders` resulted in a `429 Too Many Requests` response:\\n{\\"code\\":\\"429\\"}\\n at /app/vendor/guzzlehttp/guzzle/src/Exception/RequestException.php:113)"} []',
    );
    expect(facts).toMatchObject({ role: 'exception', method: 'POST', status: '429', body: '{"code":"429"}' });
    expect(
      httpFacts('Sync failed {"exception":"[object] (GuzzleHttp\\\\Exception\\\\ClientException(code: 404): x"}'),
    ).toMatchObject({ role: 'exception', status: '404', url: null });
  });

  it("reads Guzzle's DEBUG dump: the request's method, target, host and credential, the response's status, headers and body", () => {
    const facts = httpFacts(
      '>>>>>>>> POST /crm/rest/v1/orders HTTP/1.1 Content-Length: 2 Authorization: Bearer KeapAK-secret Host: api.infusionsoft.com  {} <<<<<<<< HTTP/1.1 429 Too Many Requests x-keap-product-throttle-available: 237 Date: Tue, 01 Dec 2026 08:50:27 GMT  {"code":"429"} -------- NULL [] []',
    );
    expect(facts).toMatchObject({
      role: 'wire',
      method: 'POST',
      url: '/crm/rest/v1/orders',
      host: 'api.infusionsoft.com',
      status: '429',
      credential: { name: 'authorization', value: 'Bearer KeapAK-secret' },
      body: '{"code":"429"}',
    });
    expect(facts.headers.get('x-keap-product-throttle-available')).toBe('237');
  });

  it("reads requests' and httpx's errors, urllib3's request line and an app line with str(headers)", () => {
    expect(
      httpFacts(
        'keap_sync: failed: 429 Client Error: Too Many Requests for url: https://api.infusionsoft.com/crm/rest/v1/x',
      ),
    ).toMatchObject({ role: 'exception', status: '429', url: 'https://api.infusionsoft.com/crm/rest/v1/x' });
    expect(
      httpFacts(
        "keap - ERROR - Client error '429 Too Many Requests' for url 'https://api.keap.com/crm/rest/v1/contacts?limit=5'",
      ),
    ).toMatchObject({ role: 'exception', status: '429', url: 'https://api.keap.com/crm/rest/v1/contacts?limit=5' });
    expect(
      httpFacts('urllib3.connectionpool: https://api.infusionsoft.com:443 "POST /crm/rest/v1/orders HTTP/1.1" 429 85'),
    ).toMatchObject({
      role: 'wire',
      method: 'POST',
      url: '/crm/rest/v1/orders',
      host: 'api.infusionsoft.com',
      status: '429',
    });
    const line = httpFacts(
      "keap_sync: POST https://api.infusionsoft.com/crm/rest/v1/contacts/102/tags -> 429 headers={'Date': 'Tue, 01 Dec 2026 08:51:11 GMT', 'x-keap-product-quota-used': '1202'}",
    );
    expect(line).toMatchObject({ role: 'response', method: 'POST', status: '429' });
    expect(line.headers.get('x-keap-product-quota-used')).toBe('1202');
  });

  it('takes a printed Keap body or a bare fault string as the body, and says nothing about lines without a call', () => {
    expect(httpFacts("got 429 {'code': '429', 'message': 'Quota Exceeded', 'details': None}").body).toBe(
      '{"code":"429","message":"Quota Exceeded","details":null}',
    );
    expect(httpFacts('Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=5}').body).toMatch(/^Spike/);
    expect(httpFacts('Submitting order batch {"step":1}').role).toBeNull();
    expect(httpFacts('Order 429 saved').role).toBeNull();
  });
});

describe('notKeapCall', () => {
  it('keeps Keap hosts and Keap paths on any host, sets aside other hosts and lines with nothing to use', () => {
    expect(notKeapCall(httpFacts('POST https://api.stripe.com/v1/charges -> 429'))).toBe('other-host');
    expect(notKeapCall(httpFacts('POST https://api.infusionsoft.com/crm/rest/v1/orders -> 429'))).toBeNull();
    expect(notKeapCall(httpFacts('POST http://127.0.0.1:8080/crm/rest/v1/orders -> 429'))).toBeNull();
    expect(notKeapCall(httpFacts('POST https://ab123.infusionsoft.com/api/xmlrpc -> 500'))).toBeNull();
    expect(notKeapCall(httpFacts('PATCH https://api.infusionsoft.com/crm/rest/v1/contacts/9 status=poor'))).toBe(
      'nothing-to-use',
    );
  });
});
