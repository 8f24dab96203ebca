import { describe, expect, it } from 'vitest';
import type { Attribution } from '../../src/attribute/attribution-types.js';
import { explain, type SpikeSetting } from '../../src/attribute/explain.js';
import { buildVerdicts, chooseSpikeSetting } from '../../src/attribute/verdict.js';
import { findProfile } from '../../src/policy/profiles.js';

const sak = findProfile('sak-5ps-2023') ?? null;
const spike5on6: SpikeSetting = { rate: 5, processors: 6, rateFrom: 'profile', processorsFrom: 'fit' };
const attribution = (overrides: Partial<Attribution> & { gapMs?: number | null; lastSecond?: number }): Attribution => {
  const { gapMs = 1000, lastSecond = 1, ...rest } = overrides;
  return {
    source: { file: 'log.csv', line: 5 },
    ts: Date.UTC(2026, 1, 18, 14),
    status: 429,
    keyId: 'sak-forms',
    method: 'POST',
    path: '/crm/rest/v1/contacts',
    layer: 'spike',
    confidence: 'high',
    basis: 'counters-on-response',
    evidence: [],
    neighbours: [],
    own: { lastSecond, last100ms: 1, rollingMinute: 60, utcDay: 900, gapMs },
    headroom: { productMinute: 180, productDay: 29000, tenantMinute: null, tenantDay: null },
    foreign: { productMinute: null, productDay: null, tenantMinute: null },
    faultRate: null,
    ...rest,
  };
};

describe('explain', () => {
  it.each([
    ['seed 89944: sleep(1) against 5ps on 6 processors (I = 1.2 s)', { gapMs: 1000 }, 'smoothing'],
    ['150 ms apart is above the nominal 200 ms', { gapMs: 150 }, 'above-nominal'],
    ['six in one second is above 5/s even at 200 ms gaps', { gapMs: 200, lastSecond: 6 }, 'above-nominal'],
    [
      'seed 89944: sleep(5) with another consumer counted by the server (30 in the last minute)',
      { gapMs: 5000, foreign: { productMinute: 30, productDay: 12, tenantMinute: null } },
      'other-consumers',
    ],
    [
      '2 foreign requests in the last minute cannot reach a 1.2 s interval',
      { gapMs: 5000, foreign: { productMinute: 2, productDay: 12, tenantMinute: null } },
      'unexplained',
    ],
    ['seed 88137: 3 requests in 2 minutes, nothing else in the log', { gapMs: 60_000 }, 'unexplained'],
    [
      'minute throttle emptied by own traffic',
      { layer: 'product-minute', own: { lastSecond: 5, last100ms: 1, rollingMinute: 240, utcDay: 900, gapMs: 200 } },
      'exhaustion',
    ],
    [
      'minute throttle emptied while own traffic was 30/min',
      { layer: 'product-minute', own: { lastSecond: 1, last100ms: 1, rollingMinute: 30, utcDay: 900, gapMs: 2000 } },
      'other-consumers',
    ],
    ['legacy credit bank', { layer: 'legacy-credit' }, 'exhaustion'],
    ['unknown layer', { layer: 'unknown' }, 'unexplained'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    expect(explain(attribution(overrides as Partial<Attribution>), { spike: spike5on6, profile: sak })).toBe(expected);
  });

  it('cannot call it smoothing without a processor count', () => {
    expect(
      explain(attribution({ gapMs: 1000 }), {
        spike: { ...spike5on6, processors: null, processorsFrom: null },
        profile: sak,
      }),
    ).toBe('unexplained');
  });

  it('reads a gap of 0 in a whole-second log by the count per second', () => {
    expect(
      explain(attribution({ gapMs: 0, lastSecond: 3 }), {
        spike: { rate: 25, processors: 6, rateFrom: 'fault', processorsFrom: 'fault' },
        profile: null,
        wholeSecondTimes: true,
      }),
    ).toBe('smoothing');
    expect(
      explain(attribution({ gapMs: 0, lastSecond: 3 }), {
        spike: { rate: 25, processors: 6, rateFrom: 'fault', processorsFrom: 'fault' },
        profile: null,
        wholeSecondTimes: false,
      }),
    ).toBe('above-nominal');
  });

  it('blames others for a spike 429 only when their rate puts requests inside the 1.2 s interval', () => {
    const at = attribution({ gapMs: 5000 });
    // 0.6/s (the seed fixture's other consumer) → 0.72 expected in 1.2 s: plausible.
    expect(explain(at, { spike: spike5on6, profile: sak, foreignRateAt: (ts) => (ts === at.ts ? 0.6 : 0) })).toBe(
      'other-consumers',
    );
    // 8 requests over 6 minutes → 0.03 expected in 1.2 s: cannot explain it.
    expect(explain(at, { spike: spike5on6, profile: sak, foreignRateAt: () => 8 / 360 })).toBe('unexplained');
    expect(explain(at, { spike: spike5on6, profile: sak, foreignRateAt: () => 0 })).toBe('unexplained');
  });
});

describe('chooseSpikeSetting and buildVerdicts', () => {
  it('prefers the rate and N printed in faults over the profile', () => {
    const withFault = attribution({ faultRate: { rate: 25, unit: 'second', processors: 6 } });
    expect(chooseSpikeSetting([withFault, withFault], null, sak)).toEqual({
      rate: 25,
      processors: 6,
      rateFrom: 'fault',
      processorsFrom: 'fault',
    });
    expect(chooseSpikeSetting([], null, sak)).toEqual({
      rate: 5,
      processors: null,
      rateFrom: 'profile',
      processorsFrom: null,
    });
    expect(chooseSpikeSetting([], null, null)).toBeNull();
  });

  it('groups per key and names the main reason with the advice', () => {
    const { dataset, keys } = buildVerdicts(
      [attribution({ gapMs: 1000 }), attribution({ gapMs: 1000 }), attribution({ gapMs: 100, keyId: 'cron' })],
      { spike: spike5on6, profile: sak },
    );
    expect(dataset).toMatchObject({ key: '*', throttled: 3, primary: 'smoothing', medianGapAt429Ms: 1000 });
    expect(dataset.byExplanation).toEqual({
      'above-nominal': 1,
      smoothing: 2,
      'other-consumers': 0,
      exhaustion: 0,
      unexplained: 0,
    });
    expect(keys.map((k) => [k.key, k.primary])).toEqual([
      ['cron', 'above-nominal'],
      ['sak-forms', 'smoothing'],
    ]);
    expect(dataset.advice.minSpacingMs).toBe(1200);
    expect(dataset.advice.limiters.bottleneck).toBe(
      'new Bottleneck({ maxConcurrent: 1, minTime: 1200, reservoir: 240, reservoirRefreshAmount: 240, reservoirRefreshInterval: 60_000 })',
    );
    expect(dataset.expectedRejectionShareAtThatGap).toBeCloseTo(1 / 7, 6);
  });
});
