import { describe, expect, it } from 'vitest';
import { decideSpikeSetting } from '../../src/attribute/spike-setting.js';

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
    const first = decideSpikeSetting(
      [
        { fault: fault(10, 4), count: 2 },
        { fault: fault(10, 3), count: 2 },
      ],
      null,
      null,
      null,
    );
    expect(first?.processors).toBe(4);
    const swapped = decideSpikeSetting(
      [
        { fault: fault(10, 3), count: 2 },
        { fault: fault(10, 4), count: 2 },
      ],
      null,
      null,
      null,
    );
    expect(swapped?.processors).toBe(3);
  });

  it('falls back on the profile rate when no fault is per second', () => {
    const setting = decideSpikeSetting([{ fault: fault(600, 1, 'minute'), count: 5 }], null, 25, null);
    expect(setting).toMatchObject({ rate: 25, rateFrom: 'profile', processors: null });
  });
});
