import axios from 'axios';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPacer, PacerError, startMockGateway } from '../../src/index.js';
import { KEAP_429_BODY, throttledBody } from '../../src/gateway/bodies.js';
import { arrivalGaps, gatewayOn, scaledClock, type GatewayLog } from './helpers.js';

const SECRET = 'KeapAK-clients-0123456789abcdefghijkl';
const AUTH = { authorization: `Bearer ${SECRET}` };
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A loopback server: `answer(attempt, body)` decides each reply; attempts counted per `x-call` header. */
async function server(
  answer: (attempt: number, body: string, req: IncomingMessage) => { status: number; body: string },
): Promise<{ url: string; seen: () => number }> {
  const attempts = new Map<string, number>();
  let seen = 0;
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen++;
      const call = String(req.headers['x-call'] ?? '');
      const attempt = (attempts.get(call) ?? 0) + 1;
      attempts.set(call, attempt);
      const reply = answer(attempt, body, req);
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  };
  const http = createServer(handle);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve()))));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, seen: () => seen };
}

const echoAfterOne429 = (attempt: number, body: string, req: IncomingMessage) =>
  attempt === 1
    ? { status: 429, body: KEAP_429_BODY }
    : { status: 200, body: JSON.stringify({ method: req.method, body }) };

describe('pacer.fetch as a drop-in fetch', () => {
  it('sends a retried POST with its body again, from init or from a Request', async () => {
    const { url, seen } = await server(echoAfterOne429);
    const pacer = createPacer({ rate: 25, processors: 1, clock: scaledClock(10) });
    const payload = JSON.stringify({ email: 'a@example.com' });
    const fromInit = await pacer.fetch(`${url}/contacts`, {
      method: 'POST',
      headers: { ...AUTH, 'x-call': 'init', 'content-type': 'application/json' },
      body: payload,
    });
    expect(fromInit.status).toBe(200);
    expect(await fromInit.json()).toEqual({ method: 'POST', body: payload });
    const request = new Request(`${url}/contacts`, {
      method: 'POST',
      headers: { ...AUTH, 'x-call': 'request' },
      body: payload,
    });
    const fromRequest = await pacer.fetch(request);
    expect(await fromRequest.json()).toEqual({ method: 'POST', body: payload });
    expect(seen()).toBe(4);
    expect(pacer.stats()).toMatchObject({ calls: 2, sent: 4, retries: 2, throttled: { spike: 2 }, failed: 0 });
  });

  it('gives back the last 429 once maxRetries run out', async () => {
    const { url, seen } = await server(() => ({ status: 429, body: KEAP_429_BODY }));
    const pacer = createPacer({ rate: 25, processors: 1, maxRetries: 2, clock: scaledClock(10) });
    const response = await pacer.fetch(url, { headers: { ...AUTH, 'x-call': 'always' } });
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ message: 'Quota Exceeded' });
    expect(seen()).toBe(3);
    expect(pacer.stats()).toMatchObject({ sent: 3, retries: 2, throttled: { spike: 3 } });
  });

  it('treats a 500 with a SpikeArrest fault as a 429 and learns N from it, and passes a plain 500 through', async () => {
    const fault = throttledBody('spike', { rate: 25, processors: 6 }, true, 'key#00000000');
    const { url, seen } = await server((attempt, _body, req) =>
      req.url === '/broken'
        ? { status: 500, body: '<html>Internal Server Error</html>' }
        : attempt === 1
          ? { status: 500, body: fault }
          : { status: 200, body: '{}' },
    );
    const pacer = createPacer({ clock: scaledClock(10) });
    expect((await pacer.fetch(`${url}/ok`, { headers: { ...AUTH, 'x-call': 'fault' } })).status).toBe(200);
    expect(pacer.stats().keys[0]).toMatchObject({
      source: 'fault',
      rate: 25,
      intervalMs: 240,
      processors: { estimate: 6 },
    });
    expect((await pacer.fetch(`${url}/broken`, { headers: { ...AUTH, 'x-call': 'broken' } })).status).toBe(500);
    expect(seen()).toBe(3);
    expect(pacer.stats()).toMatchObject({ retries: 1, throttled: { spike: 1 } });
  });

  it('rejects a queued call when its signal aborts, without sending it', async () => {
    const { url, seen } = await server(() => ({ status: 200, body: '{}' }));
    const clock = scaledClock(1);
    const pacer = createPacer({ rate: 1, processors: 1, clock });
    const first = pacer.fetch(url, { headers: AUTH });
    const controller = new AbortController();
    const second = pacer.fetch(url, { headers: AUTH, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect((await first).status).toBe(200);
    expect(seen()).toBe(1);
  });

  it('fails a call whose turn would come after its deadline', async () => {
    const { url, seen } = await server(() => ({ status: 200, body: '{}' }));
    const pacer = createPacer({ rate: 1, processors: 1, deadlineMs: 1500, clock: scaledClock(10) });
    const results = await Promise.allSettled([1, 2, 3].map(() => pacer.fetch(url, { headers: AUTH })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const reason = (results[2] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(PacerError);
    expect(reason).toMatchObject({ code: 'DEADLINE_EXCEEDED', attempts: 0 });
    expect(seen()).toBe(2);
  });

  it('paces in real time with the default clock (12 calls, 25/s over 6: at least 240 ms apart at the gateway)', async () => {
    const log: GatewayLog = { gateway: null as never, admissions: [] };
    const gateway = await startMockGateway({
      rate: 25,
      processors: 6,
      onAdmission: (admission) => log.admissions.push({ ...admission }),
    });
    cleanups.push(() => gateway.close());
    const pacer = createPacer({ rate: 25, processors: 6 });
    const statuses = await Promise.all(
      Array.from({ length: 12 }, async () => (await pacer.fetch(gateway.url, { headers: AUTH })).status),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(gateway.stats().spike).toBe(0);
    expect(Math.min(...arrivalGaps(log))).toBeGreaterThanOrEqual(240);
    const stats = JSON.stringify(pacer.stats());
    expect(stats).not.toContain(SECRET);
    expect(pacer.stats().keys[0]!.key).toMatch(/^key#[0-9a-f]{8}$/);
  });
});

describe('pacer.schedule for any client', () => {
  it('paces axios, reads the 429 axios throws, and retries it under the same key as fetch', async () => {
    const { url, seen } = await server(echoAfterOne429);
    const pacer = createPacer({ rate: 25, processors: 1, clock: scaledClock(10) });
    const client = axios.create({ baseURL: url, headers: AUTH });
    const response = await pacer.schedule(AUTH.authorization, () =>
      client.post('/contacts', { given_name: 'Ada' }, { headers: { 'x-call': 'axios' } }),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.data.body)).toEqual({ given_name: 'Ada' });
    expect(seen()).toBe(2);
    await pacer.fetch(url, { headers: { ...AUTH, 'x-call': 'same-key' } });
    expect(pacer.stats().keys).toHaveLength(1);
    expect(pacer.stats()).toMatchObject({ calls: 2, retries: 2, throttled: { spike: 2 } });
  });

  it('passes an error that carries no answer through, and runs fn once when it cannot be repeated', async () => {
    const pacer = createPacer({ rate: 25, processors: 1, clock: scaledClock(10) });
    await expect(pacer.schedule('worker-1', () => Promise.reject(new Error('socket hang up')))).rejects.toThrow(
      'socket hang up',
    );
    let calls = 0;
    const answer = await pacer.schedule(
      'worker-1',
      async () => (calls++, { status: 429, headers: {}, data: KEAP_429_BODY }),
      { retry: false },
    );
    expect(answer.status).toBe(429);
    expect(calls).toBe(1);
    expect(pacer.stats()).toMatchObject({ failed: 1, throttled: { spike: 1 }, retries: 0 });
  });
});

describe('throughput mode', () => {
  it('with 2 in flight per key and a 15 % target, sends about one per 120 ms and retries the 429s', async () => {
    const clock = scaledClock(4);
    const log = await gatewayOn(clock);
    cleanups.push(() => log.gateway.close());
    const pacer = createPacer({
      rate: 25,
      processors: 6,
      mode: 'throughput',
      targetShare: 0.15,
      concurrency: 2,
      clock,
    });
    const statuses = await Promise.all(
      Array.from({ length: 60 }, async () => {
        const response = await pacer.fetch(log.gateway.url, { headers: AUTH });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(60);
    const stats = log.gateway.stats();
    expect(stats.accepted).toBe(60);
    expect(stats.spike).toBeGreaterThan(0);
    expect(stats.spike / (stats.accepted + stats.spike)).toBeLessThan(0.35);
    expect(pacer.stats().keys[0]!.spacingMs).toBe(120);
  });
});
