// Apigee's Quota fault comes from the Quota policy, which only a request SpikeArrest let through reaches: such a 429
// held a processor for certain. While others on other keys keep the minute quota full, the client's own spike 429s
// between its quota 429s are then its own smoothing (or pace), not the others', whose requests never touch its key's
// processors.
import { describe, expect, it } from 'vitest';
import { buildSpec } from './families.js';
import { minuteOnlyLimits, othersInProduct } from './spec-parts.js';
import { runScenario } from './run-scenario.js';
import { analyzeScenarioText } from './score.js';

describe('quota 429s with Apigee’s Quota fault', () => {
  it('hold a processor: own spike 429s beside a minute others fill stay own in at least 95 %', async () => {
    let own = 0;
    let right = 0;
    let index = 0;
    for (const rate of [5, 10, 25])
      for (const processors of [3, 5])
        for (const spacingFactor of [0.5, 0.7]) {
          const intervalMs = (processors * 1000) / rate;
          const ownPerMinute = 60_000 / (spacingFactor * intervalMs);
          const limit = Math.round(ownPerMinute * 0.8);
          const spec = buildSpec(`quota-fault-${rate}-${processors}-${spacingFactor}`, {
            rate,
            processors,
            requests: 1500,
            spacingFactor,
            body: 'apigee',
            countersOnSpike429: index++ % 2 === 0,
            limitHeaders: 'custom',
            limits: minuteOnlyLimits(limit),
            foreign: [othersInProduct((limit * 0.8) / 60)],
          });
          const scenario = runScenario(spec);
          const document = await analyzeScenarioText(scenario);
          const byLine = new Map(document.throttling.attributions.map((a) => [a.line, a]));
          for (const row of scenario.truth.rows) {
            if (row.layer !== 'spike' || row.explanation === 'other-consumers' || row.explanation === null) continue;
            own++;
            const explanation = byLine.get(row.line)?.explanation;
            if (explanation === row.explanation || (row.alternatives as readonly string[]).includes(explanation ?? ''))
              right++;
          }
        }
    expect(own).toBeGreaterThan(1000);
    // With the even odds of a bare quota 429 instead: 92 % of these.
    expect(right / own).toBeGreaterThanOrEqual(0.95);
  }, 180_000);
});
