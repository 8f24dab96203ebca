import { describe, expect, it } from 'vitest';
import {
  createRandom,
  predictRejections,
  rejectionProbability,
  repace,
  type PredictionParams,
} from '../../src/spike/index.js';
import { steadyTimes } from './helpers.js';

const sak6: PredictionParams = { rate: 5, unit: 'second', processors: 6 };

function randomLog(random: () => number, count: number): number[] {
  const out: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) out.push((t += Math.floor(random() * (random() < 0.5 ? 50 : 800))));
  return out;
}

describe('repace', () => {
  it('holds consecutive sends at least spacingMs apart and never sends early', () => {
    expect([...repace([0, 0, 0, 1000, 1100], { spacingMs: 300 })]).toEqual([0, 300, 600, 1000, 1300]);
  });

  it('turns ratePerSecond into a minimum gap', () => {
    expect([...repace([0, 0, 0, 0], { ratePerSecond: 2 })]).toEqual([0, 500, 1000, 1500]);
  });

  it('keeps at most concurrency requests in flight for the assumed latency', () => {
    expect([...repace([0, 0, 0, 0, 0], { concurrency: 2, latencyMs: 400 })]).toEqual([0, 0, 400, 400, 800]);
  });

  it('applies every constraint at once', () => {
    expect([...repace([0, 0, 0, 0], { spacingMs: 100, concurrency: 2, latencyMs: 400 })]).toEqual([0, 100, 400, 500]);
  });

  it('leaves an already slow log unchanged', () => {
    expect([...repace([0, 1000, 5000], { spacingMs: 200, ratePerSecond: 4 })]).toEqual([0, 1000, 5000]);
  });

  it('streams lazily from an endless source', () => {
    function* endless(): Generator<number> {
      for (let i = 0; ; i++) yield i;
    }
    const out: number[] = [];
    for (const t of repace(endless(), { spacingMs: 10 })) {
      out.push(t);
      if (out.length === 3) break;
    }
    expect(out).toEqual([0, 10, 20]);
  });

  it('refuses concurrency without latency', () => {
    expect(() => [...repace([0], { concurrency: 2 })]).toThrow(RangeError);
    expect(() => [...repace([0], { concurrency: 0, latencyMs: 10 })]).toThrow(RangeError);
  });
});

describe('predictRejections', () => {
  it('converges to the steady-state probability for a steady client', () => {
    const n = 20_000;
    const prediction = predictRejections(steadyTimes(n, 1000), sak6, 1);
    expect(prediction.requests).toBe(n);
    expect(prediction.analyticExact).toBe(true);
    expect(Math.abs(prediction.expectedRejections / n - 1 / 7)).toBeLessThan(0.001);
    expect(Math.abs(prediction.simulatedRejections / n - 1 / 7)).toBeLessThan(0.01);
  });

  it('matches the average of many seeded simulations on an irregular log', () => {
    const times = randomLog(createRandom(5), 60);
    const params: PredictionParams = { rate: 10, unit: 'second', processors: 6 };
    const runs = 4000;
    let total = 0;
    for (let seed = 1; seed <= runs; seed++) total += predictRejections(times, params, seed).simulatedRejections;
    const expected = predictRejections(times, params, 1).expectedRejections;
    expect(expected).toBeGreaterThan(1);
    expect(Math.abs(total / runs - expected)).toBeLessThan(0.05 * expected);
  });

  it('is exact and equal to the simulation with round-robin routing', () => {
    const times = randomLog(createRandom(6), 500);
    const p = predictRejections(times, { ...sak6, routing: 'round-robin' }, 9);
    expect(p.expectedRejections).toBe(p.simulatedRejections);
    expect(p.expectedRejections).toBeGreaterThan(0);
  });

  it('flags the analytic figure as approximate with a burst above 1', () => {
    expect(predictRejections([0, 1], { ...sak6, burst: 2 }, 1).analyticExact).toBe(false);
  });

  it('predicts nothing once the log is re-paced to the per-processor interval', () => {
    const random = createRandom(8);
    for (let trial = 0; trial < 50; trial++) {
      const times = randomLog(random, 200);
      const p = predictRejections(repace(times, { spacingMs: 1200 }), sak6, trial);
      expect([p.expectedRejections, p.simulatedRejections]).toEqual([0, 0]);
    }
  });

  it('can predict more 429s for a wider spacing below the interval even with one processor', () => {
    // 10ps, I = 100 ms. Spacing 52 leaves the last request at its own time 554 (134 ms after 420);
    // spacing 94 drags it to 578, only 94 ms after the accepted 484.
    const times = [84, 296, 368, 402, 554];
    const params: PredictionParams = { rate: 10, unit: 'second', processors: 1 };
    const narrow = [...repace(times, { spacingMs: 52 })];
    const wide = [...repace(times, { spacingMs: 94 })];
    expect(narrow).toEqual([84, 296, 368, 420, 554]);
    expect(wide).toEqual([84, 296, 390, 484, 578]);
    expect(predictRejections(narrow, params, 1)).toMatchObject({ expectedRejections: 1, simulatedRejections: 1 });
    expect(predictRejections(wide, params, 1)).toMatchObject({ expectedRejections: 2, simulatedRejections: 2 });
  });

  it('never predicts more 429s for a wider spacing of a burst, any N', () => {
    const random = createRandom(43);
    for (let trial = 0; trial < 300; trial++) {
      const burst = Array.from({ length: 10 + Math.floor(random() * 100) }, () => 0);
      const params: PredictionParams = {
        rate: [5, 10, 25][Math.floor(random() * 3)]!,
        unit: 'second',
        processors: 1 + Math.floor(random() * 10),
      };
      let previous = Number.POSITIVE_INFINITY;
      for (let spacing = 5; spacing <= 2000; spacing += 15) {
        const e = predictRejections(repace(burst, { spacingMs: spacing }), params, 1).expectedRejections;
        expect(e).toBeLessThanOrEqual(previous + 1e-9);
        previous = e;
      }
    }
  });

  it('can predict more 429s for a wider spacing on an irregular log with N > 1', () => {
    // A wider spacing turned a rejected request into an accepted one that then blocks its
    // processor for later requests: the model is not monotone in general (MC confirms it).
    const times = [
      625, 629, 1373, 1501, 1528, 1570, 1613, 1624, 2402, 3040, 3070, 3246, 3801, 4404, 4645, 4687, 4727, 5343, 5348,
      5366, 5791, 5902,
    ];
    const params: PredictionParams = { rate: 10, unit: 'second', processors: 6 };
    const narrow = [...repace(times, { spacingMs: 23 })];
    const wide = [...repace(times, { spacingMs: 109 })];
    const e23 = predictRejections(narrow, params, 1).expectedRejections;
    const e109 = predictRejections(wide, params, 1).expectedRejections;
    expect(e23).toBeCloseTo(5.0688, 3);
    expect(e109).toBeCloseTo(5.3743, 3);
    let total = 0;
    for (let seed = 1; seed <= 20_000; seed++) total += predictRejections(wide, params, seed).simulatedRejections;
    expect(Math.abs(total / 20_000 - e109)).toBeLessThan(0.05);
  });

  it('agrees with rejectionProbability for every steady spacing once settled', () => {
    for (const spacing of [150, 300, 500, 1000, 1300]) {
      const n = 20_000;
      const p = predictRejections(steadyTimes(n, spacing), sak6, 1);
      expect(
        Math.abs(p.expectedRejections / n - rejectionProbability(spacing, { ...sak6, routing: 'random' })),
      ).toBeLessThan(0.001);
    }
  });
});
