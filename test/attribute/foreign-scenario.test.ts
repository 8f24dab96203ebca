import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { findProfile } from '../../src/policy/profiles.js';
import { readCsvRecords } from '../../src/read/csv-records.js';
import { createRandom } from '../../src/spike/prng.js';
import { generateScenarioLog, steadyTimes } from '../helpers/scenario-log.js';

const START = Date.UTC(2026, 7, 11, 9, 0, 0);

describe('labelled scenario: another consumer of the same key (seed 89944, "5 s between calls and still 429")', () => {
  it('finds the hidden traffic in the counters and blames it for the spike 429s the own spacing cannot explain', async () => {
    // Own: every 5 s for 25 min, far wider than I = 1.2 s, so own traffic alone is never rejected.
    const own = steadyTimes(START, 300, 5000, 0);
    // Another server on the same key from minute 8 to minute 18: about 2.5 requests a second, jittered.
    const random = createRandom(99);
    const foreign: number[] = [];
    for (let t = START + 8 * 60_000; t < START + 18 * 60_000; t += 400) foreign.push(t + Math.floor(random() * 300));
    const truth = generateScenarioLog({
      ownTimesMs: own,
      foreignTimesMs: foreign,
      spikeRate: 5,
      processors: 6,
      seed: 21,
      perMinute: 240,
      perDay: 30000,
    });
    async function* chunks() {
      yield Buffer.from(truth.csv);
    }
    const report = await analyze(
      [{ name: 'shared-key.csv', format: 'csv', items: readCsvRecords(chunks(), 'shared-key.csv', ',') }],
      { profile: findProfile('sak-5ps-2023') ?? null },
    );

    expect(truth.ownRejectedBySpike).toBeGreaterThan(20);
    const { throttling, ledger } = report;
    expect(throttling.throttled).toBe(truth.ownRejectedBySpike);
    expect(throttling.verdict.dataset.byLayer.spike).toBe(truth.ownRejectedBySpike);
    expect(throttling.verdict.dataset.byExplanation['other-consumers']).toBe(truth.ownRejectedBySpike);
    // Every own 429 falls inside the foreign window.
    for (const attribution of throttling.attributions) {
      expect(attribution.ts).toBeGreaterThanOrEqual(START + 8 * 60_000);
      expect(attribution.ts).toBeLessThanOrEqual(START + 18 * 60_000 + 10_000);
    }
    // The daily counter shows the foreign requests that got past SpikeArrest, within the ledger's jitter tolerance.
    const foreignAccepted = truth.foreignCount - truth.foreignRejected;
    expect(ledger.foreign['product-day'].requests).toBeGreaterThanOrEqual(foreignAccepted - 6);
    expect(ledger.foreign['product-day'].requests).toBeLessThanOrEqual(foreignAccepted);
    const episode = ledger.layers['product-day'][0]?.serverAhead[0];
    expect(episode?.startAfter ?? episode?.start ?? Number.NaN).toBeLessThanOrEqual(START + 8 * 60_000 + 5000);
    expect(episode?.end ?? Number.NaN).toBeGreaterThanOrEqual(START + 18 * 60_000 - 10_000);
  });
});
