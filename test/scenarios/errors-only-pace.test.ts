// An errors-only log holds none of the successes that filled a minute window, so the counters' rise beyond its rows
// reads as others' traffic. When the spacing its errors show is by itself enough for the minute limit, its quota 429s
// are the client's own exhaustion; when others filled the window at a pace the client could not, they stay others'.
import { describe, expect, it } from 'vitest';
import { buildSpec } from './families.js';
import { runScenario, type ScenarioSpec } from './run-scenario.js';
import { analyzeScenarioText } from './score.js';

async function minuteExplanations(spec: ScenarioSpec): Promise<{ exhaustion: number; of: number }> {
  const scenario = runScenario(spec);
  const document = await analyzeScenarioText(scenario);
  const byLine = new Map(document.throttling.attributions.map((a) => [a.line, a]));
  let exhaustion = 0;
  let of = 0;
  for (const row of scenario.truth.rows) {
    if (row.layer !== 'product-minute') continue;
    of++;
    if (byLine.get(row.line)?.explanation === 'exhaustion') exhaustion++;
  }
  return { exhaustion, of };
}

const limitsOf = (perMinute: number) => ({
  productPerMinute: perMinute,
  productPerDay: 1_000_000,
  tenantPerMinute: 100_000,
  tenantPerDay: 10_000_000,
});

describe('quota 429s of an errors-only log', () => {
  it('are the client’s own exhaustion when the pace its errors show fills the minute limit alone', async () => {
    let exhaustion = 0;
    let of = 0;
    let index = 0;
    // Keap's PAT/SAK limits (240 a minute) against timers at 8-10 requests a second, near SpikeArrest's 10/s.
    for (const spacingMs of [105, 115, 125])
      for (const processors of [2, 3])
        for (const body of ['apigee', 'keap'] as const) {
          const spec = buildSpec(`eo-pace-${spacingMs}-${processors}-${body}`, {
            rate: 10,
            processors,
            requests: 1500,
            client: { style: 'paced', spacingMs, jitter: 0.2, burstShare: 0 },
            body,
            limitHeaders: index++ % 2 === 0 ? 'keap' : 'custom',
            logging: 'errors-only',
          });
          const counted = await minuteExplanations(spec);
          exhaustion += counted.exhaustion;
          of += counted.of;
        }
    expect(of).toBeGreaterThan(1000);
    // Before the pace was read: 65 % of these.
    expect(exhaustion / of).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('stay others’ when others filled the window at a pace the client alone could not reach', async () => {
    const spec = buildSpec('eo-pace-others', {
      rate: 10,
      processors: 2,
      requests: 600,
      client: { style: 'paced', spacingMs: 1000, jitter: 0.05, burstShare: 0 },
      limits: limitsOf(240),
      limitHeaders: 'custom',
      logging: 'errors-only',
      foreign: [{ reach: 'product', perSecond: 5, fromMs: 0, toMs: Number.MAX_SAFE_INTEGER, pattern: 'poisson' }],
    });
    const counted = await minuteExplanations(spec);
    expect(counted.of).toBeGreaterThan(50);
    expect(counted.exhaustion).toBe(0);
  }, 60_000);
});
