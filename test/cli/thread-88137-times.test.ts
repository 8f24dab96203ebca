import { describe, expect, it } from 'vitest';
import { analyzeJson, runBin } from '../helpers/run-bin.js';

// The second forum thread (88137): ten times in CDT and the SpikeArrest fault, pasted as the poster had them.
const WITH_FAULTS = 'fixtures/logs/thread88137-times-faults-cdt.txt';
const BARE = 'fixtures/logs/thread88137-times-cdt.txt';

describe('thread 88137 pasted as a list of times', () => {
  it('reads the ten times in CDT as ten throttled responses', async () => {
    const { json, result } = await analyzeJson([WITH_FAULTS, '--tz', 'America/Chicago']);
    expect(result.code).toBe(0);
    expect(json.input.files[0].format).toBe('times');
    expect(json.input.rows).toEqual({ read: 10, used: 10, skipped: 0, aside: 0 });
    expect(json.input.throttled).toBe(10);
    // 7/8/22 4:38:14 PM CDT is 21:38:14 UTC; 7/12/22 10:34:13 PM CDT is 03:34:13 UTC the next day.
    expect(json.input.span).toMatchObject({ first: '2022-07-08T21:38:14.000Z', last: '2022-07-13T03:34:13.000Z' });
  });

  it('"Is the error what throttling looks like?": yes, the per-second SpikeArrest, not the daily quota', async () => {
    const { json } = await analyzeJson([WITH_FAULTS, '--tz', 'America/Chicago']);
    expect(json.errorsOnly.findings).toEqual(
      expect.arrayContaining(['throttling-response', 'spike-arrest-layer', 'no-utc-midnight-pattern']),
    );
    expect(json.errorsOnly.findings).not.toContain('daily-quota-layer');
    expect(json.throttling.attributions.map((a: any) => a.layer)).toEqual(Array(10).fill('spike'));
    expect(json.errorsOnly.utcMidnight).toMatchObject({ nearMidnight: 0, pattern: 'none' });
  });

  it('"Are these thresholds current?": the faults carry the live setting, 25/s over N = 5–7 processors', async () => {
    const { json } = await analyzeJson([WITH_FAULTS, '--tz', 'America/Chicago']);
    expect(json.errorsOnly.faults).toMatchObject({
      rate: 25,
      unit: 'second',
      processorsMin: 5,
      processorsMax: 7,
      perProcessorIntervalMs: { min: 200, max: 280 },
      truncated: 0,
      profileRate: 25,
      agreesWithProfile: true,
    });
    expect(json.errorsOnly.faults.spikeRates.map((r: any) => [r.processors, r.count])).toEqual([
      [6, 6],
      [5, 2],
      [7, 2],
    ]);
    expect(json.profile.profile.id).toBe('legacy-key-2022');
  });

  it('"Per server or per key?": per key, shared by every server using it; the 429s are isolated, not bursts', async () => {
    const { json } = await analyzeJson([WITH_FAULTS, '--tz', 'America/Chicago']);
    expect(json.errorsOnly.scope).toEqual({ spike: 'key', minuteAndDay: 'key' });
    expect(json.errorsOnly.clusters).toMatchObject({ bursts: 0, isolated: 10 });
    expect(json.errorsOnly.findings).toContain('isolated-throttling');
    expect(json.errorsOnly.clusters.local.zone).toBe('America/Chicago');
    expect(json.errorsOnly.clusters.local.byHour[14]).toBe(3);
    expect(json.errorsOnly.logNext).toEqual([
      'log-every-response',
      'log-limit-headers',
      'log-milliseconds',
      'log-zone',
      'log-key',
      'log-request',
    ]);
  });

  it('says all of it in the terminal report', async () => {
    const { stdout } = await runBin(['analyze', WITH_FAULTS, '--tz', 'America/Chicago']);
    expect(stdout).toContain('Is it throttling? Yes');
    expect(stdout).toContain('25 per second split over 5–7 message processors (N=6 ×6, N=5 ×2, N=7 ×2)');
    expect(stdout).toContain('each admits one request per 200–280 ms');
    expect(stdout).toContain('SpikeArrest counts per key, not per server');
    expect(stdout).toMatch(/Bursts: none; 10 isolated 429s/);
    expect(stdout).toMatch(/00:00 UTC: 0 of 10 within 15 min of it/);
    expect(stdout).toContain('README "What to log"');
  });

  it('never guesses the zone of the pasted times', async () => {
    const result = await runBin(['analyze', WITH_FAULTS]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/has no time zone; pass --tz/);
  });

  it('the bare list needs --status 429, and then says what only the faults would have told', async () => {
    const refused = await runBin(['analyze', BARE, '--tz', 'America/Chicago']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --status 429');
    const { json } = await analyzeJson([BARE, '--tz', 'America/Chicago', '--status', '429']);
    expect(json.input.throttled).toBe(10);
    expect(json.errorsOnly.faults.rate).toBeNull();
    expect(json.errorsOnly.logNext).toContain('log-full-body');
    const bad = await runBin(['analyze', BARE, '--status', 'many']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--status "many" is not an HTTP status code')]);
  });
});
