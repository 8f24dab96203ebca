import { describe, expect, it } from 'vitest';
import {
  countOutcomes,
  createEffectiveCountGateway,
  createRandom,
  runEffectiveCount,
  simulateEffectiveCount,
  smoothTimeline,
  type RateUnit,
} from '../../src/spike/index.js';
import { steadyTimes } from './helpers.js';

describe('effective count with one processor', () => {
  it('equals plain smoothing on 400 random timelines', () => {
    const random = createRandom(2024);
    for (let trial = 0; trial < 400; trial++) {
      const rate = [1, 3, 5, 7, 10, 25, 100][Math.floor(random() * 7)] as number;
      const unit: RateUnit = random() < 0.8 ? 'second' : 'minute';
      const scaleMs = unit === 'second' ? 1000 / rate : 60_000 / rate;
      const times: number[] = [];
      let t = 0;
      for (let i = 0; i < 200; i++) {
        // Mix of same-ms repeats, gaps just under/over the interval, and wide gaps.
        const pick = random();
        t += pick < 0.15 ? 0 : pick < 0.7 ? Math.floor(random() * 2 * scaleMs) : Math.floor(random() * 5 * scaleMs);
        times.push(t);
      }
      const smooth = [
        ...smoothTimeline(
          times.map((tMs) => ({ tMs })),
          { rate, unit },
        ),
      ].map((d) => d.allowed);
      const effective = [...simulateEffectiveCount(times, { rate, unit, processors: 1, burst: 1, seed: trial })].map(
        (d) => d.accepted,
      );
      expect(effective).toEqual(smooth);
    }
  });
});

describe('effective count with several processors', () => {
  it('routes round-robin and rejects a processor that accepted less than I ago', () => {
    // 3ps on 3 processors: each processor allows one per 1000 ms (1099 is 1 ms early, 1200 exactly on time).
    const decisions = [
      ...simulateEffectiveCount([0, 100, 200, 300, 1099, 1200], {
        rate: 3,
        unit: 'second',
        processors: 3,
        routing: 'round-robin',
      }),
    ];
    expect(decisions.map((d) => [d.processor, d.accepted])).toEqual([
      [0, true],
      [1, true],
      [2, true],
      [0, false],
      [1, false],
      [2, true],
    ]);
  });

  it('starts round-robin at the requested processor', () => {
    const decisions = [
      ...simulateEffectiveCount([0, 1, 2], {
        rate: 3,
        unit: 'second',
        processors: 3,
        routing: 'round-robin',
        startProcessor: 2,
      }),
    ];
    expect(decisions.map((d) => d.processor)).toEqual([2, 0, 1]);
  });

  it('lets a burst of 2 through back to back and refills one token per interval', () => {
    const gateway = createEffectiveCountGateway({ rate: 10, unit: 'second', processors: 1, burst: 2 });
    expect([0, 0, 0, 200, 201, 202].map((t) => gateway.route(t).accepted)).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
    ]);
  });

  it('treats a burst below 1 as 1', () => {
    const gateway = createEffectiveCountGateway({ rate: 10, unit: 'second', processors: 1, burst: 0.42 });
    expect([0, 99, 100].map((t) => gateway.route(t).accepted)).toEqual([true, false, true]);
  });

  it('repeats random routing for the same seed and changes it for another', () => {
    const times = steadyTimes(50, 10);
    const run = (seed: number): number[] =>
      [...simulateEffectiveCount(times, { rate: 5, unit: 'second', processors: 6, seed })].map((d) => d.processor);
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('counts own and foreign outcomes apart', () => {
    const counts = runEffectiveCount(
      [{ tMs: 0 }, { tMs: 10, origin: 'foreign' }, { tMs: 20 }, { tMs: 2000, origin: 'foreign' }],
      { rate: 1, unit: 'second', processors: 1 },
    );
    expect(counts).toEqual({
      requests: 4,
      accepted: 2,
      rejected: 2,
      own: { accepted: 1, rejected: 1 },
      foreign: { accepted: 1, rejected: 1 },
    });
  });

  it('reproduces thread 89944: SAK 5ps on 6 processors rejects a client sleeping 1 s about 1 in 7', () => {
    // Each call takes ~50 ms on top of sleep(1): spacing 1050 ms < I = 1200 ms.
    const counts = runEffectiveCount(steadyTimes(20_000, 1050), {
      rate: 5,
      unit: 'second',
      processors: 6,
      seed: 89944,
    });
    expect(Math.abs(counts.rejected / counts.requests - 1 / 7)).toBeLessThan(0.01);
  });

  it('never rejects a lone client spaced at least I apart', () => {
    for (const processors of [5, 6, 7]) {
      expect(
        runEffectiveCount(steadyTimes(5000, 1400), { rate: 5, unit: 'second', processors, seed: processors }).rejected,
      ).toBe(0);
    }
  });

  it('refuses time going backwards and invalid settings', () => {
    const gateway = createEffectiveCountGateway({ rate: 5, unit: 'second', processors: 2 });
    gateway.route(100);
    expect(() => gateway.route(99)).toThrow(RangeError);
    expect(() => createEffectiveCountGateway({ rate: 5, unit: 'second', processors: 0 })).toThrow(RangeError);
    expect(() => createEffectiveCountGateway({ rate: -1, unit: 'second', processors: 1 })).toThrow(RangeError);
  });

  it('tallies any decision stream', () => {
    expect(countOutcomes([])).toEqual({
      requests: 0,
      accepted: 0,
      rejected: 0,
      own: { accepted: 0, rejected: 0 },
      foreign: { accepted: 0, rejected: 0 },
    });
  });
});
