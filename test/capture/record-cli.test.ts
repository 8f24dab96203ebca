import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockGateway, type MockGateway } from '../../src/index.js';
import { runBin } from '../helpers/run-bin.js';
import { serveBin } from '../helpers/serve-bin.js';
import { fileSchemaErrors, parseLines } from './capture-schema.js';

const SECRET = 'KeapAK-record-cli-0123456789abcdefghijk';
let dir: string;
let gateway: MockGateway;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-record-'));
  gateway = await startMockGateway({ rate: 3, processors: 2 });
});
afterEach(async () => {
  await gateway.close();
  await rm(dir, { recursive: true, force: true });
});

describe('keap-throttle record', () => {
  it('prints its loopback URL first, records every exchange, and stops cleanly on SIGINT', async () => {
    const out = join(dir, 'calls.ndjson');
    const served = await serveBin(['record', '--target', gateway.url, '--out', out, '--port', '0']);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await fetch(`${served.url}/crm/rest/v1/contacts/${i}`, {
        headers: { 'x-keap-api-key': SECRET },
      });
      statuses.push(response.status);
      await response.text();
    }
    const { code, stdout, stderr } = await served.stop('SIGINT');
    expect(code).toBe(0);
    expect(stdout).toBe(`listening on ${served.url}\n`);
    expect(stderr).toContain(`stopped: 8 exchanges recorded to ${out}`);
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(fileSchemaErrors(text)).toEqual([]);
    expect(parseLines(text).map((line) => line['status'])).toEqual(statuses);
    expect(statuses).toContain(429);
    expect(gateway.stats().accepted).toBe(statuses.filter((s) => s === 200).length);
  });

  it.each([
    [['--target', 'ftp://example.test', '--out', 'x.ndjson'], '--target must be an http:// or https:// URL'],
    [['--target', 'not a url', '--out', 'x.ndjson'], '--target "not a url" is not a URL'],
    [['--target', 'https://u:p@example.test', '--out', 'x.ndjson'], '--target must not carry a user or password'],
    [['--target', 'https://example.test', '--out', 'x.ndjson', '--port', '70000'], '--port "70000" is not a port'],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const result = await runBin(['record', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/u:p@/);
  });

  it('says when --out cannot be written', async () => {
    const result = await runBin(['record', '--target', gateway.url, '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `keap-throttle: error [OUTPUT_NOT_WRITABLE]: cannot append to ${dir} (EISDIR); name a file in a folder you can write to\n`,
    );
  });

  it('requires --target and --out', async () => {
    const result = await runBin(['record', '--out', 'x.ndjson']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--target <url>' not specified");
  });
});
