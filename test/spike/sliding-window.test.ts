import { describe, expect, it } from 'vitest';
import { createSlidingWindow, simulateSlidingWindow } from '../../src/spike/index.js';

describe('sliding window', () => {
  it('admits at most rate requests in any rolling (t − 1 s, t]', () => {
    const decisions = [...simulateSlidingWindow([0, 10, 20, 30, 1000, 1005, 1010], { rate: 3, unit: 'second' })];
    expect(decisions.map((d) => [d.admittedInWindow, d.accepted])).toEqual([
      [0, true],
      [1, true],
      [2, true],
      [3, false],
      [2, true],
      [3, false],
      [2, true],
    ]);
  });

  it('allows a burst up to the rate with no smoothing', () => {
    const decisions = [
      ...simulateSlidingWindow(
        Array.from({ length: 12 }, () => 0),
        { rate: 10, unit: 'second' },
      ),
    ];
    expect(decisions.filter((d) => d.accepted)).toHaveLength(10);
  });

  it('uses a 60 s window for per-minute rates', () => {
    const limiter = createSlidingWindow({ rate: 2, unit: 'minute' });
    expect([0, 1000, 59_999, 60_000, 60_001].map((t) => limiter.admit(t))).toEqual([true, true, false, true, false]);
  });

  it('keeps origin tags', () => {
    const decisions = [
      ...simulateSlidingWindow([{ tMs: 0, origin: 'foreign' }, { tMs: 1 }], { rate: 1, unit: 'second' }),
    ];
    expect(decisions.map((d) => [d.origin, d.accepted])).toEqual([
      ['foreign', true],
      ['own', false],
    ]);
  });
});
