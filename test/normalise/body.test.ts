import { describe, expect, it } from 'vitest';
import { readBody } from '../../src/normalise/body.js';

describe('readBody', () => {
  it('reads Keap generic 429 JSON with its string code', () => {
    expect(readBody('{"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}')).toEqual({
      kind: 'keap-generic',
      code: '429',
      message: 'Quota Exceeded',
      status: 'Request Throttled',
    });
  });

  it('reads the Python dict print of the same body from the seed thread (curly quotes, None)', () => {
    const body = readBody(
      '{‘code’: ‘429’, ‘message’: ‘Quota Exceeded’, ‘status’: ‘Request Throttled’, ‘details’: None}',
    );
    expect(body).toEqual({ kind: 'keap-generic', code: '429', message: 'Quota Exceeded', status: 'Request Throttled' });
  });

  it('reads a SpikeArrest fault and its MessageRate (thread 88137)', () => {
    const body = readBody(
      '{"fault":{"faultstring":"Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=25, periodInMicroseconds=6000000, maxBurstMessageCount=1.0}","detail":{"errorcode":"policies.ratelimit.SpikeArrestViolation"}}}',
    );
    expect(body.kind).toBe('spike-arrest');
    if (body.kind === 'spike-arrest')
      expect(body.messageRate).toEqual({ messagesPerPeriod: 25, periodMicros: 6_000_000, maxBurst: 1 });
  });

  it('reads the 100ps fractional burst (Google forum)', () => {
    const body = readBody(
      '{"fault":{"faultstring":"Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=100, periodInMicroseconds=6000000, maxBurstMessageCount=1.6666666666666667}","detail":{"errorcode":"policies.ratelimit.SpikeArrestViolation"}}}',
    );
    expect(body.kind === 'spike-arrest' && body.messageRate?.maxBurst).toBeCloseTo(1.6667, 4);
  });

  it('reads the 2020 QuotaViolation with its identifier', () => {
    const body = readBody(
      '{"fault":{"faultstring":"Rate limit quota violation. Quota limit exceeded. Identifier : 2r42xxxxxxxxxxxx2","detail":{"errorcode":"policies.ratelimit.QuotaViolation"}}}',
    );
    // Apigee puts the client id or key there: only its fingerprint is kept, and the fault string is redacted.
    expect(body).toMatchObject({ kind: 'quota-violation', identifier: expect.stringMatching(/^key#[0-9a-f]{8}$/) });
    expect(JSON.stringify(body)).not.toContain('2r42xxxxxxxxxxxx2');
  });

  it('separates auth faults from throttling', () => {
    expect(
      readBody(
        '{"fault":{"faultstring":"Invalid Access Token","detail":{"errorcode":"keymanagement.service.invalid_access_token"}}}',
      ),
    ).toMatchObject({ kind: 'auth-fault', errorcode: 'keymanagement.service.invalid_access_token' });
    expect(
      readBody('{"fault":{"faultstring":"Invalid access token","detail":{"errorcode":"oauth.v2.InvalidAccessToken"}}}')
        .kind,
    ).toBe('auth-fault');
  });

  it('reads the XML-RPC credit-bank fault string', () => {
    const body = readBody(
      '<methodResponse><fault><value><struct><member><name>faultString</name><value>[500] com.infusionsoft.throttle.ThrottlingException: Maximum number of threads throttled</value></member></struct></value></fault></methodResponse>',
    );
    expect(body).toEqual({
      kind: 'xmlrpc-throttle',
      faultString: '[500] com.infusionsoft.throttle.ThrottlingException: Maximum number of threads throttled',
    });
  });

  it('reads gateway spike messages (microgateway, Gravitee)', () => {
    expect(readBody('{"message":"SpikeArrest engaged","status":503}').kind).toBe('gateway-spike');
    expect(readBody('Spike limit exceeded! You reached the limit of 1 requests per 100 ms.').kind).toBe(
      'gateway-spike',
    );
  });

  it('keeps a short redacted excerpt of unknown text and nothing for an empty body', () => {
    expect(readBody('   ')).toEqual({ kind: 'none' });
    const body = readBody(`upstream error for token Bearer abcdefghijklmnop ${'x'.repeat(500)}`);
    expect(body.kind).toBe('other');
    if (body.kind === 'other') {
      expect(body.excerpt.length).toBe(160);
      expect(body.excerpt).not.toContain('abcdefghijklmnop');
    }
  });
});
