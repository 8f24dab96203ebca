import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockGateway, type MockGateway } from '../../src/index.js';
import { keyIdentity } from '../../src/normalise/redact.js';
import { analyzeJson, root } from '../helpers/run-bin.js';
import { fileSchemaErrors, parseLines } from './capture-schema.js';

// The recipes run with Debian's packages (php-cli + php-guzzlehttp-guzzle, python3-requests); .ci/run installs them.
const RECIPES = [
  {
    name: 'PHP Guzzle middleware',
    command: ['php', `${root}test/recipes/keap_capture_guzzle.php`],
    missing: missing(
      'php',
      ['-r', 'exit(is_file("/usr/share/php/GuzzleHttp/autoload.php") ? 0 : 1);'],
      'php-cli and php-guzzlehttp-guzzle',
    ),
  },
  {
    name: 'Python requests hook',
    command: ['/usr/bin/python3', `${root}test/recipes/keap_capture_requests.py`],
    missing: missing('/usr/bin/python3', ['-c', 'import requests'], 'python3-requests for /usr/bin/python3'),
  },
];
const SECRET = 'KeapAK-recipe-0123456789abcdefghijklmnopq';
const KEAP_429 = '{"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}';

function missing(binary: string, args: string[], packages: string): string | null {
  const probe = spawnSync(binary, args, { stdio: 'ignore', timeout: 10_000 });
  return probe.status === 0 ? null : `needs ${packages} (apt-get install them, as .ci/run does)`;
}

function runRecipe(
  command: string[],
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0] as string, [...command.slice(1), ...args], {
      env: { PATH: process.env['PATH'] ?? '', KEAP_TOKEN: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
let gateway: MockGateway;
let leaky: Server;
let leakyUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-recipes-'));
  // A server error that echoes the token and is longer than the body cap.
  leaky = createServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain', 'x-request-id': 'leaky-1' });
    res.end(`upstream failed for Bearer ${SECRET} ${'x'.repeat(5000)}`);
  });
  await new Promise<void>((resolve) => leaky.listen(0, '127.0.0.1', resolve));
  leakyUrl = `http://127.0.0.1:${(leaky.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => leaky.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

describe.each(RECIPES)('recipe: $name', ({ name, command, missing: reason }) => {
  if (reason) console.log(`skipping the ${name} recipe: ${reason}`);

  it.skipIf(reason !== null)('writes lines that match the schema, hold no credential, and analyze reads', async () => {
    gateway = await startMockGateway({ rate: 5, processors: 3, faults: false });
    try {
      const out = join(dir, `${name.split(' ')[0]}.ndjson`);
      const result = await runRecipe(command, [
        gateway.url,
        out,
        '12',
        '80',
        `/crm/rest/v1/contacts?limit=1&access_token=${SECRET}`,
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const statuses = (JSON.parse(result.stdout) as { statuses: number[] }).statuses;
      expect(statuses).toHaveLength(12);
      const throttled = statuses.filter((s) => s === 429).length;
      expect(throttled).toBeGreaterThan(0);
      expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
      expect(gateway.stats().accepted).toBe(12 - throttled);

      const text = await readFile(out, 'utf8');
      expect(text).not.toContain(SECRET);
      expect(fileSchemaErrors(text)).toEqual([]);
      const lines = parseLines(text);
      expect(lines.map((l) => l['status'])).toEqual(statuses);
      // The same fingerprint keap-throttle computes, from another language.
      expect(new Set(lines.map((l) => l['key']))).toEqual(new Set([keyIdentity(SECRET, true)]));
      expect(lines[0]?.['url']).toBe(`${gateway.url}/crm/rest/v1/contacts?limit=1&access_token=[redacted]`);
      expect(lines.filter((l) => l['status'] === 429).map((l) => l['response_body'])).toEqual(
        Array(throttled).fill(KEAP_429),
      );
      expect(lines.every((l) => l['response_headers']['x-keap-product-quota-expiry-time'] !== undefined)).toBe(true);

      const { json, result: analysed } = await analyzeJson([out]);
      expect(analysed.code).toBe(0);
      expect(json.input.rows).toEqual({ read: 12, used: 12, skipped: 0, aside: 0 });
      expect(json.throttling.throttled).toBe(throttled);
      expect(json.throttling.verdict.dataset.byLayer.spike).toBe(throttled);
      expect(json.input.keys.distinct).toEqual([keyIdentity(SECRET, true)]);
    } finally {
      await gateway.close();
    }
  });

  it.skipIf(reason !== null)('caps an error body at 4096 characters and redacts a token it echoes', async () => {
    const out = join(dir, `${name.split(' ')[0]}-leaky.ndjson`);
    const result = await runRecipe(command, [leakyUrl, out, '1', '0', '/v1/x']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ statuses: [500] });
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(fileSchemaErrors(text)).toEqual([]);
    const [line] = parseLines(text);
    expect(line?.['response_body']).toHaveLength(4096);
    expect(line?.['response_body']).toMatch(/^upstream failed for \[redacted\] x+$/);
    expect(line?.['response_body_truncated']).toBe(true);
    expect(line?.['response_headers']).toEqual({ 'x-request-id': 'leaky-1', date: expect.any(String) });
  });
});
