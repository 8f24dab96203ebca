import { describe, expect, it } from 'vitest';
import { scenarioSpecs } from '../scenarios/families.js';
import { runScenario } from '../scenarios/run-scenario.js';
import { analyzeScenarioText } from '../scenarios/score.js';

// The minute-others family: other keys of the same tenant fill the product minute, none of them on this key.
describe("others' traffic in a tenant-wide bucket, on other keys", () => {
  it('leaves the true rate plausible and the advice at or above the true safe spacing', async () => {
    const specs = scenarioSpecs().filter((spec) => spec.family === 'minute-others');
    expect(specs.length).toBeGreaterThanOrEqual(4);
    let judged = 0;
    for (const spec of specs) {
      const scenario = runScenario(spec);
      const report = (await analyzeScenarioText(scenario)) as any;
      const setting = report.throttling.spikeModel.setting;
      if (!setting) continue;
      judged++;
      const truth = setting.rateCandidates.find((candidate: any) => candidate.rate === spec.rate);
      expect({ id: spec.id, plausible: (truth?.probability ?? 0) >= 0.05 }).toEqual({ id: spec.id, plausible: true });
      const advice = report.throttling.verdict.dataset.advice.minSpacingMs;
      expect({ id: spec.id, safe: advice >= 0.9 * scenario.truth.safeSpacingMs }).toEqual({ id: spec.id, safe: true });
    }
    // Logs without a fitted setting say nothing here: most of the family must have one.
    expect(judged).toBeGreaterThanOrEqual(4);
  });
});
