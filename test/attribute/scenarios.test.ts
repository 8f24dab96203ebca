import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { findProfile } from '../../src/policy/profiles.js';
import { readCsvRecords } from '../../src/read/csv-records.js';
import type { Report } from '../../src/report.js';
import { generateScenarioLog, steadyTimes, type Scenario } from '../helpers/scenario-log.js';

const START = Date.UTC(2026, 7, 11, 9, 0, 0);

async function analyzeScenario(
  scenario: Scenario,
  profileId?: string,
): Promise<{ report: Report; truth: ReturnType<typeof generateScenarioLog> }> {
  const truth = generateScenarioLog(scenario);
  async function* chunks() {
    yield Buffer.from(truth.csv);
  }
  const profile = profileId ? (findProfile(profileId) ?? null) : null;
  const report = await analyze(
    [{ name: 'scenario.csv', format: 'csv', items: readCsvRecords(chunks(), 'scenario.csv', ',') }],
    { profile },
  );
  return { report, truth };
}

describe('labelled scenarios generated from the model', () => {
  it('seed thread 89944: sleep(1) against 5ps on 6 processors is SpikeArrest smoothing, and the fit finds N = 6', async () => {
    const { report, truth } = await analyzeScenario(
      {
        ownTimesMs: steadyTimes(START, 1500, 1000, 20),
        spikeRate: 5,
        processors: 6,
        seed: 11,
        perMinute: 240,
        perDay: 30000,
      },
      'sak-5ps-2023',
    );
    const throttling = report.throttling;
    expect(truth.ownRejectedBySpike).toBeGreaterThan(100);
    expect(throttling.throttled).toBe(truth.ownRejectedBySpike);
    expect(throttling.verdict.dataset.byLayer.spike).toBe(truth.ownRejectedBySpike);
    expect(throttling.spike.setting).toMatchObject({
      rate: 5,
      processors: 6,
      rateFrom: 'fit',
      processorsFrom: 'fit',
      processorsIdentified: true,
    });
    expect(throttling.verdict.dataset.primary).toBe('smoothing');
    expect(throttling.verdict.dataset.byExplanation.smoothing).toBe(truth.ownRejectedBySpike);
    expect(throttling.verdict.dataset.advice.minSpacingMs).toBe(1200);
    // At 1 s spacing one own request sits in each 1.2 s interval: P = 1/(6 + 1), averaged over a posterior near N = 6.
    expect(throttling.verdict.dataset.expectedRejectionShareAtThatGap).toBeCloseTo(1 / 7, 2);
  });

  it('own traffic above 240/min empties the minute throttle: product-minute, own exhaustion, high confidence', async () => {
    const { report, truth } = await analyzeScenario({
      ownTimesMs: steadyTimes(START, 400, 210),
      spikeRate: 25,
      processors: 5,
      seed: 3,
      perMinute: 240,
      perDay: 30000,
    });
    const throttling = report.throttling;
    expect(truth.ownRejectedBySpike).toBe(0);
    expect(truth.ownRejectedByMinute).toBeGreaterThan(0);
    expect(throttling.verdict.dataset.byLayer['product-minute']).toBe(truth.ownRejectedByMinute);
    expect(throttling.verdict.dataset.byExplanation.exhaustion).toBe(truth.ownRejectedByMinute);
    expect(
      [...throttling.attributions].every((a) => a.confidence === 'high' && a.basis === 'counters-on-response'),
    ).toBe(true);
  });

  it('a client spaced wider than the per-processor interval gets no 429 and no verdict', async () => {
    const { report, truth } = await analyzeScenario(
      {
        ownTimesMs: steadyTimes(START, 600, 1500),
        spikeRate: 5,
        processors: 6,
        seed: 5,
        perMinute: 240,
        perDay: 30000,
      },
      'sak-5ps-2023',
    );
    expect(truth.ownRejectedBySpike).toBe(0);
    expect(report.throttling.throttled).toBe(0);
    expect(report.throttling.verdict.dataset.primary).toBeNull();
  });
});

describe('a profile rate that disagrees with the gateway', () => {
  it('finds 5/s on 6 processors when the PAT/SAK profile says 10/s (docs) and the gateway runs 5/s (staff)', async () => {
    const { report } = await analyzeScenario(
      {
        ownTimesMs: steadyTimes(START, 1500, 1000, 20),
        spikeRate: 5,
        processors: 6,
        seed: 11,
        perMinute: 240,
        perDay: 30000,
      },
      'pat-sak',
    );
    expect(report.throttling.spike.setting).toMatchObject({
      rate: 5,
      processors: 6,
      rateFrom: 'fit',
      processorsFrom: 'fit',
    });
    expect(report.throttling.verdict.dataset.advice.minSpacingMs).toBe(1200);
    expect(report.throttling.verdict.dataset.primary).toBe('smoothing');
  });
});
