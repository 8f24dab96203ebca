// `check`: exit 0 when every rule holds, 1 with one stderr line per failed rule, 2 when it cannot run.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run-bin.js';
import { runMain } from '../helpers/run-main.js';

// 24 responses, 2 of them 429 (8.33 %) from the spike layer, explained as other consumers; tightest bucket 95.4 % free.
const SAK = 'fixtures/logs/sak-sleep5-thread89944.csv';
// 6 unexplained throttled responses.
const UNEXPLAINED = 'fixtures/secrets/url-params.csv';

const failed = (stderr: string) =>
  stderr.split('\n').filter((line) => line.startsWith('keap-throttle: check failed: '));

describe('check', () => {
  it.each([
    [
      '--fail-on spike',
      ['--fail-on', 'spike'],
      SAK,
      1,
      /--fail-on spike: 2 throttled response\(s\) attributed to spike/,
    ],
    ['--fail-on product-day', ['--fail-on', 'product-day'], SAK, 0, null],
    ['--fail-on other-consumers', ['--fail-on', 'other-consumers'], SAK, 1, /explained as other-consumers/],
    ['--fail-on smoothing', ['--fail-on', 'smoothing'], SAK, 0, null],
    ['--max-429-rate 8', ['--max-429-rate', '8'], SAK, 1, /--max-429-rate 8: 8.33 % of requests throttled \(2 of 24\)/],
    ['--max-429-rate 9', ['--max-429-rate', '9'], SAK, 0, null],
    [
      '--min-headroom 96',
      ['--min-headroom', '96'],
      SAK,
      1,
      /--min-headroom 96: 1 bucket\(s\) below, tightest product-minute .* kept 95.4 %/,
    ],
    ['--min-headroom 95', ['--min-headroom', '95'], SAK, 0, null],
    ['--max-unexplained 5', ['--max-unexplained', '5'], UNEXPLAINED, 1, /--max-unexplained 5: 6 unexplained/],
    ['--max-unexplained 6', ['--max-unexplained', '6'], UNEXPLAINED, 0, null],
  ])('%s', async (_name, rule, file, code, line) => {
    const result = await runMain(['check', file, ...rule]);
    expect(result.code).toBe(code);
    const lines = failed(result.stderr);
    if (line === null) expect(lines).toEqual([]);
    else {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(line);
    }
    // The rule lines on stdout say pass or FAIL for each rule asked.
    expect(result.stdout).toMatch(code === 0 ? /^pass {2}--/ : /^FAIL {2}--/);
  });

  it('prints one stderr line per failed rule, none for the rules that hold', async () => {
    const result = await runMain([
      'check',
      SAK,
      '--fail-on',
      'spike,unexplained',
      '--max-429-rate',
      '1',
      '--min-headroom',
      '10',
      '--max-unexplained',
      '0',
    ]);
    expect(result.code).toBe(1);
    expect(failed(result.stderr).map((l) => l.replace(/^keap-throttle: check failed: (--[a-z0-9-]+).*/, '$1'))).toEqual(
      ['--fail-on', '--max-429-rate'],
    );
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(5);
  });

  it.each([
    ['no rule', [SAK], /error \[BAD_OPTION\]: check was given no rule; pass --fail-on/],
    [
      'a bad percentage',
      [SAK, '--max-429-rate', 'lots'],
      /error \[BAD_OPTION\]: --max-429-rate "lots" is not a percentage/,
    ],
    ['a missing file', ['missing.csv', '--max-429-rate', '1'], /error \[INPUT_NOT_FOUND\]: missing.csv: no such file/],
    ['an unknown reason', [SAK, '--fail-on', 'sometimes'], /error \[BAD_OPTION\]: --fail-on does not know "sometimes"/],
  ])('exits 2 on %s, with one error line', async (_name, args, message) => {
    const result = await runMain(['check', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('appends the Markdown summary to GITHUB_STEP_SUMMARY (the real bin)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keap-throttle-check-'));
    const summary = join(dir, 'summary.md');
    await writeFile(summary, '# earlier step\n');
    const result = await runBin(['check', SAK, '--max-429-rate', '5'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'keap-throttle: check failed: --max-429-rate 5: 8.33 % of requests throttled (2 of 24)\n',
    );
    const text = await readFile(summary, 'utf8');
    expect(text.startsWith('# earlier step\n## keap-throttle: 2 throttled response(s) in 24\n')).toBe(true);
    expect(text).toContain('**CI rules: 1 of 1 rule failed**');
    expect(text).toContain('- **FAIL**: --max-429-rate 5: 8.33 % of requests throttled (2 of 24)');
  });
});
