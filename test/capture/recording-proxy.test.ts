import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCaptureLog, startMockGateway, startRecordingProxy, type RecordingProxy } from '../../src/index.js';
import { analyzeJson } from '../helpers/run-bin.js';
import { fileSchemaErrors, parseLines } from './capture-schema.js';

const SECRET = 'KeapAK-proxy-0123456789abcdefghijklmnopqrstu';
const AUTH = { authorization: `Bearer ${SECRET}` };
let dir: string;
const cleanups: Array<() => Promise<unknown>> = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-proxy-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function proxyTo(target: string): Promise<{ proxy: RecordingProxy; out: string }> {
  const out = join(dir, 'recorded.ndjson');
  const log = createCaptureLog(out);
  const proxy = await startRecordingProxy({ target, log });
  cleanups.push(async () => {
    await proxy.close();
    await log.close();
  });
  return { proxy, out };
}

async function upstream(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('recording proxy', () => {
  it('passes the answer through unchanged and records one redacted line per exchange that analyze reads', async () => {
    const gateway = await startMockGateway({ rate: 2, processors: 1 });
    cleanups.push(() => gateway.close());
    const { proxy, out } = await proxyTo(gateway.url);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${proxy.url}/crm/rest/v1/contacts?access_token=${SECRET}&limit=${i}`, {
        headers: AUTH,
      });
      seen.push(response.status);
      const text = await response.text();
      if (response.status === 429)
        expect(text).toBe('{"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}');
      expect(response.headers.get('x-keap-product-spike-limit')).toBe('2ps');
    }
    expect(seen.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(fileSchemaErrors(text)).toEqual([]);
    const lines = parseLines(text);
    expect(lines.map((l) => l['status'])).toEqual(seen);
    expect(lines[1]).toMatchObject({
      method: 'GET',
      url: `${gateway.url}/crm/rest/v1/contacts?access_token=[redacted]&limit=1`,
      key: expect.stringMatching(/^key#[0-9a-f]{8}$/),
    });
    const rejected = lines.find((l) => l['status'] === 429);
    expect(rejected?.['response_body']).toBe(
      '{"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}',
    );
    expect(Object.keys(rejected?.['response_headers'] ?? {})).toEqual(
      expect.arrayContaining([
        'x-keap-product-quota-expiry-time',
        'x-keap-tenant-throttle-used',
        'x-request-id',
        'date',
      ]),
    );

    const { json, result } = await analyzeJson([out]);
    expect(result.code).toBe(0);
    expect(json.input.rows).toEqual({ read: 5, used: 5, skipped: 0, aside: 0 });
    expect(json.input.throttled).toBe(seen.filter((s) => s === 429).length);
    expect(json.input.keys.distinct).toEqual([lines[0]?.['key']]);
    expect(json.input.tenants).toEqual(['mock.infusionsoft.com']);
    expect(result.stdout).not.toContain(SECRET);
  });

  it('has the line on disk before the client sees the end of the answer', async () => {
    const gateway = await startMockGateway({});
    cleanups.push(() => gateway.close());
    const { proxy, out } = await proxyTo(gateway.url);
    for (let i = 1; i <= 3; i++) {
      await (await fetch(`${proxy.url}/v1/x`, { headers: AUTH })).text();
      expect(parseLines(await readFile(out, 'utf8'))).toHaveLength(i);
    }
  });

  it('answers 502 and logs the exchange when the target is down, and keeps serving', async () => {
    const closed = await upstream(() => undefined);
    const port = Number(new URL(closed).port);
    await cleanups.pop()?.();
    const { proxy, out } = await proxyTo(`http://127.0.0.1:${port}`);
    const response = await fetch(`${proxy.url}/v1/contacts`, { headers: AUTH });
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: 'keap-throttle record: the target did not answer (ECONNREFUSED)',
    });
    expect((await fetch(`${proxy.url}/v1/contacts`)).status).toBe(502);
    const lines = parseLines(await readFile(out, 'utf8'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      status: 502,
      proxy_error: 'the target did not answer (ECONNREFUSED)',
      response_headers: {},
    });
    expect(fileSchemaErrors(await readFile(out, 'utf8'))).toEqual([]);
  });

  it('streams: the client gets the first bytes while the target is still sending', async () => {
    let release: () => void = () => undefined;
    const target = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first chunk;');
      release = () => res.end('last chunk');
    });
    const { proxy } = await proxyTo(target);
    const response = await fetch(`${proxy.url}/stream`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value ?? []).toString()).toBe('first chunk;');
    release();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += Buffer.from(chunk.value).toString();
    expect(rest).toBe('last chunk');
  });

  it('forwards method, base path, query, headers and request body; the target sees its own host', async () => {
    const target = await upstream((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            method: req.method,
            url: req.url,
            host: req.headers.host,
            auth: req.headers.authorization,
            body,
          }),
        );
      });
    });
    const { proxy, out } = await proxyTo(`${target}/crm/rest/`);
    const payload = JSON.stringify({
      email_addresses: [{ email: 'a@example.com', field: 'EMAIL1' }],
      pad: 'x'.repeat(200_000),
    });
    const response = await fetch(`${proxy.url}/v1/contacts?optional_properties=id`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: payload,
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      method: 'POST',
      url: '/crm/rest/v1/contacts?optional_properties=id',
      host: new URL(target).host,
      auth: `Bearer ${SECRET}`,
      body: payload,
    });
    const [recorded] = parseLines(await readFile(out, 'utf8'));
    expect(recorded).toMatchObject({
      method: 'POST',
      status: 201,
      url: `${target}/crm/rest/v1/contacts?optional_properties=id`,
    });
  });

  it('logs a compressed error body decoded', async () => {
    const fault =
      '{"fault":{"faultstring":"Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=25, periodInMicroseconds=6000000, maxBurstMessageCount=1.0}","detail":{"errorcode":"policies.ratelimit.SpikeArrestViolation"}}}';
    const target = await upstream((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(fault));
    });
    const { proxy, out } = await proxyTo(target);
    const response = await fetch(`${proxy.url}/v1/orders`, { headers: AUTH });
    expect(await response.text()).toBe(fault);
    expect(parseLines(await readFile(out, 'utf8'))[0]?.['response_body']).toBe(fault);
    // analyze reads the N of the fault from the recorded line.
    const { json } = await analyzeJson([out]);
    expect(json.throttling.attributions[0].faultRate).toEqual({ rate: 25, unit: 'second', processors: 6 });
  });

  it('logs a line without a status when the client hangs up before the target answers', async () => {
    const target = await upstream((req, res) => {
      if (req.url === '/ok') res.end('{}');
    });
    const { proxy, out } = await proxyTo(target);
    expect((await fetch(`${proxy.url}/ok`, { headers: AUTH })).status).toBe(200);
    await new Promise<void>((resolve) => {
      const req = request(`${proxy.url}/slow`, { headers: AUTH });
      req.on('error', () => resolve());
      req.end();
      setTimeout(() => req.destroy(), 100);
    });
    for (let i = 0; i < 50 && parseLines(await readFile(out, 'utf8')).length < 2; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const text = await readFile(out, 'utf8');
    expect(parseLines(text)[1]).toMatchObject({
      status: null,
      received_at: null,
      proxy_error: 'the client closed the connection before the target answered',
    });
    expect(fileSchemaErrors(text)).toEqual([]);
    // analyze counts such a line as skipped, with its reason, never silently.
    const { json } = await analyzeJson([out]);
    expect(json.input.rows).toEqual({ read: 2, used: 1, skipped: 1, aside: 0 });
    expect(json.input.skipped[0]).toMatchObject({ code: 'NO_STATUS', count: 1 });
  });
});
