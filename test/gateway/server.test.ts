import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockGateway, type MockGateway, type MockGatewayOptions } from '../../src/index.js';
import { readBody } from '../../src/normalise/body.js';
import { readCounters } from '../../src/normalise/counters.js';

const SECRET = 'KeapAK-0123456789abcdefghijklmnopqrstuvwxyz';
const NOW = Date.UTC(2026, 10, 30, 13, 38, 22);
const open: MockGateway[] = [];

async function gateway(options: MockGatewayOptions): Promise<MockGateway> {
  const started = await startMockGateway(options);
  open.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((g) => g.close()));
});

function call(url: string, headers: Record<string, string> = { authorization: `Bearer ${SECRET}` }, method = 'GET') {
  return fetch(url, { method, headers });
}

describe('mock gateway over HTTP', () => {
  it('binds to 127.0.0.1 and answers any path with a small JSON body and the x-keap-* header set', async () => {
    const g = await gateway({ rate: 25, processors: 6, perMinute: 1500, perDay: 150_000, now: () => NOW });
    expect(g.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await call(`${g.url}/crm/rest/v1/contacts?limit=1&access_token=${SECRET}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ method: 'GET', path: '/crm/rest/v1/contacts' });
    const h = Object.fromEntries(response.headers);
    expect(h).toMatchObject({
      'x-keap-product-spike-limit': '25ps',
      'x-keap-product-throttle-limit': '1500',
      'x-keap-product-throttle-time-unit': 'minute',
      'x-keap-product-throttle-interval': '1',
      'x-keap-product-throttle-available': '1499',
      'x-keap-product-throttle-used': '1',
      'x-keap-product-quota-limit': '150000',
      'x-keap-product-quota-time-unit': 'day',
      'x-keap-product-quota-interval': '1',
      'x-keap-product-quota-available': '149999',
      'x-keap-product-quota-used': '1',
      // The next 00:00 UTC in epoch ms, as real-samples H1 shows it.
      'x-keap-product-quota-expiry-time': String(Date.UTC(2026, 11, 1)),
      'x-keap-tenant-id': 'mock.infusionsoft.com',
      'x-keap-tenant-throttle-limit': '10000|250000',
      'x-keap-tenant-throttle-time-unit': 'minute|day',
      'x-keap-tenant-throttle-interval': '1|1',
      'x-keap-tenant-throttle-available': '9999|249999',
      'x-keap-tenant-throttle-used': '1|1',
    });
    expect(h['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // The project's own header reader understands every family.
    const counters = readCounters(new Map(Object.entries(h)));
    expect(counters.productQuota?.expiryMs).toBe(Date.UTC(2026, 11, 1));
    expect(counters.tenantDay?.limit).toBe(250_000);
    expect(counters.spikeLimit?.rate).toBe(25);
  });

  it('answers a spike rejection with 429 and Keap generic body, counters untouched', async () => {
    const g = await gateway({ rate: 1, processors: 1, now: () => NOW });
    expect((await call(g.url)).status).toBe(200);
    const rejected = await call(g.url);
    expect(rejected.status).toBe(429);
    expect(await rejected.text()).toBe(
      '{"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}',
    );
    expect(rejected.headers.get('x-keap-product-throttle-used')).toBe('1');
    expect(rejected.headers.get('x-keap-product-quota-used')).toBe('1');
    expect(g.stats()).toMatchObject({ accepted: 1, spike: 1 });
  });

  it("with faults answers Apigee's SpikeArrest fault whose MessageRate carries the processor count", async () => {
    const g = await gateway({ rate: 25, processors: 6, faults: true, now: () => NOW });
    await call(g.url);
    const statuses: number[] = [];
    let faultBody = '';
    for (let i = 0; i < 30 && !faultBody; i++) {
      const response = await call(g.url);
      statuses.push(response.status);
      if (response.status === 429) faultBody = await response.text();
    }
    expect(faultBody).toBe(
      '{"fault":{"faultstring":"Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=25, periodInMicroseconds=6000000, maxBurstMessageCount=1.0}","detail":{"errorcode":"policies.ratelimit.SpikeArrestViolation"}}}',
    );
    const parsed = readBody(faultBody);
    expect(parsed.kind === 'spike-arrest' && parsed.messageRate).toEqual({
      messagesPerPeriod: 25,
      periodMicros: 6_000_000,
      maxBurst: 1,
    });
  });

  it('answers quota exhaustion with 429, available 0 and (with faults) a QuotaViolation', async () => {
    let now = NOW;
    const g = await gateway({ rate: 1000, processors: 1, perMinute: 2, faults: true, now: () => (now += 1000) });
    expect((await call(g.url)).status).toBe(200);
    expect((await call(g.url)).status).toBe(200);
    const full = await call(g.url);
    expect(full.status).toBe(429);
    expect(full.headers.get('x-keap-product-throttle-available')).toBe('0');
    const body = readBody(await full.text());
    expect(body.kind).toBe('quota-violation');
    expect(JSON.stringify(body)).not.toContain(SECRET);
    expect(g.stats()['product-minute']).toBe(1);
  });

  it('identifies the key from Authorization: Bearer or X-Keap-API-Key (the same secret is the same bucket)', async () => {
    const g = await gateway({ rate: 1, processors: 1, now: () => NOW });
    expect((await call(g.url, { authorization: `Bearer ${SECRET}` })).status).toBe(200);
    expect((await call(g.url, { 'x-keap-api-key': SECRET })).status).toBe(429);
    expect((await call(g.url, { 'x-keap-api-key': 'another-key-of-the-tenant' })).status).toBe(200);
  });

  it('answers 401 with blank counters to a request without a key, and counts it in no limit', async () => {
    const g = await gateway({ now: () => NOW });
    const response = await call(g.url, {});
    expect(response.status).toBe(401);
    expect(readBody(await response.text()).kind).toBe('auth-fault');
    expect(response.headers.get('x-keap-product-quota-used')).toBe('');
    expect(response.headers.get('x-keap-tenant-throttle-used')).toBe('|');
    expect((await call(g.url, { authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(401);
    expect(g.stats()).toMatchObject({ accepted: 0, unauthenticated: 2 });
  });

  it('never echoes the key in headers or body', async () => {
    const g = await gateway({ rate: 1, processors: 1, faults: true, now: () => NOW });
    for (let i = 0; i < 3; i++) {
      const response = await call(`${g.url}/v1/x?api_key=${SECRET}`);
      const text = `${[...response.headers].join('\n')}\n${await response.text()}`;
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SECRET.slice(7, 30));
    }
  });

  it('answers CORS preflights without counting them and exposes the x-keap-* headers to pages', async () => {
    const g = await gateway({ now: () => NOW });
    const preflight = await fetch(g.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:1',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization');
    const response = await call(g.url);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(', ');
    expect(exposed).toEqual(
      expect.arrayContaining(['x-keap-product-quota-expiry-time', 'x-keap-tenant-throttle-used']),
    );
    expect(g.stats()).toMatchObject({ preflight: 1, accepted: 1 });
  });

  it('waits the configured latency before answering', async () => {
    const g = await gateway({ latencyMs: 120 });
    const started = performance.now();
    await (await call(g.url)).text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('closes with keep-alive connections and answers still pending', async () => {
    const g = await startMockGateway({ latencyMs: 60_000 });
    const pending = new Promise<string>((resolve) => {
      const req = request(g.url, { headers: { authorization: `Bearer ${SECRET}` } });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      req.on('response', () => resolve('answered'));
      req.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await g.close();
    expect(await pending).toBe('ECONNRESET');
  });

  it('refuses impossible limits', async () => {
    await expect(startMockGateway({ processors: 0 })).rejects.toThrow(/processors/);
    await expect(startMockGateway({ rate: -1 })).rejects.toThrow(/rate/);
    await expect(startMockGateway({ perMinute: 1.5 })).rejects.toThrow(/perMinute/);
  });
});
