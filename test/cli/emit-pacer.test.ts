import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPacer } from '../../src/index.js';
import { runBin } from '../helpers/run-bin.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-emit-pacer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('analyze --emit-pacer', () => {
  it('writes the createPacer() options the log supports, and still prints the report', async () => {
    const file = join(dir, 'pacer.json');
    const result = await runBin([
      'analyze',
      'fixtures/logs/legacy-spike-cdt-thread88137.csv',
      '--tz',
      'America/Chicago',
      '--emit-pacer',
      file,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Why the');
    // The advice points to the pacer and to this option.
    // The line wraps at the terminal width: join it before matching.
    expect(result.stdout.replace(/\n\s+/g, ' ')).toMatch(
      /- pacer: createPacer\(\) from keap-throttle .* --emit-pacer pacer\.json/,
    );
    const options = JSON.parse(await readFile(file, 'utf8'));
    // The faults name 25/s over 5 to 7 processors; the advice covers the widest, 7 × 40 ms.
    expect(options).toEqual({ rate: 25, processors: { low: 5, high: 7 }, startSpacingMs: 280 });
    expect(createPacer(options).stats().keys).toEqual([]);
  });

  it('writes {} for a log without throttled requests to learn from, so the pacer learns online', async () => {
    const file = join(dir, 'none.json');
    const result = await runBin([
      'analyze',
      'fixtures/logs/h4-docs-apigee-names-2021.csv',
      '--emit-pacer',
      file,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const options = JSON.parse(await readFile(file, 'utf8'));
    expect(report.throttling.spikeModel.setting === null).toBe(Object.keys(options).length === 0);
  });

  it('fails with one line and an empty stdout when the file cannot be written', async () => {
    const result = await runBin([
      'analyze',
      'fixtures/logs/sak-sleep5-thread89944.csv',
      '--emit-pacer',
      join(dir, 'missing', 'dir', 'pacer.json'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^keap-throttle: error \[OUTPUT_NOT_WRITABLE\]: cannot write .*pacer\.json \(ENOENT\)/,
    );
  });
});
