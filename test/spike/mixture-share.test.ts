import { describe, expect, it } from 'vitest';
import {
  minimumSafeSpacingMs,
  mixtureRejectionShare,
  mixtureSafeSpacingMs,
  perProcessorIntervalMs,
  rejectionProbability,
} from '../../src/spike/index.js';

const at = (rate: number, processors: number, weight = 1) => ({
  intervalMs: perProcessorIntervalMs(rate, 'second', processors),
  processors,
  weight,
});

describe('expected 429 share over a weighted set of settings', () => {
  it('is the exact k/(N+k) for one setting, at any spacing', () => {
    for (const spacing of [20, 40, 100, 119, 120, 121, 239, 240, 500]) {
      expect(mixtureRejectionShare(spacing, [at(25, 6)])).toBeCloseTo(
        rejectionProbability(spacing, { rate: 25, unit: 'second', processors: 6, routing: 'random' }),
        12,
      );
    }
  });

  it('weighs the settings: half N=2, half N=6 at 25/s, spaced 100 ms', () => {
    // N=2: I=80, k=0 → 0; N=6: I=240, k=2 → 2/8.
    expect(mixtureRejectionShare(100, [at(25, 2), at(25, 6)])).toBeCloseTo(0.125, 12);
    expect(mixtureRejectionShare(100, [at(25, 2, 3), at(25, 6, 1)])).toBeCloseTo(0.0625, 12);
    expect(mixtureRejectionShare(100, [at(25, 2, 0)])).toBe(0);
  });

  it('gives the single setting’s safe spacing, and the widest weighted interval for a zero target', () => {
    for (const target of [0, 0.02, 0.1, 0.15, 0.3, 0.5]) {
      expect(mixtureSafeSpacingMs(target, [at(25, 6)])).toBeCloseTo(
        minimumSafeSpacingMs(target, { rate: 25, unit: 'second', processors: 6, routing: 'random' }),
        9,
      );
    }
    expect(mixtureSafeSpacingMs(0, [at(25, 3), at(10, 6), at(5, 16, 0)])).toBe(600);
    expect(mixtureSafeSpacingMs(0.5, [])).toBe(0);
    expect(() => mixtureSafeSpacingMs(1.5, [at(25, 6)])).toThrow(RangeError);
  });

  it('never asks for more spacing as the target grows, and meets the target where it stops', () => {
    const settings = [at(25, 4, 0.2), at(25, 6, 0.5), at(25, 9, 0.3)];
    let previous = Number.POSITIVE_INFINITY;
    for (let target = 0; target <= 0.5; target += 0.01) {
      const spacing = mixtureSafeSpacingMs(target, settings);
      expect(spacing).toBeLessThanOrEqual(previous);
      expect(mixtureRejectionShare(spacing, settings)).toBeLessThanOrEqual(target + 1e-12);
      // A hair closer breaks the target (the spacing is the smallest that meets it).
      expect(mixtureRejectionShare(spacing * 0.999, settings)).toBeGreaterThan(target);
      previous = spacing;
    }
  });
});
