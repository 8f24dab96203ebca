import { describe, expect, it } from 'vitest';
import { createProfileDetector } from '../../src/policy/infer-profile.js';
import { validateProfile } from '../../src/policy/policy-file.js';
import type { Counters, RequestEvent, ResponseBody } from '../../src/types.js';
import { makeEvent } from '../helpers/events.js';

const snapshot = (limit: number) => ({ limit, used: 1, available: limit - 1, timeUnit: null, interval: 1 });
const event = (ts: number, counters: Partial<Counters>, body: ResponseBody = { kind: 'none' }): RequestEvent =>
  makeEvent({ ts, counters: { generation: 'x-keap', ...counters }, body });
const detect = (...events: RequestEvent[]) => {
  const detector = createProfileDetector();
  events.forEach((e) => detector.observe(e));
  return detector.result();
};
const AUG_2026 = Date.UTC(2026, 7, 11);

describe('createProfileDetector', () => {
  it('recognises PAT/SAK from 240/min and 30,000/day (H2), and says the SAK 5/s profile fits as well', () => {
    const choice = detect(
      event(AUG_2026, {
        productThrottle: snapshot(240),
        productQuota: { ...snapshot(30000), expiryMs: null, expiryRaw: null },
      }),
    );
    expect(choice.profile?.id).toBe('pat-sak');
    // Both the documented 10/s and the staff-quoted 5/s profiles send these headers: a tie is not high confidence.
    expect(choice.confidence).toBe('medium');
    expect(choice.alsoMatching.map((profile) => profile.id)).toEqual(['sak-5ps-2023']);
  });

  it('is sure of PAT/SAK when x-keap-product-spike-limit names 10ps as well', () => {
    const choice = detect(
      event(AUG_2026, {
        productThrottle: snapshot(240),
        productQuota: { ...snapshot(30000), expiryMs: null, expiryRaw: null },
        spikeLimit: { raw: '10ps', rate: 10, unit: 'second' },
      }),
    );
    expect([choice.profile?.id, choice.confidence, choice.alsoMatching]).toEqual(['pat-sak', 'high', []]);
  });

  it('recognises OAuth2 from 1,500/min', () => {
    expect(detect(event(AUG_2026, { productThrottle: snapshot(1500) })).profile?.id).toBe('oauth2');
  });

  it('builds a profile from headers that match no published one (H1: 240/min with 150,000/day, 10ps)', () => {
    const choice = detect(
      event(Date.UTC(2024, 7, 14), {
        productThrottle: snapshot(240),
        productQuota: { ...snapshot(150000), expiryMs: null, expiryRaw: null },
        spikeLimit: { raw: '10ps', rate: 10, unit: 'second' },
      }),
    );
    expect(choice.profile).toMatchObject({
      id: 'from-headers',
      credential: 'pat-sak',
      perMinute: 240,
      perDay: 150000,
      spikePerSecond: 10,
    });
  });

  it('uses a 25ps SpikeArrest fault when no counters were logged (legacy key, 2022)', () => {
    const fault: ResponseBody = {
      kind: 'spike-arrest',
      faultstring: '',
      messageRate: { messagesPerPeriod: 25, periodMicros: 6_000_000, maxBurst: 1 },
    };
    const choice = detect(event(Date.UTC(2022, 6, 8), {}, fault));
    expect(choice.basis).toBe('fault');
    expect(choice.profile?.spikePerSecond).toBe(25);
  });

  it('says so when nothing in the log names a limit', () => {
    expect(detect(event(AUG_2026, {}))).toMatchObject({ profile: null, basis: 'none' });
  });

  it('leaves out profiles not yet in force on the log date', () => {
    const choice = detect(
      event(Date.UTC(2021, 3, 12), {
        productThrottle: snapshot(1500),
        productQuota: { ...snapshot(150000), expiryMs: null, expiryRaw: null },
      }),
    );
    expect(choice.profile?.id).toBe('oauth2-2020');
  });
});

describe('validateProfile', () => {
  it('accepts a complete policy file and lists every problem of a bad one', () => {
    expect(validateProfile({ id: 'x', perMinute: 100, counterScope: 'tenant' }).profile?.perMinute).toBe(100);
    const bad = validateProfile({ id: 'bad', perMinute: -5, colour: 'red' });
    expect(bad.profile).toBeNull();
    expect(bad.problems).toEqual(['"perMinute" must be a positive number or null', 'unknown field "colour"']);
  });
});

describe('tenant ceiling dates', () => {
  it('claims the 2026 tenant ceiling only for logs from 2026-06-08 on', () => {
    const throttle = {
      productThrottle: snapshot(240),
      productQuota: { ...snapshot(30000), expiryMs: null, expiryRaw: null },
    };
    expect(detect(event(Date.UTC(2026, 1, 18), throttle)).profile).toMatchObject({
      tenantPerMinute: null,
      tenantPerDay: null,
    });
    expect(detect(event(Date.UTC(2026, 5, 8), throttle)).profile).toMatchObject({
      tenantPerMinute: 10000,
      tenantPerDay: 250000,
    });
  });
});
