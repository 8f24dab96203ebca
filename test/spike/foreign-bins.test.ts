import { describe, expect, it } from 'vitest';
import { createSpikeFitter } from '../../src/spike/index.js';
import { binForeign, foreignOfBin, foreignRateOf } from '../../src/spike/posterior-fit.js';

// Others' rate is binned before the fit scores it, in powers of two: scored at the bin's own value, an unlogged worker's
// 3.65/s counted as 2.56/s, which at 25/s could not explain its rejections, so the fit picked 5/s and a range without the
// true N. Each bin is scored at the mean of the rates counted in it instead.
describe("others' rate bins", () => {
  it('score each bin at the mean of the rates counted in it, per key', () => {
    const fitter = createSpikeFitter({ rates: [5, 10, 25] });
    const rates = [3.2, 3.4, 3.6];
    for (let i = 0; i < 300; i++) {
      fitter.observe({
        key: 'worker-key',
        tMs: i * 500,
        outcome: i % 9 === 0 ? 'rejected' : 'accepted',
        foreignPerSecond: rates[i % 3] as number,
        resolutionMs: 1,
      });
      fitter.observe({
        key: 'quiet-key',
        tMs: i * 500 + 1,
        outcome: 'accepted',
        foreignPerSecond: 0.3,
        resolutionMs: 1,
      });
    }
    const [worker, quiet] = fitter.evidence().keys;
    const bin = binForeign(3.4);
    expect(binForeign(3.2)).toBe(bin);
    expect(foreignOfBin(bin)).toBeCloseTo(2.56, 9);
    expect(foreignRateOf(worker!, bin)).toBeCloseTo(3.4, 9);
    expect(foreignRateOf(quiet!, binForeign(0.3))).toBeCloseTo(0.3, 9);
    // A bin the key never counted falls back to the bin's own value.
    expect(foreignRateOf(quiet!, bin)).toBeCloseTo(2.56, 9);
  });

  it('keep "no counter said" and "counters show none" apart from every rate', () => {
    expect(foreignOfBin(binForeign(null))).toBeNull();
    expect(foreignOfBin(binForeign(0))).toBe(0);
    expect(binForeign(0.001)).not.toBe(binForeign(0));
  });
});
