import { describe, expect, it } from 'vitest';
import { decideSpikeSetting } from '../../src/attribute/spike-setting.js';
import type { SpikePosterior } from '../../src/spike/index.js';

// The faults come counted (one entry per kind, in the order first seen), not one entry per 429: a log of 350,000
// spike 429s held an array of 350,000 references for the setting alone.
const fault = (rate: number, processors: number, unit: 'second' | 'minute' = 'second') => ({ rate, unit, processors });

describe('the SpikeArrest setting from counted faults', () => {
  it('takes the rate and N the most 429s named, weighing each kind by its count', () => {
    const setting = decideSpikeSetting(
      [
        // Counted once each, 10/s (two kinds, seen first) would win the rate and N = 6 the processors.
        { fault: fault(10, 5), count: 3 },
        { fault: fault(10, 4), count: 2 },
        { fault: fault(5, 6), count: 12 },
        { fault: fault(5, 7), count: 40_000 },
        { fault: fault(600, 1, 'minute'), count: 90_000 },
      ],
      null,
      10,
      null,
    );
    expect(setting).toMatchObject({ rate: 5, processors: 7, rateFrom: 'fault', processorsFrom: 'fault' });
    expect(setting?.processorsCredible).toEqual({ low: 7, high: 7, level: 0.9 });
    expect(setting?.intervalMs).toBe(1400);
  });

  it('gives a tie to the kind seen first', () => {
    for (const [firstSeen, thenSeen] of [
      [4, 3],
      [3, 4],
    ] as const) {
      const faults = [firstSeen, thenSeen].map((processors) => ({ fault: fault(10, processors), count: 2 }));
      expect(decideSpikeSetting(faults, null, null, null)?.processors).toBe(firstSeen);
    }
  });

  it('falls back on the profile rate when no fault is per second', () => {
    const setting = decideSpikeSetting([{ fault: fault(600, 1, 'minute'), count: 5 }], null, 25, null);
    expect(setting).toMatchObject({ rate: 25, rateFrom: 'profile', processors: null });
  });
});

// A posterior at 10/s that puts N = 2 and N = 3 at 30 % and 70 % (intervals 200 and 300 ms), N = 1 and 4–10 at none;
// a constant share explains the log `baselineBehind` nats worse than the effective count (by default, far worse).
function posteriorAtTen(baselineBehind = 50): SpikePosterior {
  const byProcessors = Array.from({ length: 10 }, (_, index) => ({
    processors: index + 1,
    posterior: index === 1 ? 0.3 : index === 2 ? 0.7 : 0,
  }));
  const comparison = [
    { model: 'effective-count', logLikelihood: -700 },
    { model: 'baseline', logLikelihood: -700 - baselineBehind },
    { model: 'sliding-window', logLikelihood: -2000 },
  ];
  return {
    summary: {
      observations: 1500,
      accepted: 1200,
      rejected: 300,
      rates: [{ rate: 10, prior: 1, posterior: 1 }],
      comparison,
    },
    processorsGiven: (rate: number) => (rate === 10 ? byProcessors : []),
    intervalQuantile: () => 300,
  } as unknown as SpikePosterior;
}

describe('the range of N with whole-second times', () => {
  it('is the 95 % run when the times are to the millisecond', () => {
    const setting = decideSpikeSetting([], posteriorAtTen(), 10, null);
    expect(setting).toMatchObject({ rate: 10, processors: 3, rateFrom: 'fit' });
    expect(setting?.processorsCredible).toEqual({ low: 2, high: 3, level: 0.95 });
    expect(setting?.intervalUpperMs).toBe(300);
  });

  it('takes in every N whose interval is within the placement error of the run, and the advice covers the largest', () => {
    // Half of a 228 ms share: 86–414 ms holds the intervals of N = 1 to 4.
    const setting = decideSpikeSetting([], posteriorAtTen(), 10, null, 114);
    expect(setting?.processors).toBe(3);
    expect(setting?.processorsCredible).toEqual({ low: 1, high: 4, level: 0.95 });
    expect(setting?.intervalUpperMs).toBe(400);
    // 50 ms reaches no other N's interval (100 ms apart at 10/s).
    const narrow = decideSpikeSetting([], posteriorAtTen(), 10, null, 50);
    expect(narrow?.processorsCredible).toEqual({ low: 2, high: 3, level: 0.95 });
    expect(narrow?.intervalUpperMs).toBe(300);
  });
});

describe('the range of N beside models without N', () => {
  it('stays the fit’s own where the effective count explains the log far better', () => {
    const setting = decideSpikeSetting([], posteriorAtTen(50), 10, null);
    expect(setting?.processorsCredible).toEqual({ low: 2, high: 3, level: 0.95 });
    expect(setting?.processorsIdentified).toBe(true);
  });

  it('takes in the N a constant share leaves open, as far as it explains the log as well', () => {
    // Tied: half the probability is the fit's, half spread evenly over N = 1–10 (5 % each): 3 and 2 hold 60 %,
    // 4–10 the 35 % more the run needs.
    const tied = decideSpikeSetting([], posteriorAtTen(0), 10, null);
    expect(tied?.processorsCredible).toEqual({ low: 2, high: 10, level: 0.95 });
    expect(tied?.processorsIdentified).toBe(false);
    // 2 nats behind: e^-2 / (1 + e^-2) = 11.9 % spread evenly; 2 and 3 then hold 90.5 %, and 4–7 the rest of 95 %.
    const behind = decideSpikeSetting([], posteriorAtTen(2), 10, null);
    expect(behind?.processorsCredible).toEqual({ low: 2, high: 7, level: 0.95 });
    // 3 nats behind: 4.7 % spread evenly, and 2–3 still hold 96 %.
    expect(decideSpikeSetting([], posteriorAtTen(3), 10, null)?.processorsCredible).toEqual({
      low: 2,
      high: 3,
      level: 0.95,
    });
    // The advice covers the fit's interval quantile either way: the range is what the report says, not the spacing.
    expect(tied?.intervalUpperMs).toBe(300);
  });
});
