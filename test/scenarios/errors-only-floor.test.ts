import { describe, expect, it } from 'vitest';
import type { SpikeSetting } from '../../src/attribute/spike-setting.js';
import { admittedFloorWords } from '../../src/render/verdict-words.js';
import { buildSpec, RATES } from './families.js';
import { runScenario } from './run-scenario.js';
import { analyzeScenarioText } from './score.js';

const probabilityOf = (setting: SpikeSetting, rate: number): number =>
  setting.rateCandidates.find((candidate) => candidate.rate === rate)?.probability ?? 0;

// The setting the analyser reports for an errors-only log of the project's gateway model.
async function errorsOnlySetting(
  id: string,
  settings: Omit<Parameters<typeof buildSpec>[1], 'logging'>,
): Promise<SpikeSetting | null> {
  const report = await analyzeScenarioText(runScenario(buildSpec(id, { ...settings, logging: 'errors-only' })));
  return report.throttling.spikeModel.setting as SpikeSetting | null;
}

// Logs of only the 429s, no faults, from the project's gateway model: the admitted requests of a steady client rule
// out the rates too low for them, and never the true one, whatever the rate, N, spacing, headers and counters.
describe('errors-only logs: the admitted requests put a floor under the rate', () => {
  it('without faults, never rules out the true rate, and rules lower ones out when the client gets more through than they admit', async () => {
    let judged = 0;
    let ruledOut = 0;
    let index = 0;
    for (const rate of RATES)
      for (const processors of [1, 2, 3, 5, 8])
        for (const spacingFactor of [0.35, 0.6, 0.85]) {
          index++;
          const setting = await errorsOnlySetting(`floor-${rate}-${processors}-${spacingFactor}`, {
            rate,
            processors,
            spacingFactor,
            requests: index % 2 === 0 ? 1500 : 600,
            body: 'keap',
            limitHeaders: index % 3 === 0 ? 'custom' : 'keap',
            countersOnSpike429: index % 4 !== 0,
          });
          if (!setting) continue;
          const context = JSON.stringify({ rate, processors, spacingFactor, admitted: setting.admitted });
          expect(probabilityOf(setting, rate), context).toBeGreaterThan(0.01);
          if (setting.admitted === null) continue;
          judged++;
          expect(setting.admitted.leastRate, context).toBeLessThanOrEqual(rate);
          const lower = setting.rateCandidates.filter((candidate) => candidate.rate < setting.admitted!.leastRate);
          for (const candidate of lower) expect(candidate.probability, context).toBeLessThan(1e-9);
          if (lower.length > 0) {
            ruledOut++;
            expect(admittedFloorWords(setting)).toContain(`more than ${lower.map((c) => `${c.rate}/s`).join(' or ')}`);
          }
        }
    expect(judged).toBeGreaterThanOrEqual(10);
    expect(ruledOut).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it('is not offered when the fault bodies name the rate', async () => {
    let settings = 0;
    for (const [index, rate] of RATES.entries()) {
      const setting = await errorsOnlySetting(`floor-faults-${rate}`, {
        rate,
        processors: 2 + index,
        spacingFactor: 0.35,
        requests: 1500,
        body: 'apigee',
        limitHeaders: 'keap',
        countersOnSpike429: true,
      });
      if (!setting) continue;
      settings++;
      expect(setting.rate, `rate ${rate}`).toBe(rate);
      expect(setting.admitted, `rate ${rate}`).toBeNull();
      expect(admittedFloorWords(setting)).toBeNull();
    }
    expect(settings).toBe(RATES.length);
  }, 60_000);
});

// A client faster than one candidate rate and slower than the next: the admitted requests rule neither out, but the
// share of its requests rejected does, since each (rate, N) predicts that share for the spacing the day counter
// confirms. Over both rate pairs, N, spacings, lengths and headers, the true rate is never ruled out, the credible N
// holds the truth, and the rate chosen is the true one in most logs (a tie would go to the lower rate: always wrong).
describe('errors-only logs: the rejected share tells rates apart', () => {
  it('names the higher rate for a client between two, and keeps the truth in the credible set', async () => {
    let judged = 0;
    let counted = 0;
    let rateRight = 0;
    let index = 0;
    const misses: string[] = [];
    for (const rate of [10, 25])
      for (const processors of [2, 3, 4, 5])
        for (const timesNominal of [1.15, 1.6]) {
          index++;
          // The client sends this many times the next lower rate (5 or 10/s): between it and the true one.
          const lower = rate === 10 ? 5 : 10;
          const spacingFactor = rate / (lower * timesNominal * processors);
          const setting = await errorsOnlySetting(`between-${rate}-${processors}-${timesNominal}`, {
            rate,
            processors,
            spacingFactor,
            requests: index % 2 === 0 ? 1500 : 800,
            body: 'keap',
            limitHeaders: index % 3 === 0 ? 'keap' : 'custom',
            countersOnSpike429: true,
          });
          if (!setting?.admitted) continue;
          judged++;
          const chosen = { chosen: setting.rate, credible: setting.processorsCredible };
          const context = JSON.stringify({ rate, processors, spacingFactor, ...chosen });
          expect(probabilityOf(setting, rate), context).toBeGreaterThan(0.01);
          expect(setting.processorsCredible!.low, context).toBeLessThanOrEqual(processors);
          expect(setting.processorsCredible!.high, context).toBeGreaterThanOrEqual(processors);
          if (setting.admitted.byDayCounter.length > 0) {
            counted++;
            const words = admittedFloorWords(setting);
            for (const train of setting.admitted.byDayCounter)
              expect(words).toContain(`${Math.round(train.sent)} requests (`);
          }
          if (setting.rate === rate) rateRight++;
          else misses.push(context);
        }
    expect(judged).toBeGreaterThanOrEqual(8);
    expect(counted).toBeGreaterThanOrEqual(judged - 1);
    expect(rateRight / judged, misses.join('\n')).toBeGreaterThanOrEqual(0.8);
  }, 180_000);
});
