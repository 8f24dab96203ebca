import { describe, expect, it } from 'vitest';
import { binForeign, foreignOfBin } from '../../src/spike/posterior-fit.js';

// Others' rate is binned before the fit scores it: a bin twice as wide as the last mis-stated 3.65/s as 2.56/s, which at
// 25/s could not explain the rejections an unlogged worker caused, so the fit picked 5/s and a range without the true N.
describe("others' rate bins", () => {
  it('keep every rate from 1/100 to 5,000 per second within a fourth root of 2 of itself', () => {
    let worst = 1;
    for (let exponent = -2; exponent <= 3.7; exponent += 0.01) {
      const perSecond = 10 ** exponent;
      const ratio = (foreignOfBin(binForeign(perSecond)) as number) / perSecond;
      worst = Math.max(worst, ratio, 1 / ratio);
    }
    expect(worst).toBeGreaterThan(1.15);
    expect(worst).toBeLessThanOrEqual(2 ** 0.25 + 1e-9);
  });

  it('keep "no counter said" and "counters show none" apart from every rate', () => {
    expect(foreignOfBin(binForeign(null))).toBeNull();
    expect(foreignOfBin(binForeign(0))).toBe(0);
    expect(binForeign(0.001)).not.toBe(binForeign(0));
  });
});
