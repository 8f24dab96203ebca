import { describe, expect, it } from 'vitest';
import { spikeOutcome } from '../../src/attribute/spike-outcome.js';
import { KEAP_429, makeEvent, quota, window } from '../helpers/events.js';

// The one rule for what SpikeArrest did with a request, as the fit, the simulator and the tallies book it.
describe('spikeOutcome', () => {
  it('books a success as accepted while every quota has room', () => {
    const event = makeEvent({ counters: { productThrottle: window(240, 100), productQuota: quota(30_000, 500) } });
    expect(spikeOutcome(event, null)).toBe('accepted');
  });

  it.each([
    ['took the last of the minute', { productThrottle: window(240, 240) }],
    ['left 3 of the minute (within the counters’ jitter)', { productThrottle: window(240, 237) }],
    ['left 2 of the day', { productThrottle: window(240, 10), productQuota: quota(30_000, 29_998) }],
  ])('holds a success that %s, without scoring it: a rejection then reads like the quota’s', (_name, counters) => {
    expect(spikeOutcome(makeEvent({ counters }), null)).toBe('held');
  });

  it('books a spike 429 rejected, a quota 429 passed, and tells them by their counters when the log does', () => {
    const bare = makeEvent({ status: 429, body: KEAP_429 });
    expect(spikeOutcome(bare, 'spike')).toBe('rejected');
    expect(spikeOutcome(bare, 'product-minute')).toBe('passed');
    expect(spikeOutcome(bare, 'product-minute', true)).toBe('rejected');
    expect(spikeOutcome(bare, 'product-minute', false)).toBe('accepted');
    expect(spikeOutcome(bare, 'legacy-credit')).toBe('unobserved');
    expect(spikeOutcome(makeEvent({ status: 503, body: { kind: 'none' } }), null)).toBe('unobserved');
  });

  it('books a bare spike 429 at a quota within its jitter of empty as passed, and a SpikeArrest fault as rejected', () => {
    const nearlyEmpty = { tenantMinute: window(600, 599), productThrottle: window(240, 10) };
    expect(spikeOutcome(makeEvent({ status: 429, body: KEAP_429, counters: nearlyEmpty }), 'spike')).toBe('passed');
    const roomy = { tenantMinute: window(600, 590), productThrottle: window(240, 10) };
    expect(spikeOutcome(makeEvent({ status: 429, body: KEAP_429, counters: roomy }), 'spike')).toBe('rejected');
    const fault = {
      kind: 'spike-arrest' as const,
      faultstring: '',
      messageRate: { messagesPerPeriod: 5, periodMicros: 1_000_000, maxBurst: 1 },
    };
    expect(spikeOutcome(makeEvent({ status: 429, body: fault, counters: nearlyEmpty }), 'spike')).toBe('rejected');
  });
});
