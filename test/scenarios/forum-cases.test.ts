import { describe, expect, it } from 'vitest';
import { analyzeJson } from '../helpers/run-bin.js';
import { scenarioSpecs } from './families.js';
import { runScenario, type Scenario } from './run-scenario.js';
import { analyzeScenarioText, type DiagnosisDocument } from './score.js';

// The forum threads' cases (issue 9), simulated from minimal logs by the project's gateway model: no fault bodies
// for the SAK ones, as modern keys get. Each case is checked on its own, not only inside the family's average.
async function forumCase(id: string): Promise<{ scenario: Scenario; report: DiagnosisDocument }> {
  const spec = scenarioSpecs().find((candidate) => candidate.id === id);
  if (!spec) throw new Error(`no scenario ${id}`);
  const scenario = runScenario(spec);
  return { scenario, report: await analyzeScenarioText(scenario) };
}

// Share of the log's own 429s whose layer and explanation match the gateway's truth.
function agreement(scenario: Scenario, report: DiagnosisDocument): { throttled: number; right: number } {
  const truth = new Map(scenario.truth.rows.map((row) => [row.line, row]));
  let right = 0;
  for (const item of report.throttling.attributions) {
    const row = truth.get(item.line);
    if (row && row.layer === item.layer && row.explanation === item.explanation) right++;
  }
  return { throttled: report.throttling.attributions.length, right };
}

describe('the forum threads, from minimal logs', () => {
  for (const processors of [6, 7]) {
    it(`sleep(1) plus latency on a 5/s SAK over N = ${processors}, no fault bodies: smoothing, N, safe advice`, async () => {
      const { scenario, report } = await forumCase(`forum-sleep1-n${processors}`);
      const { throttled, right } = agreement(scenario, report);
      expect(throttled).toBeGreaterThan(50);
      expect(right / throttled).toBeGreaterThanOrEqual(0.95);
      expect(report.throttling.attributions.filter((item) => item.explanation === 'unexplained')).toHaveLength(0);
      const setting = report.throttling.spikeModel.setting;
      expect(setting?.rate).toBe(5);
      expect(Math.abs((setting?.processors ?? 0) - processors)).toBeLessThanOrEqual(1);
      expect(setting?.processorsCredible?.low).toBeLessThanOrEqual(processors);
      expect(setting?.processorsCredible?.high).toBeGreaterThanOrEqual(processors);
      // The log shows ~1.1 s gaps failing: the advice is above them and covers N × 200 ms.
      const advice = report.throttling.verdict.dataset.advice.minSpacingMs ?? 0;
      expect(advice).toBeGreaterThanOrEqual(scenario.truth.safeSpacingMs);
      expect(advice).toBeGreaterThan(1100);
    });
  }

  it('sleep(1) over N = 5: gaps of 1.1 s are above the 1 s interval, so no 429 and no advice below it', async () => {
    const { scenario, report } = await forumCase('forum-sleep1-n5');
    expect(scenario.truth.rows.filter((row) => row.status === 429)).toHaveLength(0);
    expect(report.throttling.attributions).toHaveLength(0);
    expect(report.throttling.verdict.dataset.advice.minSpacingMs ?? 0).toBeGreaterThanOrEqual(
      0.9 * scenario.truth.safeSpacingMs,
    );
  });

  it("the legacy key's order flow, a few times a day with faults: SpikeArrest at 25/s on about 6", async () => {
    const { scenario, report } = await forumCase('forum-legacy-orders');
    expect(report.throttling.attributions.length).toBeGreaterThan(0);
    expect(report.throttling.attributions.every((item) => item.layer === 'spike')).toBe(true);
    const setting = report.throttling.spikeModel.setting;
    expect(setting?.rate).toBe(25);
    expect(Math.abs((setting?.processors ?? 0) - 6)).toBeLessThanOrEqual(1);
    expect(report.throttling.verdict.dataset.advice.minSpacingMs ?? 0).toBeGreaterThanOrEqual(
      0.9 * scenario.truth.safeSpacingMs,
    );
  });

  it('sleep(5) with another server on the same key: every 429 is the other consumer', async () => {
    const { scenario, report } = await forumCase('forum-sleep5-worker');
    const { throttled, right } = agreement(scenario, report);
    expect(throttled).toBeGreaterThan(10);
    expect(right).toBe(throttled);
    expect(report.throttling.attributions.every((item) => item.explanation === 'other-consumers')).toBe(true);
    expect(report.throttling.spikeModel.setting?.rate).toBe(5);
  });

  it("the sleep(5) thread's own log (89944): both 429s are another consumer's", async () => {
    const { json } = await analyzeJson(['fixtures/logs/sak-sleep5-thread89944.csv']);
    expect(json.throttling.attributions.map((item: any) => [item.layer, item.explanation])).toEqual([
      ['spike', 'other-consumers'],
      ['spike', 'other-consumers'],
    ]);
  });
  // The legacy thread's ten CDT fault times alone are checked in test/cli/thread-88137-times.test.ts.
});
