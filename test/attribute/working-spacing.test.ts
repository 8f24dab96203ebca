import { describe, expect, it } from 'vitest';
import { adviseClient } from '../../src/attribute/advice.js';
import type { SpikeSetting } from '../../src/attribute/spike-setting.js';
import { createSpikeFitter } from '../../src/spike/index.js';

// A log with no own request rejected by SpikeArrest says nothing about spacings closer than those it ran: 5/s on
// N = 4 (800 ms) against a client at 805–950 ms gave a posterior that put N = 4 at 0.8 % and advised 700 ms.
const setting = { rate: 10, processors: 7, intervalMs: 700, intervalUpperMs: 700 } as unknown as SpikeSetting;
const limits = { perMinute: null, perDay: null };

describe('the spacing the log shows working', () => {
  it('keeps the advice at or above it when no own request was rejected', () => {
    const advice = adviseClient(setting, null, null, limits, 814);
    expect(advice).toMatchObject({ minSpacingMs: 820, coversIntervalMs: 700, failingSpacingMs: null });
    expect(advice.workingSpacingMs).toBe(814);
  });

  it('gives way to the failing spacing when the log shows own requests rejected', () => {
    const advice = adviseClient(setting, null, 900, limits, 814);
    expect(advice).toMatchObject({ minSpacingMs: 910, failingSpacingMs: 900, workingSpacingMs: null });
  });

  it('is read from the gaps before successes only: a quota 429 says nothing of SpikeArrest', () => {
    const fitter = createSpikeFitter({ rates: [5, 10, 25] });
    let t = 0;
    for (let i = 0; i < 100; i++) {
      t += 800 + (i % 10) * 15;
      fitter.observe({ key: 'sak', tMs: t, outcome: 'accepted', foreignPerSecond: null, resolutionMs: 1 });
    }
    // Then the day runs out: quota 429s every 600 ms, which SpikeArrest passed but do not show it letting them through.
    for (let i = 0; i < 100; i++) {
      t += 600;
      fitter.observe({ key: 'sak', tMs: t, outcome: 'passed', foreignPerSecond: null, resolutionMs: 1 });
    }
    const [key] = fitter.result().summary.keys;
    expect(key?.successGaps).toBe(99);
    expect(key?.successGapP5Ms).toBe(800);
    expect(key?.spacing.minMs).toBe(600);
  });
});
