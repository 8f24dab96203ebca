// Issue 9: where a log cannot pin N, the reported range must hold the true N. Two fresh labelled sets (every family,
// non-identifiable logs only, each with its own draw of rate, N, spacing, keys and others' traffic) stand for the
// logs users have; at full evidence weight three of their 137 ranges missed N, one of them as others' rate was scored at
// its bin's value.
import { describe, expect, it } from 'vitest';
import { generateScenarios } from './families.js';
import { analyzeScenarioText, scoreScenario } from './score.js';

const SEEDS = [10, 12];

describe('the reported range of N where the log cannot pin it', () => {
  it('holds the true N in every non-identifiable log of two labelled sets', async () => {
    const misses: string[] = [];
    let judged = 0;
    for (const seed of SEEDS)
      for (const scenario of generateScenarios(seed).filter((s) => !s.truth.nIdentifiable)) {
        const score = scoreScenario(scenario, await analyzeScenarioText(scenario));
        if (score.credibleHolds === null) continue;
        judged++;
        if (!score.credibleHolds) misses.push(`${seed}/${score.id}: N ${score.trueProcessors}`);
      }
    expect(judged).toBeGreaterThanOrEqual(130);
    expect(misses).toEqual([]);
  }, 120_000);
});
