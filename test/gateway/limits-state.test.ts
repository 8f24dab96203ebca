import { describe, expect, it } from 'vitest';
import { createLimitsState, type GatewayLimits } from '../../src/gateway/limits-state.js';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
// Quotas far away unless a test is about them; spike far away unless a test is about it.
const ROOMY: GatewayLimits = {
  rate: 1000,
  processors: 1,
  perMinute: 1_000_000,
  perDay: 1_000_000,
  tenantMinute: 1_000_000,
  tenantDay: 1_000_000,
  seed: 1,
};

describe('gateway limits: SpikeArrest with UseEffectiveCount', () => {
  it('with one processor admits one request per 1/rate and rejects the ones between', () => {
    const state = createLimitsState({ ...ROOMY, rate: 10 });
    const verdicts = [0, 50, 99, 100, 150, 250].map((dt) => state.admit('key#a', T0 + dt).verdict);
    expect(verdicts).toEqual(['accepted', 'spike', 'spike', 'accepted', 'spike', 'accepted']);
  });

  it('over N processors rejects requests slower than the nominal rate, but never admits more than N per processor interval', () => {
    // 5/s over 5 processors: nominal 200 ms, one processor admits one request per 1000 ms.
    const state = createLimitsState({ ...ROOMY, rate: 5, processors: 5, seed: 7 });
    const accepted: number[] = [];
    let rejected = 0;
    for (let i = 0; i < 400; i++) {
      const t = T0 + i * 300; // 3.3/s: below the nominal 5/s
      if (state.admit('key#a', t).verdict === 'accepted') accepted.push(t);
      else rejected++;
    }
    expect(rejected).toBeGreaterThan(40);
    expect(rejected).toBeLessThan(200);
    for (let i = 5; i < accepted.length; i++) {
      expect((accepted[i] as number) - (accepted[i - 5] as number)).toBeGreaterThanOrEqual(1000);
    }
  });

  it('never rejects a key spaced by one processor interval N/rate', () => {
    const state = createLimitsState({ ...ROOMY, rate: 25, processors: 6 });
    const verdicts = Array.from({ length: 200 }, (_, i) => state.admit('key#a', T0 + i * 240).verdict);
    expect(verdicts.filter((v) => v !== 'accepted')).toEqual([]);
  });

  it('routes each key with its own seeded processors: the same seed repeats, another seed differs', () => {
    const run = (seed: number, key: string): string[] => {
      const state = createLimitsState({ ...ROOMY, rate: 10, processors: 6, seed });
      return Array.from({ length: 300 }, (_, i) => state.admit(key, T0 + i * 150).verdict);
    };
    expect(run(3, 'key#a')).toEqual(run(3, 'key#a'));
    expect(run(3, 'key#a')).not.toEqual(run(4, 'key#a'));
    expect(run(3, 'key#a')).not.toEqual(run(3, 'key#b'));
  });

  it('keeps one SpikeArrest bucket per key', () => {
    const state = createLimitsState({ ...ROOMY, rate: 1 });
    expect(state.admit('key#a', T0).verdict).toBe('accepted');
    expect(state.admit('key#b', T0 + 1).verdict).toBe('accepted');
    expect(state.admit('key#a', T0 + 2).verdict).toBe('spike');
  });

  it('does not count a request SpikeArrest rejected in any quota', () => {
    const state = createLimitsState({ ...ROOMY, rate: 1 });
    state.admit('key#a', T0);
    const rejected = state.admit('key#a', T0 + 10);
    expect(rejected.verdict).toBe('spike');
    expect(rejected.productMinute.used).toBe(1);
    expect(rejected.productDay.used).toBe(1);
    expect(rejected.tenantMinute.used).toBe(1);
    expect(rejected.tenantDay.used).toBe(1);
    expect(state.counts()).toMatchObject({ accepted: 1, spike: 1 });
  });

  it('survives a clock that steps back', () => {
    const state = createLimitsState({ ...ROOMY, rate: 10 });
    expect(state.admit('key#a', T0).verdict).toBe('accepted');
    expect(state.admit('key#a', T0 - 5000).verdict).toBe('spike');
  });
});

describe('gateway limits: quotas', () => {
  it('counts the product minute over a rolling 60 s, shared by every key', () => {
    const state = createLimitsState({ ...ROOMY, perMinute: 3 });
    expect(state.admit('key#a', T0).productMinute).toEqual({ limit: 3, used: 1, available: 2 });
    expect(state.admit('key#b', T0 + 20_000).productMinute.used).toBe(2);
    expect(state.admit('key#a', T0 + 40_000).productMinute.used).toBe(3);
    const full = state.admit('key#b', T0 + 59_999);
    expect(full.verdict).toBe('product-minute');
    expect(full.productMinute).toEqual({ limit: 3, used: 3, available: 0 });
    // The request at T0 ages out exactly 60 s later: the window is (now − 60 s, now].
    const after = state.admit('key#a', T0 + 60_000);
    expect(after.verdict).toBe('accepted');
    expect(after.productMinute.used).toBe(3);
  });

  it('resets the product day at 00:00 UTC and reports that midnight as expiry-time in ms', () => {
    const lateEvening = Date.UTC(2026, 10, 30, 23, 59, 58);
    const midnight = Date.UTC(2026, 11, 1);
    const state = createLimitsState({ ...ROOMY, perDay: 2 });
    expect(state.admit('key#a', lateEvening).productDayExpiryMs).toBe(midnight);
    state.admit('key#a', lateEvening + 500);
    const full = state.admit('key#a', lateEvening + 1000);
    expect(full.verdict).toBe('product-day');
    expect(full.productDay).toEqual({ limit: 2, used: 2, available: 0 });
    const nextDay = state.admit('key#a', midnight);
    expect(nextDay.verdict).toBe('accepted');
    expect(nextDay.productDay.used).toBe(1);
    expect(nextDay.productDayExpiryMs).toBe(midnight + 86_400_000);
  });

  it('applies the tenant minute and day ceilings, reporting the first exhausted layer (day before minute, product before tenant)', () => {
    const tenantMinute = createLimitsState({ ...ROOMY, tenantMinute: 1 });
    tenantMinute.admit('key#a', T0);
    expect(tenantMinute.admit('key#b', T0 + 1000).verdict).toBe('tenant-minute');

    const tenantDay = createLimitsState({ ...ROOMY, tenantDay: 1, tenantMinute: 1 });
    tenantDay.admit('key#a', T0);
    expect(tenantDay.admit('key#a', T0 + 1000).verdict).toBe('tenant-day');

    const both = createLimitsState({ ...ROOMY, perMinute: 1, perDay: 1, tenantDay: 1 });
    both.admit('key#a', T0);
    expect(both.admit('key#a', T0 + 1000).verdict).toBe('product-day');
    expect(both.counts()).toEqual({
      accepted: 1,
      spike: 0,
      'product-minute': 0,
      'product-day': 1,
      'tenant-minute': 0,
      'tenant-day': 0,
    });
  });

  it('does not count a request a quota rejected', () => {
    const state = createLimitsState({ ...ROOMY, perMinute: 1 });
    state.admit('key#a', T0);
    state.admit('key#a', T0 + 1000);
    const third = state.admit('key#a', T0 + 2000);
    expect(third.productMinute.used).toBe(1);
    expect(third.productDay.used).toBe(1);
  });
});
