import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureAxios, createCaptureLog, startMockGateway, type MockGateway } from '../../src/index.js';
import { keyIdentity } from '../../src/normalise/redact.js';
import { analyzeJson } from '../helpers/run-bin.js';
import { fileSchemaErrors, parseLines } from './capture-schema.js';

const SECRET = 'KeapAK-axios-0123456789abcdefghijklmnopq';
let dir: string;
let gateway: MockGateway;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-axios-'));
  gateway = await startMockGateway({ rate: 10, processors: 4 });
});
afterEach(async () => {
  await gateway.close();
  await rm(dir, { recursive: true, force: true });
});

describe('captureAxios', () => {
  it('logs successes and the 429s axios rejects, with their bodies, and analyze reads the file', async () => {
    const out = join(dir, 'axios.ndjson');
    const log = createCaptureLog(out);
    const client = axios.create({
      baseURL: `${gateway.url}/crm/rest/v1`,
      headers: { Authorization: `Bearer ${SECRET}` },
    });
    captureAxios(client, log);
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        client.get(`/contacts/${i}`, { params: { limit: 1, access_token: SECRET } }).then(
          (response) => response.status,
          (error: { response?: { status: number } }) => error.response?.status ?? 0,
        ),
      ),
    );
    await log.close();
    const throttled = statuses.filter((s) => s === 429).length;
    expect(throttled).toBeGreaterThan(10);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(fileSchemaErrors(text)).toEqual([]);
    const lines = parseLines(text);
    expect(lines).toHaveLength(30);
    expect(lines[0]).toMatchObject({
      method: 'GET',
      url: expect.stringMatching(
        new RegExp(`^${gateway.url}/crm/rest/v1/contacts/\\d+\\?limit=1&access_token=\\[redacted\\]$`),
      ),
      key: keyIdentity(SECRET, true),
    });
    const rejected = lines.filter((l) => l['status'] === 429);
    expect(rejected).toHaveLength(throttled);
    expect(rejected[0]?.['response_body']).toBe(
      '{"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}',
    );
    expect(Object.keys(lines[0]?.['response_headers'] ?? {})).toContain('x-keap-product-throttle-used');

    const { json } = await analyzeJson([out]);
    expect(json.input.rows).toEqual({ read: 30, used: 30, skipped: 0, aside: 0 });
    expect(json.throttling.verdict.dataset.byLayer.spike).toBe(throttled);
  });

  it('rethrows a network error and logs nothing for it', async () => {
    const out = join(dir, 'down.ndjson');
    const log = createCaptureLog(out);
    const client = axios.create();
    captureAxios(client, log);
    const port = gateway.port;
    await gateway.close();
    await expect(client.get(`http://127.0.0.1:${port}/v1/x`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await log.close();
    expect(log.appended()).toBe(0);
  });
});
