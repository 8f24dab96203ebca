import { describe, expect, it } from 'vitest';
import { CumulativeDriftTracker } from '../../src/ledger/cumulative-drift-tracker.js';
import { LevelDriftTracker } from '../../src/ledger/level-drift-tracker.js';
import { FixedWindowTally } from '../../src/ledger/fixed-window-tally.js';
import { GapHistogram } from '../../src/ledger/gap-histogram.js';
import { MedianSmoother } from '../../src/ledger/median-smoother.js';
import { RollingCount } from '../../src/ledger/rolling-count.js';

describe('gap histogram', () => {
  it('keeps gaps under 1024 ms exact and uses nearest-rank quantiles', () => {
    const gaps = new GapHistogram();
    for (const gap of [700, 150, 1023, 150, 300]) gaps.add(gap);
    expect([gaps.count, gaps.min, gaps.quantile(0.05), gaps.quantile(0.5), gaps.quantile(1)]).toEqual([
      5, 150, 150, 300, 1023,
    ]);
  });

  it('rounds long gaps down to their bucket but never outside the observed range', () => {
    const gaps = new GapHistogram();
    for (const gap of [1030, 90_000, 90_000]) gaps.add(gap);
    // 1030 lies in [1024, 1056), whose lower bound is below the min, so the min is reported; 90 000 in [88 064, 90 112).
    expect([gaps.quantile(0.05), gaps.quantile(0.5), gaps.quantile(1), gaps.min]).toEqual([1030, 88_064, 88_064, 1030]);
    const mixed = new GapHistogram();
    for (const gap of [1030, 1050, 2000]) mixed.add(gap);
    // 1050 shares the bucket [1024, 1056) with 1030: its lower bound 1024 is clamped up to the min.
    expect(mixed.quantile(0.5)).toBe(1030);
  });

  it('counts the gaps at most a length and visits each bucket shortest first', () => {
    const gaps = new GapHistogram();
    for (const gap of [50, 50, 99, 100, 101, 1030, 90_000]) gaps.add(gap);
    expect([gaps.countAtMost(49), gaps.countAtMost(50), gaps.countAtMost(100), gaps.countAtMost(1040)]).toEqual([
      0, 2, 4, 6,
    ]);
    const visited: [number, number][] = [];
    gaps.forEachBucket((gapMs, count) => visited.push([gapMs, count]));
    expect(visited).toEqual([
      [50, 2],
      [99, 1],
      [100, 1],
      [101, 1],
      [1024, 1],
      [88_064, 1],
    ]);
  });

  it('finds the middle of the shortest cluster of gaps, where the 5th percentile is its low end', () => {
    // Errors of a queue at 110 ms ± 20 %: two in a row 88–132 ms apart (40), with one success unlogged between
    // them 176–264 ms (30), with two 264–396 ms (20).
    const gaps = new GapHistogram();
    for (let i = 0; i < 40; i++) gaps.add(88 + (i * 44) / 39);
    for (let i = 0; i < 30; i++) gaps.add(176 + (i * 88) / 29);
    for (let i = 0; i < 20; i++) gaps.add(264 + (i * 132) / 19);
    expect(gaps.quantile(0.05)).toBe(92);
    // Up to 1.5 × 92 = 138 ms: the 40 of the first cluster, whose 20th is 109 ms.
    expect(gaps.shortClusterMedian()).toBe(109);
    expect(gaps.atRank(20)).toBe(109);
    expect([gaps.atRank(0), gaps.atRank(1_000)]).toEqual([88, 396]);
    expect(new GapHistogram().shortClusterMedian()).toBeNull();
  });

  it('uses a fixed number of buckets however many gaps it sees', () => {
    const gaps = new GapHistogram();
    expect(gaps.size).toBe(0);
    gaps.add(5);
    const size = gaps.size;
    for (let i = 0; i < 10_000; i++) gaps.add(i * 37);
    expect(gaps.size).toBe(size);
    expect(gaps.count).toBe(10_001);
  });
});

describe('windows', () => {
  it('counts a rolling window as half-open (t − w, t]', () => {
    const second = new RollingCount(1000);
    expect([0, 500, 1000, 1001].map((t) => second.add(t))).toEqual([1, 2, 2, 3]);
    expect(second.countAt(2001)).toBe(0);
    expect(second.peak).toEqual({ count: 3, firstTs: 500, lastTs: 1001 });
  });

  it('ranks fixed windows by count, earlier first on ties, keeping only the top N', () => {
    const tally = new FixedWindowTally(1000, 2);
    for (const t of [0, 1, 1000, 2000, 2001, 3000, 3001, 3002]) tally.add(t);
    expect(tally.busiest()).toEqual([
      { start: 3000, count: 3 },
      { start: 0, count: 2 },
    ]);
    expect(tally.countAt(3500)).toBe(3);
    expect(tally.countAt(4000)).toBe(0);
  });

  it('keeps the median of the last window of readings', () => {
    const smoother = new MedianSmoother(10_000);
    for (const [t, v] of [
      [0, 5],
      [1000, 1],
      [2000, 9],
      [3000, 3],
    ] as const)
      smoother.add(t, v);
    expect([smoother.median(), smoother.spread(), smoother.count]).toEqual([4, 8, 4]);
    smoother.add(10_500, 7); // drops the readings at 0 (5)
    expect([smoother.median(), smoother.count, smoother.earliestAtLeast(7)]).toEqual([5, 4, 2000]);
  });
});

describe('drift tracker', () => {
  it('turns a rise that falls back in the daily excess into a low-confidence episode', () => {
    const tracker = new CumulativeDriftTracker(3, 3000);
    const readings = [0, 0, 6, 6, 6, 6, 0, 0, 0, 0];
    readings.forEach((value, i) => tracker.sample(i * 1000, value, true));
    const { episodes } = tracker.episodes();
    expect(episodes).toEqual([
      { start: 2000, startAfter: 1000, end: 2000, maxExcess: 6, foreignRequests: 6, responses: 5, confidence: 'low' },
    ]);
  });

  it('ignores an excess that never passes the tolerance', () => {
    const tracker = new LevelDriftTracker('rolling-60s', 3, 3000);
    [0, 1, 3, 3, 2, 3, 1, 0].forEach((value, i) => tracker.sample(i * 1000, value, true));
    expect(tracker.episodes()).toEqual({ episodes: [], omitted: 0, total: 0, count: 0 });
  });

  it('says why an estimate is missing', () => {
    const tracker = new LevelDriftTracker('utc-minute', 3, 15_000);
    expect(tracker.estimate(0)).toMatchObject({ requests: null, code: 'NO_READING' });
    tracker.sample(59_000, 2, true);
    expect(tracker.estimate(60_500)).toMatchObject({
      requests: null,
      code: 'NO_READING_IN_WINDOW',
    });
    expect(tracker.estimate(59_500)).toMatchObject({ requests: 2, confidence: 'low' });
  });
});
