import { describe, expect, it } from 'vitest';
import { steadyRejectedShares, steadyShareWeights } from '../../src/spike/steady-share.js';

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('the share of a steady client rejected at (rate, N)', () => {
  it('is nil on one processor when the spacing clears the interval, and the excess over the rate below it', () => {
    expect(mean(steadyRejectedShares(300, 5, 1))).toBe(0);
    // 10 ms apart against 100 ms: one in ten gets through on a single processor.
    expect(mean(steadyRejectedShares(10, 10, 1))).toBeCloseTo(0.9, 1);
    // Random routing rejects some even below the nominal rate, more on more processors.
    const two = mean(steadyRejectedShares(300, 5, 2));
    const eight = mean(steadyRejectedShares(300, 5, 8));
    expect(two).toBeGreaterThan(0.05);
    expect(eight).toBeGreaterThan(two);
  });

  it('weighs the cell that predicts the share seen above one that predicts another, and no cell without a train', () => {
    const rates = [5, 10, 25];
    const processors = [1, 2, 3, 4, 5, 6, 7, 8];
    const spacingMs = 88;
    const truth = mean(steadyRejectedShares(spacingMs, 25, 5));
    const weights = steadyShareWeights(
      [{ spacingMs, sent: 1500, rejected: Math.round(truth * 1500) }],
      rates,
      processors,
    );
    expect(weights).toHaveLength(rates.length * processors.length);
    const weightOf = (rate: number, n: number): number =>
      weights.find((entry) => entry.rate === rate && entry.processors === n)?.logWeight ?? Number.NaN;
    expect(weightOf(25, 5)).toBeGreaterThan(-0.5);
    // 88 ms apart is above 10/s: every processor count there rejects about half, not the share seen.
    for (const n of processors) expect(weightOf(10, n)).toBeLessThan(weightOf(25, 5) - 5);
    expect(steadyShareWeights([], rates, processors)).toEqual([]);
  });

  it('mixes two readings of one train, so a cell either reading fits keeps its weight', () => {
    const one = { spacingMs: 162, sent: 790, rejected: 710 };
    const other = { spacingMs: 81, sent: 1580, rejected: 710 };
    const mixed = steadyShareWeights([one, other], [10], [1]);
    const alone = steadyShareWeights([one], [10], [1]);
    expect(mixed[0]!.logWeight).toBeGreaterThan(alone[0]!.logWeight);
    expect(mixed[0]!.logWeight).toBeGreaterThan(-2);
  });
});
