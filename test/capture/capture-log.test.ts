import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLine } from '../../src/capture/capture-line.js';
import { createCaptureLog, openCaptureLog } from '../../src/capture/capture-log.js';
import { parseLines } from './capture-schema.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function line(index: number) {
  return captureLine({
    sentMs: Date.UTC(2026, 10, 30) + index,
    receivedMs: Date.UTC(2026, 10, 30) + index + 1,
    method: 'GET',
    // Long lines make an interleaved write visible as broken JSON.
    url: `http://127.0.0.1/v1/contacts/${index}?pad=${'p'.repeat(3000)}`,
    status: 200,
    requestHeader: () => undefined,
    responseHeaders: [['x-request-id', String(index)]],
  });
}

describe('capture log', () => {
  it('returns from append at once and writes every line whole and in order under concurrency', async () => {
    const log = createCaptureLog(join(dir, 'a.ndjson'));
    const returned = await Promise.all(
      Array.from({ length: 400 }, async (_, i) => {
        await new Promise((resolve) => setImmediate(resolve));
        return log.append(line(i));
      }),
    );
    expect(returned.every((value) => value === undefined)).toBe(true);
    expect(log.appended()).toBe(400);
    await log.close();
    const lines = parseLines(await readFile(join(dir, 'a.ndjson'), 'utf8'));
    expect(lines.map((l) => Number(l['response_headers']['x-request-id']))).toEqual(
      Array.from({ length: 400 }, (_, i) => i),
    );
  });

  it('never interleaves two writers appending to one file', async () => {
    const path = join(dir, 'shared.ndjson');
    const first = createCaptureLog(path);
    const second = createCaptureLog(path);
    for (let i = 0; i < 300; i++) (i % 2 ? first : second).append(line(i));
    await Promise.all([first.close(), second.close()]);
    const lines = parseLines(await readFile(path, 'utf8'));
    expect(lines).toHaveLength(300);
    expect(new Set(lines.map((l) => l['response_headers']['x-request-id'])).size).toBe(300);
  });

  it('appends to an existing file instead of replacing it', async () => {
    const path = join(dir, 'b.ndjson');
    for (const index of [1, 2]) {
      const log = createCaptureLog(path);
      await log.write(line(index));
      await log.close();
    }
    expect(parseLines(await readFile(path, 'utf8'))).toHaveLength(2);
  });

  it('reports a failed write instead of throwing into the caller', async () => {
    const errors: string[] = [];
    const log = createCaptureLog(dir, { onError: (error) => errors.push(error.message) });
    log.append(line(1));
    log.append(line(2));
    await log.close();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.every((message) => message.includes('EISDIR'))).toBe(true);
    await expect(openCaptureLog(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('capture log with lines still being built', () => {
  it('waits in flush and close for a line whose body is still being read', async () => {
    const path = join(dir, 'late.ndjson');
    const log = createCaptureLog(path);
    let finishBody: () => void = () => undefined;
    const late = new Promise<ReturnType<typeof line>>((resolve) => (finishBody = () => resolve(line(2))));
    log.append(line(1));
    log.append(late);
    log.append(line(3));
    setTimeout(finishBody, 30);
    await log.close();
    const ids = parseLines(await readFile(path, 'utf8')).map((l) => l['response_headers']['x-request-id']);
    expect(ids).toEqual(['1', '3', '2']);
    log.append(line(4));
    expect(log.appended()).toBe(3);
  });
});
