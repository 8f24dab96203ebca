import { describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger/index.js';
import type { LedgerReport } from '../../src/ledger/index.js';
import { findProfile } from '../../src/policy/profiles.js';
import type { RequestEvent } from '../../src/types.js';
import { at, event, every, own, quotaSnapshot, simulate, snapshot } from './scenario.js';
import type { SimRequest } from './scenario.js';

const PAT = findProfile('pat-sak') ?? null;

function report(log: readonly RequestEvent[]): LedgerReport {
  const ledger = createLedger({ profile: PAT });
  for (const e of log) ledger.observe(e);
  return ledger.finish();
}

describe('daily resets', () => {
  // 23:58:00–00:02:00 every 10 s: 12 requests on day D, 13 on D+1; the day began with 500 used (product) and 5000 (tenant).
  const log = simulate(own(every('2026-07-01T23:58:00Z', '2026-07-02T00:02:00Z', 10_000)), {
    minute: 'rolling',
    tenant: true,
    dayBase: 500,
    tenantDayBase: 5000,
  });

  it('detects one product-day reset at 00:00Z from the expiry-time change and the drop in used', () => {
    const resets = report(log).detections.dailyResets.filter((r) => r.layer === 'product-day');
    expect(resets).toEqual([
      {
        layer: 'product-day',
        bucket: 'tenant:ps1.infusionsoft.com',
        at: Date.parse('2026-07-02T00:00:00.000Z'),
        detectedAt: Date.parse('2026-07-02T00:00:00.000Z'),
        atMidnight: true,
        evidence: ['expiry-time', 'used-drop'],
        usedBefore: 512,
        usedAfter: 1,
        expiryBefore: Date.parse('2026-07-02T00:00:00.000Z'),
        expiryAfter: Date.parse('2026-07-03T00:00:00.000Z'),
      },
    ]);
  });

  it('detects the tenant-day reset from the drop alone (the tenant family has no expiry-time)', () => {
    const resets = report(log).detections.dailyResets.filter((r) => r.layer === 'tenant-day');
    expect(resets).toHaveLength(1);
    expect(resets[0]).toMatchObject({
      at: Date.parse('2026-07-02T00:00:00.000Z'),
      evidence: ['used-drop'],
      usedBefore: 5012,
      usedAfter: 1,
      expiryBefore: null,
    });
  });

  it('gives day peaks per UTC day and no foreign traffic across the reset', () => {
    const result = report(log);
    const day = result.layers['product-day'][0];
    expect(day?.busiestWindows).toEqual([
      { start: Date.parse('2026-07-02T00:00:00.000Z'), count: 13 },
      { start: Date.parse('2026-07-01T00:00:00.000Z'), count: 12 },
    ]);
    expect(day?.peakFixed).toEqual({
      count: 13,
      start: Date.parse('2026-07-02T00:00:00.000Z'),
      end: Date.parse('2026-07-03T00:00:00.000Z'),
    });
    expect(day?.limit).toMatchObject({ value: 30_000, source: 'header' });
    expect(day?.headroom).toEqual({ requests: 29_987, percent: 100 });
    expect(result.foreign['product-day']).toEqual({ requests: 0, episodes: 0 });
  });

  it('reports no reset within a day when used only grows', () => {
    const steady = simulate(own(every('2026-07-01T10:00:00Z', '2026-07-01T10:05:00Z', 10_000)), {
      minute: 'rolling',
      dayBase: 500,
    });
    expect(report(steady).detections.dailyResets).toEqual([]);
  });
});

describe('minute behaviour', () => {
  // Every 5 s for six minutes: own rolling 60 s stays 12 while the UTC-minute count climbs 1..12.
  const times = every('2026-07-01T10:00:00Z', '2026-07-01T10:05:55Z', 5000);

  it('detects a rolling minute with the error of each hypothesis', () => {
    const result = report(simulate(own(times), { minute: 'rolling' }));
    expect(result.detections.minuteBehaviour).toMatchObject({
      verdict: 'rolling',
      layer: 'product-minute',
      meanAbsErrorRolling: 0,
      meanAbsErrorFixed: 5.5,
      samples: 60,
    });
    expect(result.minuteModel.model).toBe('rolling-60s');
    expect(result.foreign['product-minute']).toEqual({ requests: 0, episodes: 0 });
  });

  it('detects a fixed UTC minute with the error of each hypothesis', () => {
    const result = report(simulate(own(times), { minute: 'fixed' }));
    expect(result.detections.minuteBehaviour).toMatchObject({
      verdict: 'fixed',
      meanAbsErrorRolling: 5.5,
      meanAbsErrorFixed: 0,
      samples: 60,
    });
    expect(result.minuteModel.model).toBe('utc-minute');
    const minute = result.layers['product-minute'][0];
    expect(minute?.headroomBasis).toBe('utc-minute');
    expect(minute?.peakFixed).toEqual({
      count: 12,
      start: Date.parse('2026-07-01T10:00:00.000Z'),
      end: Date.parse('2026-07-01T10:01:00.000Z'),
    });
    expect(minute?.headroom).toEqual({ requests: 228, percent: 95 });
    expect(result.foreign['product-minute']).toEqual({ requests: 0, episodes: 0 });
  });

  it('leaves the behaviour undetermined when one request a minute cannot tell them apart', () => {
    const sparse = every('2026-07-01T10:00:30Z', '2026-07-01T10:20:30Z', 60_000);
    expect(report(simulate(own(sparse), { minute: 'rolling' })).detections.minuteBehaviour).toMatchObject({
      verdict: 'undetermined',
      meanAbsErrorRolling: 0,
      meanAbsErrorFixed: 0,
    });
  });
});

describe('inconsistent snapshots', () => {
  it('counts readings where used + available ≠ limit and keeps examples with their source', () => {
    const t = at('2026-07-01T10:00:00Z');
    const log = [
      event(t, { line: 2, counters: { productThrottle: snapshot(240, 1) } }),
      event(t + 1000, { line: 3, counters: { productThrottle: snapshot(240, 2, 239) } }),
      event(t + 2000, { line: 4, counters: { productQuota: quotaSnapshot(30_000, 3, null, 29_990) } }),
      event(t + 3000, { line: 5, counters: { productThrottle: snapshot(240, 241, 0) } }),
      event(t + 4000, { line: 6, counters: { productThrottle: snapshot(null, null, null) } }),
    ];
    const found = report(log).detections.inconsistentSnapshots;
    expect(found.count).toBe(3);
    expect(found.mismatches).toBe(2);
    expect(found.overLimit).toBe(1);
    expect(found.byLayer).toEqual({ 'product-minute': 2, 'product-day': 1, 'tenant-minute': 0, 'tenant-day': 0 });
    expect(found.examples).toEqual([
      {
        at: Date.parse('2026-07-01T10:00:01.000Z'),
        source: 'scenario.csv:3',
        layer: 'product-minute',
        limit: 240,
        used: 2,
        available: 239,
        kind: 'mismatch',
      },
      {
        at: Date.parse('2026-07-01T10:00:02.000Z'),
        source: 'scenario.csv:4',
        layer: 'product-day',
        limit: 30_000,
        used: 3,
        available: 29_990,
        kind: 'mismatch',
      },
      {
        at: Date.parse('2026-07-01T10:00:03.000Z'),
        source: 'scenario.csv:5',
        layer: 'product-minute',
        limit: 240,
        used: 241,
        available: 0,
        kind: 'over-limit',
      },
    ]);
  });
});

describe('whether 429s increment used', () => {
  // Own request every 2 s for 10 minutes (301); every 7th is a 429 (43), every other 429 without any x-keap header;
  // the last 429 (no headers) ends the log, so 42 lie between two readings.
  function traffic(): SimRequest[] {
    return every('2026-07-01T10:00:00Z', '2026-07-01T10:10:00Z', 2000).map((ts, i) =>
      i % 7 === 6 ? { ts, who: 'own', status: 429, headers: i % 14 !== 6 } : { ts, who: 'own' },
    );
  }

  it('detects that 429s are counted', () => {
    const result = report(simulate(traffic(), { minute: 'rolling', rejectedCount: true, tenant: true }));
    expect(result.detections.rejectedCountInUsed).toMatchObject({
      verdict: 'yes',
      layer: 'product-day',
      rejectedSeen: 42,
      excessAcrossRejected: 42,
      expectedForeign: 0,
      errorIfCounted: 0,
      errorIfNotCounted: 42,
    });
    expect(result.countedRequests.variant).toBe('all');
    expect(result.foreign).toEqual({
      'product-minute': { requests: 0, episodes: 0 },
      'product-day': { requests: 0, episodes: 0 },
      'tenant-minute': { requests: 0, episodes: 0 },
      'tenant-day': { requests: 0, episodes: 0 },
    });
    expect(result.layers['product-day'][0]?.requests).toEqual({ counted: 301, all: 301, excluding429: 258 });
  });

  it('detects that 429s are not counted', () => {
    const result = report(simulate(traffic(), { minute: 'rolling', rejectedCount: false, tenant: true }));
    expect(result.detections.rejectedCountInUsed).toMatchObject({
      verdict: 'no',
      rejectedSeen: 42,
      excessAcrossRejected: 0,
      errorIfCounted: 42,
      errorIfNotCounted: 0,
    });
    expect(result.countedRequests.variant).toBe('excluding-429');
    expect(result.foreign['product-day']).toEqual({ requests: 0, episodes: 0 });
    expect(result.layers['product-day'][0]?.requests.counted).toBe(258);
  });

  it('stays undetermined without 429s', () => {
    const result = report(
      simulate(own(every('2026-07-01T10:00:00Z', '2026-07-01T10:02:00Z', 2000)), { minute: 'rolling' }),
    );
    expect(result.detections.rejectedCountInUsed).toMatchObject({ verdict: 'undetermined', rejectedSeen: 0 });
    expect(result.countedRequests).toEqual({
      variant: 'excluding-429',
      code: 'NO_429S',
    });
  });
});
