import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureFetch, createCaptureLog, startMockGateway, type MockGateway } from '../../src/index.js';
import { keyIdentity } from '../../src/normalise/redact.js';
import { analyzeJson } from '../helpers/run-bin.js';
import { fileSchemaErrors, parseLines } from './capture-schema.js';

const SECRET = 'KeapAK-fetch-0123456789abcdefghijklmnopq';
let dir: string;
let gateway: MockGateway;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-fetch-'));
  gateway = await startMockGateway({ rate: 10, processors: 4, faults: true });
});
afterEach(async () => {
  await gateway.close();
  await rm(dir, { recursive: true, force: true });
});

describe('captureFetch', () => {
  it('logs every response of concurrent callers, leaves each response readable, and analyze reads the file', async () => {
    const out = join(dir, 'fetch.ndjson');
    const log = createCaptureLog(out);
    const keapFetch = captureFetch(log);
    const seen = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const response = await keapFetch(`${gateway.url}/crm/rest/v1/contacts/${i}?access_token=${SECRET}`, {
          headers: { Authorization: `Bearer ${SECRET}` },
        });
        const body = await response.text();
        return { status: response.status, body };
      }),
    );
    await log.close();
    const throttled = seen.filter((s) => s.status === 429);
    expect(throttled.length).toBeGreaterThan(10);
    // The caller still reads the whole 429 body although the logger read a clone.
    expect(throttled[0]?.body).toContain('SpikeArrestViolation');
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(fileSchemaErrors(text)).toEqual([]);
    const lines = parseLines(text);
    expect(lines).toHaveLength(40);
    expect(lines.filter((l) => l['status'] === 429)).toHaveLength(throttled.length);
    expect(
      lines.filter((l) => l['status'] === 429).every((l) => String(l['response_body']).includes('MessageRate')),
    ).toBe(true);
    expect(new Set(lines.map((l) => l['key']))).toEqual(new Set([keyIdentity(SECRET, true)]));

    const { json, result } = await analyzeJson([out]);
    expect(result.code).toBe(0);
    expect(json.input.rows).toEqual({ read: 40, used: 40, skipped: 0, aside: 0 });
    expect(json.throttling.throttled).toBe(throttled.length);
    expect(json.throttling.verdict.dataset.byLayer.spike).toBe(throttled.length);
    expect(json.throttling.spikeModel.setting).toMatchObject({ rate: 10, processors: 4 });
  });

  it('reads method, URL and key from a Request object as well', async () => {
    const out = join(dir, 'request.ndjson');
    const log = createCaptureLog(out);
    const request = new Request(`${gateway.url}/v1/orders`, {
      method: 'POST',
      headers: { 'X-Keap-API-Key': SECRET },
      body: '{}',
    });
    const response = await captureFetch(log)(request);
    await response.text();
    await log.close();
    expect(parseLines(await readFile(out, 'utf8'))).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: `${gateway.url}/v1/orders`,
        status: 200,
        key: keyIdentity(SECRET, true),
      }),
    ]);
  });

  it('rethrows a network error and logs nothing for it', async () => {
    const out = join(dir, 'down.ndjson');
    const log = createCaptureLog(out);
    const port = gateway.port;
    await gateway.close();
    await expect(captureFetch(log)(`http://127.0.0.1:${port}/v1/x`)).rejects.toThrow(/fetch failed/);
    await log.close();
    expect(log.appended()).toBe(0);
  });
});
