// A client whose key an unlogged worker also uses, spaced wider than the per-processor interval: its few rejections
// are explained about as well by a constant share as by the effective count, so the log says little of N. The
// reported range must then still hold the true N (it spans what the N-free models leave open), while a log the
// effective count explains clearly keeps a narrow range.
import { describe, expect, it } from 'vitest';
import { buildSpec } from './families.js';
import { runScenario } from './run-scenario.js';
import { analyzeScenarioText } from './score.js';

interface Outcome {
  readonly holds: boolean;
  readonly width: number;
}

async function credibleOutcome(
  id: string,
  rate: number,
  processors: number,
  spacingFactor: number,
  workerPerInterval: number | null,
  requests: number,
  index: number,
): Promise<Outcome> {
  const intervalMs = (processors * 1000) / rate;
  const spec = buildSpec(
    id,
    {
      rate,
      processors,
      requests,
      spacingFactor,
      body: 'keap',
      limitHeaders: index % 2 === 0 ? 'keap' : 'custom',
      countersOnSpike429: index % 3 === 0,
      foreign:
        workerPerInterval === null
          ? []
          : [
              {
                reach: 'key',
                perSecond: (workerPerInterval * 1000) / intervalMs,
                fromMs: 0,
                toMs: Number.MAX_SAFE_INTEGER,
                pattern: index % 4 < 2 ? 'steady' : 'poisson',
              },
            ],
    },
    53,
  );
  const document = await analyzeScenarioText(runScenario(spec));
  const credible = document.throttling.spikeModel.setting?.processorsCredible ?? null;
  if (credible === null) return { holds: false, width: 0 };
  return { holds: credible.low <= processors && processors <= credible.high, width: credible.high - credible.low };
}

describe('the reported range of N beside models without N', () => {
  it('holds the true N when an unlogged worker on the key explains the rejections as well', async () => {
    const outcomes: Outcome[] = [];
    let index = 0;
    for (const rate of [5, 10, 25])
      for (const processors of [3, 5, 7, 9])
        for (const spacingFactor of [1.2, 1.8])
          for (const worker of [0.5, 1.2]) {
            outcomes.push(
              await credibleOutcome(
                `worker-${rate}-${processors}-${spacingFactor}-${worker}`,
                rate,
                processors,
                spacingFactor,
                worker,
                300,
                index++,
              ),
            );
          }
    // A 95 % range holds the truth at least as often as its level says (the fit alone's held 32 of these 48).
    const held = outcomes.filter((outcome) => outcome.holds).length;
    expect(held).toBeGreaterThanOrEqual(Math.ceil(0.95 * outcomes.length));
  }, 120_000);

  it('keeps the range narrow where the effective count explains the rejections clearly', async () => {
    const outcomes: Outcome[] = [];
    let index = 0;
    for (const rate of [5, 10, 25])
      for (const processors of [2, 4, 6])
        for (const spacingFactor of [0.4, 0.7]) {
          const id = `own-${rate}-${processors}-${spacingFactor}`;
          outcomes.push(await credibleOutcome(id, rate, processors, spacingFactor, null, 1500, index++));
        }
    expect(outcomes.every((outcome) => outcome.holds && outcome.width <= 2)).toBe(true);
  }, 120_000);
});
