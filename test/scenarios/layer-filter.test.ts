import { describe, expect, it } from 'vitest';
import { layerChancesFromLog, type FilterEvent } from './layer-filter.js';

// The instrument's log-information ceiling: a particle filter over the processors, checked where the answer is known.
describe('the layer filter behind "layer ceiling from what the logs hold"', () => {
  const setting = { rate: 10, processors: 1, seed: 3 };

  it('calls a 429 SpikeArrest’s for certain when a success soon after shows it never held a processor', () => {
    // Two processors, 200 ms each: one holds the success at 450 ms, so the 429 at 500 ms was an even chance; the
    // success at 540 ms found a processor free, which it could not have if the 429 had passed to the quota.
    const events: FilterEvent[] = [
      { kind: 'own', id: 1, sendMs: 450, outcome: 'accepted' },
      { kind: 'own', id: 2, sendMs: 500, outcome: 'ambiguous' },
      { kind: 'own', id: 3, sendMs: 540, outcome: 'accepted' },
    ];
    expect(layerChancesFromLog({ rate: 10, processors: 2, seed: 3 }, events).get(2)).toBeCloseTo(1, 9);
    expect(layerChancesFromLog({ rate: 10, processors: 2, seed: 3 }, events.slice(0, 2)).get(2)).toBeCloseTo(0.5, 1);
  });

  it('calls a 429 the quota’s for certain when nothing held the processor for a second before it', () => {
    const events: FilterEvent[] = [
      { kind: 'own', id: 1, sendMs: 0, outcome: 'accepted' },
      { kind: 'own', id: 2, sendMs: 1000, outcome: 'ambiguous' },
    ];
    expect(layerChancesFromLog(setting, events).get(2)).toBe(0);
  });

  it('gives the share SpikeArrest rejects to a steady run of 429s it cannot see into (45 ms against 100 ms)', () => {
    const events: FilterEvent[] = Array.from({ length: 400 }, (_, i) => ({
      kind: 'own',
      id: i,
      sendMs: i * 45,
      outcome: i === 0 ? 'accepted' : 'ambiguous',
    }));
    const chances = [...layerChancesFromLog(setting, events).values()].slice(50);
    const mean = chances.reduce((sum, chance) => sum + chance, 0) / chances.length;
    // One pass per 100 ms (and the 45 ms steps past it) of 22 requests a second: a bit over half are rejected.
    expect(mean).toBeGreaterThan(0.5);
    expect(mean).toBeLessThan(0.7);
    expect(Math.min(...chances)).toBeGreaterThan(0.2);
  });
});
