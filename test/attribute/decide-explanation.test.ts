import { describe, expect, it } from 'vitest';
import type { Attribution } from '../../src/attribute/attribution-types.js';
import { decideExplanation, type ExplanationContext } from '../../src/attribute/decide.js';
import { NOTHING_LEFT_KNOWN } from '../../src/attribute/counters-left.js';
import { createEffectiveCountGateway, createSpikeFitter, type SpikePosterior } from '../../src/spike/index.js';
import { makePoint } from '../helpers/events.js';
import { poissonTimes } from '../spike/helpers.js';

// sleep(1) against 5/s on 6 processors (I = 1.2 s), 1,500 requests: the posterior the seed thread's log gives.
function sleepOnePosterior(): SpikePosterior {
  const gateway = createEffectiveCountGateway({ rate: 5, unit: 'second', processors: 6, seed: 2 });
  const fitter = createSpikeFitter({ rates: [5, 10, 25] });
  for (let i = 0; i < 1500; i++) {
    const t = i * 1000 + (i % 3) * 7;
    fitter.observe({
      key: 'sak',
      tMs: t,
      outcome: gateway.route(t).accepted ? 'accepted' : 'rejected',
      foreignPerSecond: null,
      resolutionMs: 1,
    });
  }
  return fitter.result();
}

// sleep(2), never rejected by its own traffic, sharing the key with an unlogged worker every ~2 s.
function sharedKeyPosterior(): SpikePosterior {
  const gateway = createEffectiveCountGateway({ rate: 5, unit: 'second', processors: 6, seed: 4 });
  const fitter = createSpikeFitter({ rates: [5, 10, 25] });
  const own = Array.from({ length: 1000 }, (_, i) => ({ t: i * 2000, own: true }));
  const foreign = poissonTimes(6, 1000, 2000).map((t) => ({ t, own: false }));
  for (const request of [...own, ...foreign].sort((a, b) => a.t - b.t)) {
    const accepted = gateway.route(request.t, request.own ? 'own' : 'foreign').accepted;
    if (request.own)
      fitter.observe({
        key: 'sak',
        tMs: request.t,
        outcome: accepted ? 'accepted' : 'rejected',
        foreignPerSecond: null,
        resolutionMs: 1,
      });
  }
  return fitter.result();
}
const posterior = sleepOnePosterior();
const context = (overrides: Partial<ExplanationContext> = {}): ExplanationContext => ({
  posterior,
  spacing: new Map([['sak', 'measurable']]),
  inferredSpacing: new Map(),
  logStartMs: null,
  signature: null,
  ...overrides,
});

const attribution = (
  overrides: Omit<Partial<Attribution>, 'own'> & { own?: Partial<Attribution['own']> } = {},
): Attribution => {
  const { own, ...rest } = overrides;
  const point = makePoint({ own: { gapMs: 1000, ...own } });
  return {
    layer: 'spike',
    confidence: 'high',
    basis: 'counters-on-response',
    evidence: [],
    neighbours: [],
    left: NOTHING_LEFT_KNOWN,
    faultRate: null,
    source: { file: 'log.csv', line: 5 },
    ts: Date.UTC(2026, 1, 18, 14, 0, 0, 250),
    status: 429,
    keyId: 'sak',
    method: 'POST',
    path: '/crm/rest/v1/contacts',
    own: point.own,
    foreign: { 'product-minute': null, 'product-day': null, 'tenant-minute': null, 'tenant-day': null },
    limits: point.limits,
    lastUsed: point.lastUsed,
    acceptedGapsMs: [1000],
    passedGapsMs: [],
    holdWeights: [],
    fitTs: Date.UTC(2026, 1, 18, 14, 0, 0, 250),
    timeResolutionMs: 1,
    timeSpreadSteady: false,
    fitGapMs: point.own.gapMs,
    foreignPerSecond: null,
    ...rest,
  };
};

describe('decideExplanation for spike 429s', () => {
  it('seed 89944: sleep(1) against 5/s on 6 processors is smoothing, with its probability and interval', () => {
    const verdict = decideExplanation(attribution(), context());
    expect(verdict).toMatchObject({ explanation: 'smoothing', confidence: 'high', ambiguous: false });
    expect(verdict.probabilities!.smoothing).toBeGreaterThan(0.9);
    expect(verdict.evidence[0]).toMatchObject({ code: 'WITHIN_PROCESSOR_INTERVAL', gapMs: 1000, intervalMs: 1200 });
  });

  it('150 ms apart is above the nominal 200 ms; six in one second is above 5/s', () => {
    expect(
      decideExplanation(attribution({ own: { gapMs: 150 }, acceptedGapsMs: [150, 1000] }), context()).explanation,
    ).toBe('above-nominal');
    expect(
      decideExplanation(attribution({ own: { gapMs: 200, lastSecond: 6 }, acceptedGapsMs: [200, 400] }), context())
        .explanation,
    ).toBe('above-nominal');
  });

  it('no own request inside the interval: others on the key when the log shows their traffic …', () => {
    const withOthers = sharedKeyPosterior();
    expect(withOthers.summary.rejected).toBeGreaterThan(0);
    const verdict = decideExplanation(
      attribution({ own: { gapMs: 5000 }, acceptedGapsMs: [5000] }),
      context({ posterior: withOthers }),
    );
    expect(verdict.explanation).toBe('other-consumers');
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ code: 'OTHER_CONSUMERS_ON_KEY', from: 'fit' }));
  });

  it('… and unexplained when nothing in the log points to anybody else', () => {
    expect(
      decideExplanation(attribution({ own: { gapMs: 5000 }, acceptedGapsMs: [5000] }), context()).explanation,
    ).toBe('unexplained');
    const verdict = decideExplanation(
      attribution({ own: { gapMs: 5000 }, acceptedGapsMs: [5000], foreignPerSecond: 0 }),
      context(),
    );
    expect(verdict.explanation).toBe('unexplained');
    expect(verdict.evidence.map((e) => e.code)).toEqual([
      'NO_OWN_REQUEST_IN_INTERVAL',
      'COUNTERS_SHOW_NO_OTHER_TRAFFIC',
    ]);
  });

  it('reads three requests logged in one second as spread across it, not as simultaneous', () => {
    const verdict = decideExplanation(
      attribution({
        own: { gapMs: 0, lastSecond: 3 },
        acceptedGapsMs: [333, 667],
        fitGapMs: 333,
        timeResolutionMs: 333,
      }),
      context(),
    );
    expect(verdict.explanation).toBe('smoothing');
  });

  it('claims nothing about spacing an errors-only or sparse log cannot show', () => {
    expect(decideExplanation(attribution(), context({ spacing: new Map([['sak', 'errors-only']]) }))).toMatchObject({
      explanation: 'unexplained',
      evidence: [{ code: 'SPACING_NOT_MEASURABLE', why: 'errors-only' }],
    });
    expect(decideExplanation(attribution(), context({ posterior: null })).evidence).toEqual([
      { code: 'NO_SPIKE_MODEL' },
    ]);
  });

  it('reads an errors-only key as its own traffic, taking the shortest gap between errors as two spacings when one cannot explain them', () => {
    const errorsOnly = (spacingMs: number, from: 'gaps' | 'counters') =>
      decideExplanation(
        attribution(),
        context({
          spacing: new Map([['sak', 'errors-only']]),
          inferredSpacing: new Map([['sak', { spacingMs, from }]]),
        }),
      );
    // I = 1.2 s: errors never come back to back at a 1.05 s spacing (the one after a rejection finds its processor free).
    expect(errorsOnly(2100, 'gaps')).toMatchObject({
      explanation: 'smoothing',
      evidence: [{ code: 'SPACING_INFERRED', spacingMs: 1050, from: 'gaps', gapsPerSpacing: 2 }],
    });
    expect(errorsOnly(900, 'gaps')).toMatchObject({
      explanation: 'smoothing',
      evidence: [{ code: 'SPACING_INFERRED', spacingMs: 900, gapsPerSpacing: 1 }],
    });
    expect(errorsOnly(150, 'gaps').explanation).toBe('above-nominal');
    // The server's count is the key's whole traffic: it is not halved, and far above the interval it is not own.
    const counted = errorsOnly(5000, 'counters');
    expect(counted.evidence).toEqual([
      { code: 'SPACING_INFERRED', spacingMs: 5000, from: 'counters', gapsPerSpacing: 1 },
    ]);
    expect(counted.explanation).not.toBe('smoothing');
  });
});

describe('decideExplanation for the counted limits', () => {
  it.each([
    ['minute emptied by own traffic', 'product-minute', { rollingMinute: 240 }, null, 'exhaustion'],
    ['minute emptied while own traffic was 30/min', 'product-minute', { rollingMinute: 30 }, 210, 'other-consumers'],
    ['day used up, log started mid-day, nobody else counted', 'product-day', { utcDay: 900 }, null, 'exhaustion'],
    ['day used up by others the counters show', 'product-day', { utcDay: 900 }, 28_000, 'other-consumers'],
    [
      'tenant minute full of other integrations',
      'tenant-minute',
      { tenantRollingMinute: 300 },
      9700,
      'other-consumers',
    ],
    ['tenant day used up by own traffic', 'tenant-day', { tenantUtcDay: 249_000 }, null, 'exhaustion'],
  ] as const)('%s → %s', (_name, layer, own, foreign, expected) => {
    const verdict = decideExplanation(
      attribution({
        layer,
        own,
        foreign: {
          'product-minute': null,
          'product-day': null,
          'tenant-minute': null,
          'tenant-day': null,
          [layer]: foreign,
        },
      }),
      context(),
    );
    expect(verdict.explanation).toBe(expected);
    expect(verdict.evidence[0]).toMatchObject({ code: 'OWN_SHARE_OF_LIMIT', layer });
  });

  it('blames own traffic when the limit is unknown, the legacy credit bank on exhaustion, and an unknown layer on nobody', () => {
    expect(
      decideExplanation(
        attribution({ layer: 'product-minute', limits: { ...makePoint().limits, 'product-minute': null } }),
        context(),
      ).explanation,
    ).toBe('exhaustion');
    expect(decideExplanation(attribution({ layer: 'legacy-credit' }), context()).explanation).toBe('exhaustion');
    expect(decideExplanation(attribution({ layer: 'unknown' }), context())).toMatchObject({
      explanation: 'unexplained',
      evidence: [{ code: 'LAYER_UNKNOWN' }],
    });
  });
});
