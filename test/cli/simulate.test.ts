import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../src/cli/duration.js';
import { generateScenarioLog, steadyTimes } from '../helpers/scenario-log.js';
import { runBin } from '../helpers/run-bin.js';
import { runMain } from '../helpers/run-main.js';

async function scenarioFile(): Promise<{ file: string; spikeRejected: number }> {
  const truth = generateScenarioLog({
    ownTimesMs: steadyTimes(Date.UTC(2026, 7, 11, 9), 1400, 1000, 20),
    spikeRate: 5,
    processors: 6,
    seed: 11,
    perMinute: 240,
    perDay: 30000,
  });
  const dir = await mkdtemp(join(tmpdir(), 'keap-throttle-sim-'));
  const file = join(dir, 'sleep1.csv');
  await writeFile(file, truth.csv);
  return { file, spikeRejected: truth.ownRejectedBySpike };
}

describe('simulate', () => {
  it('predicts the sleep(1) 429s as logged and none at the per-processor interval of 1200 ms', async () => {
    const { file, spikeRejected } = await scenarioFile();
    const result = await runBin(['simulate', file, '--profile', 'sak-5ps-2023', '--spacing', '1200ms', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.model).toEqual({
      rate: 5,
      processors: 6,
      routing: 'random',
      rateFrom: 'fit',
      processorsFrom: 'fit',
    });
    expect(json.total.observedThrottled).toBe(spikeRejected);
    // Steady 1 s spacing against I = 1.2 s: P = 1/7 per request.
    expect(json.total.asLogged.expected).toBeGreaterThan(1400 / 7 - 15);
    expect(json.total.asLogged.expected).toBeLessThan(1400 / 7 + 15);
    expect(json.total.repaced).toEqual({ expected: 0, simulated: 0 });
    expect(json.total.addedDelayMs.max).toBeGreaterThan(0);
  });

  it('never predicts more 429s for a wider spacing, and none from the interval on', async () => {
    const { file } = await scenarioFile();
    const expected: number[] = [];
    for (const spacing of ['1000ms', '1100ms', '1.2s', '2s']) {
      const json = JSON.parse(
        (
          await runBin([
            'simulate',
            file,
            '--profile',
            'sak-5ps-2023',
            '--processors',
            '6',
            '--spacing',
            spacing,
            '--json',
          ])
        ).stdout,
      );
      expected.push(json.total.repaced.expected);
    }
    // 1000 and 1100 ms both leave one own request inside the 1.2 s interval (P = 1/7); 1.2 s and more leave none.
    expect(expected[0]).toBeGreaterThan(180);
    expect(expected[1]).toBeLessThanOrEqual(expected[0] as number);
    expect(expected[1]).toBeCloseTo(1400 / 7, -1);
    expect(expected.slice(2)).toEqual([0, 0]);
  });

  it('with round-robin routing a steady 1 s client on 6 processors at 5/s is never rejected', async () => {
    const { file } = await scenarioFile();
    const json = JSON.parse(
      (
        await runBin([
          'simulate',
          file,
          '--profile',
          'sak-5ps-2023',
          '--processors',
          '6',
          '--spacing',
          '1000ms',
          '--routing',
          'round-robin',
          '--json',
        ])
      ).stdout,
    );
    // Round-robin: each processor sees every 6th request, 6 s apart, far beyond its 1.2 s interval.
    expect(json.model.routing).toBe('round-robin');
    expect(json.total.repaced).toEqual({ expected: 0, simulated: 0 });
  });

  it('keys a log without a key column as analyze does ("" in JSON) and names it "(not logged)" only in the table', async () => {
    const args = ['simulate', 'fixtures/logs/sak-sleep5-thread89944.csv', '--spacing', '300ms'];
    const json = JSON.parse((await runMain([...args, '--json'])).stdout);
    const analyzed = JSON.parse((await runMain(['analyze', args[1] as string, '--json'])).stdout);
    expect(json.keys.map((row: { key: string }) => row.key)).toEqual(['']);
    expect(analyzed.throttling.verdict.keys.map((row: { key: string }) => row.key)).toEqual(['']);
    expect(json.keys[0].requests).toBe(23);
    const table = (await runMain(args)).stdout;
    expect(table).toMatch(/^│ \(not logged\) │ 23 /m);
  });

  it('refuses standard input, a missing pacing and a bad duration with exit 2', async () => {
    expect((await runBin(['simulate', '-', '--spacing', '1s'])).stderr).toMatch(/cannot read standard input/);
    const none = await runBin(['simulate', 'fixtures/logs/sak-sleep5-thread89944.csv']);
    expect([none.code, none.stderr]).toEqual([
      2,
      expect.stringMatching(/say which pacing to try; pass --spacing 1500ms/),
    ]);
    const bad = await runBin(['simulate', 'fixtures/logs/sak-sleep5-thread89944.csv', '--spacing', 'soon']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--spacing "soon" is not a duration/)]);
  });
});

describe('parseDurationMs', () => {
  it.each([
    ['1500ms', 1500],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['250', 250],
    ['fast', null],
  ])('reads %j', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });
});
