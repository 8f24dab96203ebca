import { describe, expect, it } from 'vitest';
import { classifyThrottle, type ThrottleFacts } from '../../src/attribute/classify.js';
import { findProfile } from '../../src/policy/profiles.js';
import { KEAP_429, makeEvent, quota, window } from '../helpers/events.js';

const own = { lastSecond: 1, last100ms: 1, rollingMinute: 12, utcDay: 500, gapMs: 5000 };
const foreign = { productMinute: null, productDay: null, tenantMinute: null };
const facts = (overrides: Partial<ThrottleFacts>): ThrottleFacts => ({
  event: makeEvent({ status: 429, body: KEAP_429 }),
  own,
  foreign,
  before: null,
  after: null,
  profile: findProfile('pat-sak') ?? null,
  epsilon: 3,
  ...overrides,
});

describe('classifyThrottle', () => {
  it('reads a SpikeArrest fault as spike with rate and processors (25 per 6 s → 25ps, N = 6)', () => {
    const verdict = classifyThrottle(
      facts({
        event: makeEvent({
          status: 429,
          body: {
            kind: 'spike-arrest',
            faultstring: '',
            messageRate: { messagesPerPeriod: 25, periodMicros: 6_000_000, maxBurst: 1 },
          },
        }),
      }),
    );
    expect(verdict).toMatchObject({
      layer: 'spike',
      confidence: 'high',
      basis: 'fault',
      faultRate: { rate: 25, unit: 'second', processors: 6 },
    });
  });

  it.each([
    [{ productQuota: quota(30000, 30000) }, 'product-day'],
    [{ productThrottle: window(240, 238) }, 'product-minute'],
    [{ tenantMinute: window(10000, 10000), productThrottle: window(240, 10) }, 'tenant-minute'],
    [{ tenantDay: window(250000, 249999), productThrottle: window(240, 240) }, 'tenant-day'],
    [{ productQuota: quota(30000, 30000), productThrottle: window(240, 240) }, 'product-day'],
  ] as const)('blames the exhausted counter on the 429 itself: %j → %s', (counters, layer) => {
    const verdict = classifyThrottle(facts({ event: makeEvent({ status: 429, body: KEAP_429, counters }) }));
    expect(verdict).toMatchObject({ layer, confidence: 'high', basis: 'counters-on-response' });
  });

  it('calls it spike when every counter on the 429 has room (seed: 5 s spacing, 12/240 used)', () => {
    const verdict = classifyThrottle(
      facts({
        event: makeEvent({
          status: 429,
          body: KEAP_429,
          counters: { productThrottle: window(240, 12), productQuota: quota(30000, 540) },
        }),
      }),
    );
    expect(verdict).toMatchObject({ layer: 'spike', confidence: 'high', basis: 'counters-on-response' });
    expect(verdict.headroom).toEqual({ productMinute: 228, productDay: 29460, tenantMinute: null, tenantDay: null });
  });

  it('lowers confidence when a counter was within 5 % of its limit', () => {
    const verdict = classifyThrottle(
      facts({ event: makeEvent({ status: 429, body: KEAP_429, counters: { productThrottle: window(240, 230) } }) }),
    );
    expect(verdict).toMatchObject({ layer: 'spike', confidence: 'medium' });
  });

  it('uses the neighbouring responses when the 429 carries no counters', () => {
    const before = makeEvent({ line: 10, counters: { productThrottle: window(240, 240) } });
    const verdict = classifyThrottle(facts({ before }));
    expect(verdict).toMatchObject({
      layer: 'product-minute',
      confidence: 'medium',
      basis: 'neighbouring-responses',
      neighbours: [{ file: 'log.csv', line: 10 }],
    });
    const roomy = classifyThrottle(
      facts({ before, after: makeEvent({ line: 12, counters: { productThrottle: window(240, 100) } }) }),
    );
    expect(roomy.layer).toBe('product-minute');
    const spike = classifyThrottle(
      facts({ before: makeEvent({ line: 10, counters: { productThrottle: window(240, 50) } }) }),
    );
    expect(spike).toMatchObject({ layer: 'spike', confidence: 'medium' });
  });

  it('falls back to own counts against the profile, then to unknown', () => {
    expect(classifyThrottle(facts({ own: { ...own, utcDay: 30000 } }))).toMatchObject({
      layer: 'product-day',
      basis: 'ledger',
      confidence: 'medium',
    });
    expect(classifyThrottle(facts({ own: { ...own, rollingMinute: 240 } }))).toMatchObject({
      layer: 'product-minute',
      basis: 'ledger',
    });
    expect(classifyThrottle(facts({ own: { ...own, lastSecond: 14 } }))).toMatchObject({
      layer: 'spike',
      basis: 'ledger',
      confidence: 'medium',
    });
    expect(classifyThrottle(facts({ profile: null }))).toMatchObject({
      layer: 'unknown',
      confidence: 'low',
      basis: 'none',
    });
  });

  it('decides which window a QuotaViolation means from the counters', () => {
    const body = { kind: 'quota-violation' as const, faultstring: '', identifier: '_default' };
    expect(
      classifyThrottle(
        facts({
          event: makeEvent({
            status: 429,
            body,
            counters: { productQuota: quota(150000, 150000), productThrottle: window(1500, 5) },
          }),
        }),
      ).layer,
    ).toBe('product-day');
    expect(classifyThrottle(facts({ event: makeEvent({ status: 429, body }) }))).toMatchObject({
      layer: 'product-minute',
      confidence: 'medium',
    });
  });

  it('names the legacy XML-RPC credit bank', () => {
    expect(
      classifyThrottle(
        facts({
          event: makeEvent({ status: 500, body: { kind: 'xmlrpc-throttle', faultString: 'ThrottlingException' } }),
        }),
      ).layer,
    ).toBe('legacy-credit');
  });
});
