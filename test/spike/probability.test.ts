import { describe, expect, it } from 'vitest';
import {
  createRandom,
  fixedPointRejection,
  minimumSafeSpacingMs,
  ownRequestsInInterval,
  rejectionProbability,
  runEffectiveCount,
  smoothTimeline,
  type Routing,
  type SteadyClientParams,
} from '../../src/spike/index.js';
import { steadyTimes } from './helpers.js';

const sak = (processors: number, routing: Routing = 'random'): SteadyClientParams => ({
  rate: 5,
  unit: 'second',
  processors,
  routing,
});

describe('ownRequestsInInterval', () => {
  it('counts the earlier requests strictly inside the interval', () => {
    expect(ownRequestsInInterval(1000, 1200)).toBe(1);
    expect(ownRequestsInInterval(400, 1200)).toBe(2);
    expect(ownRequestsInInterval(399, 1200)).toBe(3);
    expect(ownRequestsInInterval(1200, 1200)).toBe(0);
    expect(ownRequestsInInterval(0, 1200)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is not fooled by float rounding at an exact division', () => {
    // 1000 / 3 × 3 is 1000 in exact arithmetic: k must be 2, not 3.
    expect(ownRequestsInInterval(1000 / 3, 1000)).toBe(2);
  });
});

describe('rejectionProbability', () => {
  it('gives the thread-89944 case: 5ps, sleep(1) spacing 1000 ms', () => {
    expect(rejectionProbability(1000, sak(6))).toBeCloseTo(1 / 7, 12);
    expect(rejectionProbability(1000, sak(7))).toBeCloseTo(1 / 8, 12);
    // N = 5 puts I at exactly 1000 ms: a token is back just in time.
    expect(rejectionProbability(1000, sak(5))).toBe(0);
  });

  it('is zero at 5000 ms spacing for N = 5..7', () => {
    for (const n of [5, 6, 7]) expect(rejectionProbability(5000, sak(n))).toBe(0);
  });

  it('gives the round-robin answer 1 − 1/⌈(unit/rate)/Δ⌉', () => {
    expect(rejectionProbability(100, sak(6, 'round-robin'))).toBe(0.5);
    expect(rejectionProbability(60, sak(6, 'round-robin'))).toBe(0.75);
    expect(rejectionProbability(200, sak(6, 'round-robin'))).toBe(0);
  });

  it('is 1 for zero spacing', () => {
    expect(rejectionProbability(0, sak(6))).toBe(1);
    expect(rejectionProbability(0, sak(6, 'round-robin'))).toBe(1);
  });

  it('with one processor is 0 from the interval on and matches smoothing below it', () => {
    const random = createRandom(11);
    for (let trial = 0; trial < 60; trial++) {
      const rate = 1 + Math.floor(random() * 30);
      const intervalMs = 1000 / rate;
      const spacingMs = Math.max(1, Math.floor(random() * 2.5 * intervalMs));
      for (const routing of ['random', 'round-robin'] as const) {
        const p = rejectionProbability(spacingMs, { rate, unit: 'second', processors: 1, routing });
        if (spacingMs >= intervalMs) expect(p).toBe(0);
        const n = 6000;
        const rejected = [
          ...smoothTimeline(
            steadyTimes(n, spacingMs).map((tMs) => ({ tMs })),
            { rate, unit: 'second' },
          ),
        ].filter((d) => !d.allowed).length;
        // The long-run share; a finite run differs by at most one cycle.
        expect(Math.abs(rejected / n - p)).toBeLessThan(0.002);
      }
    }
  });

  it('never rises as the spacing widens (random parameters, both routings)', () => {
    const random = createRandom(77);
    for (let trial = 0; trial < 400; trial++) {
      const params: SteadyClientParams = {
        rate: 1 + Math.floor(random() * 50),
        unit: random() < 0.8 ? 'second' : 'minute',
        processors: 1 + Math.floor(random() * 10),
        routing: random() < 0.5 ? 'random' : 'round-robin',
        method: random() < 0.5 ? 'exact' : 'fixed-point',
      };
      let previous = 1;
      for (let spacing = 1; spacing < 15_000; spacing = Math.ceil(spacing * 1.07)) {
        const p = rejectionProbability(spacing, params);
        expect(p).toBeLessThanOrEqual(previous);
        expect(p).toBeGreaterThanOrEqual(0);
        previous = p;
      }
    }
  });

  it.each([
    { rate: 5, processors: 6, spacingMs: 1000 },
    { rate: 5, processors: 7, spacingMs: 1000 },
    { rate: 5, processors: 5, spacingMs: 1000 },
    { rate: 5, processors: 6, spacingMs: 300 },
    { rate: 5, processors: 7, spacingMs: 150 },
    { rate: 10, processors: 6, spacingMs: 100 },
    { rate: 25, processors: 6, spacingMs: 50 },
    { rate: 5, processors: 6, spacingMs: 5000 },
  ])(
    'agrees with a seeded Monte Carlo run within 0.01: $rate ps, N=$processors, Δ=$spacingMs ms',
    ({ rate, processors, spacingMs }) => {
      const n = 50_000;
      const counts = runEffectiveCount(steadyTimes(n, spacingMs), {
        rate,
        unit: 'second',
        processors,
        routing: 'random',
        seed: 4242,
      });
      const p = rejectionProbability(spacingMs, { rate, unit: 'second', processors, routing: 'random' });
      expect(Math.abs(counts.rejected / n - p)).toBeLessThan(0.01);
    },
  );

  it('shows the independence fixed point is low once k ≥ 2 while the exact form matches the simulation', () => {
    const n = 50_000;
    const counts = runEffectiveCount(steadyTimes(n, 150), { rate: 5, unit: 'second', processors: 7, seed: 99 });
    const exact = rejectionProbability(150, sak(7));
    const fixedPoint = rejectionProbability(150, { ...sak(7), method: 'fixed-point' });
    expect(exact).toBe(9 / 16);
    expect(Math.abs(counts.rejected / n - exact)).toBeLessThan(0.01);
    expect(exact - fixedPoint).toBeGreaterThan(0.05);
  });

  it('solves the fixed point p = 1 − (1 − (1 − p)/N)^k', () => {
    expect(fixedPointRejection(1, 6)).toBeCloseTo(1 / 7, 12);
    expect(fixedPointRejection(2, 1)).toBeCloseTo((Math.sqrt(5) - 1) / 2, 12);
    expect(fixedPointRejection(0, 6)).toBe(0);
  });
});

describe('minimumSafeSpacingMs', () => {
  it('is I for target 0 with random routing and the nominal interval with round-robin', () => {
    expect(minimumSafeSpacingMs(0, sak(6))).toBe(1200);
    expect(minimumSafeSpacingMs(0, sak(7))).toBe(1400);
    expect(minimumSafeSpacingMs(0, sak(6, 'round-robin'))).toBe(200);
    expect(minimumSafeSpacingMs(0, { rate: 25, unit: 'second', processors: 6, routing: 'random' })).toBe(240);
  });

  it('allows k own requests in the interval when P(k) stays within the target', () => {
    // 5ps N=6: k=1 → 1/7 ≈ 0.143, k=2 → 0.25.
    expect(minimumSafeSpacingMs(0.15, sak(6))).toBe(600);
    expect(minimumSafeSpacingMs(0.1, sak(6))).toBe(1200);
    expect(minimumSafeSpacingMs(0.5, sak(6, 'round-robin'))).toBe(100);
    expect(minimumSafeSpacingMs(1, sak(6))).toBe(0);
  });

  it('returns the smallest spacing meeting the target (random parameters)', () => {
    const random = createRandom(31);
    for (let trial = 0; trial < 300; trial++) {
      const params: SteadyClientParams = {
        rate: 1 + Math.floor(random() * 30),
        unit: 'second',
        processors: 1 + Math.floor(random() * 10),
        routing: random() < 0.5 ? 'random' : 'round-robin',
      };
      const target = random() * 0.9;
      const spacing = minimumSafeSpacingMs(target, params);
      expect(rejectionProbability(spacing, params)).toBeLessThanOrEqual(target);
      expect(rejectionProbability(spacing * 0.999, params)).toBeGreaterThan(target);
    }
  });

  it('refuses a target outside [0, 1]', () => {
    expect(() => minimumSafeSpacingMs(-0.1, sak(6))).toThrow(RangeError);
    expect(() => minimumSafeSpacingMs(1.5, sak(6))).toThrow(RangeError);
  });
});

describe('minimumSafeSpacingMs near certainty', () => {
  it('answers quickly for a target just below 1', () => {
    // k/(N+k) ≤ 0.999999 with N = 6 allows k = 5,999,994.
    expect(minimumSafeSpacingMs(0.999999, sak(6))).toBeCloseTo(1200 / 5_999_995, 12);
    expect(minimumSafeSpacingMs(0.999, { ...sak(6), method: 'fixed-point' })).toBeGreaterThan(0);
  });
});
