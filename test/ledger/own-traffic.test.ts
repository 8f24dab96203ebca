import { describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger/index.js';
import type { LedgerReport } from '../../src/ledger/index.js';
import { findProfile } from '../../src/policy/profiles.js';
import type { RequestEvent } from '../../src/types.js';
import { at, event, every, quotaSnapshot, snapshot } from './scenario.js';

const PAT = findProfile('pat-sak') ?? null;
const OAUTH = findProfile('oauth2') ?? null;

function report(log: readonly RequestEvent[], profile = PAT, topWindows?: number): LedgerReport {
  const ledger = createLedger({ profile, ...(topWindows === undefined ? {} : { topWindows }) });
  for (const e of log) ledger.observe(e);
  return ledger.finish();
}

const T0 = at('2026-07-01T10:00:00Z');

describe('spike layer: peaks, headroom and spacing', () => {
  it('gives exact per-second and per-100 ms peaks and gap statistics', () => {
    // Requests at 0, 150, 300 and 1000 ms: half-open windows (t − 1 s, t] hold at most 3 of them.
    const log = [0, 150, 300, 1000].map((ms) =>
      event(T0 + ms, { counters: { spikeLimit: { raw: '10ps', rate: 10, unit: 'second' } } }),
    );
    const spike = report(log).layers.spike[0];
    expect(spike).toMatchObject({
      bucket: 'key:k1',
      keyId: 'k1',
      requests: 4,
      first: Date.parse('2026-07-01T10:00:00.000Z'),
      last: Date.parse('2026-07-01T10:00:01.000Z'),
    });
    expect(spike?.peakPerSecond).toEqual({
      count: 3,
      start: Date.parse('2026-07-01T10:00:00.000Z'),
      end: Date.parse('2026-07-01T10:00:00.300Z'),
    });
    expect(spike?.peakPer100ms).toEqual({
      count: 1,
      start: Date.parse('2026-07-01T10:00:00.000Z'),
      end: Date.parse('2026-07-01T10:00:00.000Z'),
    });
    expect(spike?.busiestSeconds).toEqual([
      { start: Date.parse('2026-07-01T10:00:00.000Z'), count: 3 },
      { start: Date.parse('2026-07-01T10:00:01.000Z'), count: 1 },
    ]);
    expect(spike?.spacing).toMatchObject({ gaps: 3, minMs: 150, p5Ms: 150, medianMs: 150 });
    expect(spike?.limit).toEqual({ value: 10, source: 'header', profileId: null, code: 'FROM_HEADER' });
    expect(spike?.headroom).toEqual({ requests: 7, percent: 70 });
  });

  it('counts four requests in one second when the fourth comes at 999 ms', () => {
    const log = [0, 150, 300, 999].map((ms) => event(T0 + ms));
    const spike = report(log).layers.spike[0];
    expect(spike?.peakPerSecond).toEqual({
      count: 4,
      start: Date.parse('2026-07-01T10:00:00.000Z'),
      end: Date.parse('2026-07-01T10:00:00.999Z'),
    });
    expect(spike?.spacing).toMatchObject({ minMs: 150, p5Ms: 150, medianMs: 150 });
    // No spike header: the profile's 10/s applies.
    expect(spike?.limit).toMatchObject({ value: 10, source: 'profile', profileId: 'pat-sak' });
    expect(spike?.headroom).toEqual({ requests: 6, percent: 60 });
  });

  it('finds the busiest 100 ms and keeps long gaps within the histogram resolution', () => {
    const offsets = [0, 40, 80, 5080, 10_080, 15_080];
    const spike = report(offsets.map((ms) => event(T0 + ms))).layers.spike[0];
    expect(spike?.peakPer100ms).toEqual({
      count: 3,
      start: Date.parse('2026-07-01T10:00:00.000Z'),
      end: Date.parse('2026-07-01T10:00:00.080Z'),
    });
    // Gaps 40, 40, 5000, 5000, 5000: the median 5000 falls in the bucket [4992, 5120).
    expect(spike?.spacing).toMatchObject({ gaps: 5, minMs: 40, p5Ms: 40, medianMs: 4992 });
  });

  it('lists at most topWindows busiest seconds, most requests first', () => {
    const offsets = [0, 1000, 1001, 2000, 2001, 2002, 3000];
    const spike = report(
      offsets.map((ms) => event(T0 + ms)),
      PAT,
      2,
    ).layers.spike[0];
    expect(spike?.busiestSeconds).toEqual([
      { start: Date.parse('2026-07-01T10:00:02.000Z'), count: 3 },
      { start: Date.parse('2026-07-01T10:00:01.000Z'), count: 2 },
    ]);
  });
});

describe('minute and day layers: peaks and headroom', () => {
  it('gives the rolling 60 s peak, the busiest UTC minutes and headroom against the header limit', () => {
    // 10 requests in 10:00:50–10:00:59 and 5 in 10:01:00–10:01:04: 15 inside one rolling minute, at most 10 in a UTC minute.
    const times = [
      ...every('2026-07-01T10:00:50Z', '2026-07-01T10:00:59Z', 1000),
      ...every('2026-07-01T10:01:00Z', '2026-07-01T10:01:04Z', 1000),
    ];
    const log = times.map((ts, i) =>
      event(ts, {
        counters: { productThrottle: snapshot(240, Math.min(i + 1, 15)), tenantId: 'ps1.infusionsoft.com' },
      }),
    );
    const minute = report(log).layers['product-minute'][0];
    expect(minute?.peakRolling).toEqual({
      count: 15,
      start: Date.parse('2026-07-01T10:00:50.000Z'),
      end: Date.parse('2026-07-01T10:01:04.000Z'),
    });
    expect(minute?.peakFixed).toEqual({
      count: 10,
      start: Date.parse('2026-07-01T10:00:00.000Z'),
      end: Date.parse('2026-07-01T10:01:00.000Z'),
    });
    expect(minute?.busiestWindows).toEqual([
      { start: Date.parse('2026-07-01T10:00:00.000Z'), count: 10 },
      { start: Date.parse('2026-07-01T10:01:00.000Z'), count: 5 },
    ]);
    expect(minute?.headroomBasis).toBe('rolling-60s');
    expect(minute?.limit).toEqual({ value: 240, source: 'header', profileId: null, code: 'FROM_HEADER' });
    expect(minute?.headroom).toEqual({ requests: 225, percent: 93.8 });
    expect(minute?.server).toEqual({ snapshots: 15, maxUsed: 15, lastUsed: 15 });
  });

  it('lets a limit in the headers override the profile', () => {
    const log = [
      event(T0, { counters: { productThrottle: snapshot(1500, 1), productQuota: quotaSnapshot(150_000, 1, null) } }),
    ];
    const result = report(log);
    expect(result.layers['product-minute'][0]?.limit).toMatchObject({ value: 1500, source: 'header' });
    expect(result.layers['product-day'][0]?.limit).toMatchObject({ value: 150_000, source: 'header' });
    expect(result.layers['product-day'][0]?.headroom).toEqual({ requests: 149_999, percent: 100 });
  });

  it('uses the profile limits without headers and none without a profile', () => {
    const log = [event(T0)];
    expect(report(log).layers['product-minute'][0]?.limit).toMatchObject({
      value: 240,
      source: 'profile',
      profileId: 'pat-sak',
    });
    expect(report(log, null).layers['product-minute'][0]?.limit).toEqual({
      value: null,
      source: null,
      profileId: null,
      code: 'NO_PROFILE',
    });
    expect(report(log, null).layers['product-minute'][0]?.headroom).toBeNull();
  });

  it('applies the 2026 tenant ceiling only to traffic since 2026-06-08', () => {
    const old = report([event(at('2024-08-14T13:38:22Z'))]).layers['tenant-minute'][0]?.limit;
    expect(old).toMatchObject({ value: null, source: null, profileId: 'pat-sak' });
    const recent = report([event(T0)]).layers['tenant-day'][0]?.limit;
    expect(recent).toMatchObject({ value: 250_000, source: 'profile' });
  });
});

describe('whose bucket is whose', () => {
  it('shares PAT/SAK minute and day buckets across the keys of a tenant, spike per key', () => {
    const log = [
      event(T0, { keyId: 'k1', counters: { tenantId: 'ps1.infusionsoft.com', productThrottle: snapshot(240, 1) } }),
      event(T0 + 100, {
        keyId: 'k2',
        counters: { tenantId: 'ps1.infusionsoft.com', productThrottle: snapshot(240, 2) },
      }),
      event(T0 + 200, {
        keyId: 'k3',
        counters: { tenantId: 'ps2.infusionsoft.com', productThrottle: snapshot(240, 1) },
      }),
    ];
    const result = report(log);
    expect(result.layers.spike.map((g) => g.bucket)).toEqual(['key:k1', 'key:k2', 'key:k3']);
    expect(result.layers['product-minute'].map((g) => [g.bucket, g.groupedBy, g.keys, g.requests.all])).toEqual([
      ['tenant:ps1.infusionsoft.com', 'tenant', ['k1', 'k2'], 2],
      ['tenant:ps2.infusionsoft.com', 'tenant', ['k3'], 1],
    ]);
  });

  it('books an OAuth log to one developer app and says the log cannot name it', () => {
    const log = [
      event(T0, { keyId: 't1', counters: { tenantId: 'a.infusionsoft.com' } }),
      event(T0 + 1, { keyId: 't2', counters: { tenantId: 'b.infusionsoft.com' } }),
    ];
    const minute = report(log, OAUTH).layers['product-minute'];
    expect(minute).toHaveLength(1);
    expect(minute[0]).toMatchObject({ bucket: 'app', groupedBy: 'developer-app', keys: ['t1', 't2'] });
    expect(minute[0]?.scopeNote).toContain('does not name the app');
    expect(report(log, OAUTH).layers['tenant-minute'].map((g) => g.bucket)).toEqual([
      'tenant:a.infusionsoft.com',
      'tenant:b.infusionsoft.com',
    ]);
  });

  it('says so when the log has no key column or no tenant id', () => {
    const log = [event(T0, { keyId: null }), event(T0 + 1000, { keyId: null })];
    const result = report(log);
    expect(result.layers.spike[0]?.bucket).toBe('key:(none)');
    expect(result.layers.spike[0]?.scopeNote).toContain('no key column');
    expect(result.layers['product-minute'][0]?.bucket).toBe('tenant:(unknown)');
    expect(result.layers['product-minute'][0]?.scopeNote).toContain('no tenant id');
  });

  it('books a 429 without headers to the tenant its key last showed', () => {
    const ledger = createLedger({ profile: PAT });
    ledger.observe(event(T0, { keyId: 'k1', counters: { tenantId: 'ps1.infusionsoft.com' } }));
    ledger.observe(event(T0 + 10, { keyId: 'k9', counters: { tenantId: 'ps9.infusionsoft.com' } }));
    const point = ledger.observe(event(T0 + 20, { keyId: 'k1', status: 429 }));
    expect(point.buckets).toEqual({
      spike: 'key:k1',
      product: 'tenant:ps1.infusionsoft.com',
      productGroupedBy: 'tenant',
      tenant: 'tenant:ps1.infusionsoft.com',
      tenantId: 'ps1.infusionsoft.com',
      tenantFrom: 'key-history',
    });
    expect(ledger.finish().layers['product-day'][0]?.scopeNote).toContain('1 request(s) without a tenant id');
  });
});

describe('per-event context', () => {
  it('returns own counts, gap and server readings at each event', () => {
    const ledger = createLedger({ profile: PAT });
    const offsets = [0, 400, 900, 950, 60_500];
    const points = offsets.map((ms, i) =>
      ledger.observe(
        event(T0 + ms, {
          status: i === 2 ? 429 : 200,
          counters:
            i === 2
              ? {}
              : {
                  tenantId: 'ps1.infusionsoft.com',
                  productThrottle: snapshot(240, 7),
                  productQuota: quotaSnapshot(30_000, 100 + i, null),
                  tenantMinute: snapshot(10_000, 50),
                  tenantDay: snapshot(250_000, 900),
                },
        }),
      ),
    );
    const fourth = points[3];
    // The 429 at 900 ms counts for the key's spike windows but not (yet known) toward the quota buckets.
    expect(fourth?.own).toEqual({
      lastSecond: 4,
      last100ms: 2,
      rollingMinute: 3,
      utcMinute: 3,
      utcDay: 3,
      tenantRollingMinute: 3,
      tenantUtcDay: 3,
      gapMs: 50,
    });
    expect(fourth?.countedVariant).toBe('excluding-429');
    expect(fourth?.counted).toEqual({ all: true, excluding429: true });
    expect(points[2]?.counted).toEqual({ all: true, excluding429: false });
    expect(fourth?.own.gapMs).toBe(50);
    expect(points[0]?.own.gapMs).toBeNull();
    expect(fourth?.server['product-minute']).toEqual({ used: 7, available: 233, limit: 240 });
    expect(fourth?.server['tenant-day']).toEqual({ used: 900, available: 249_100, limit: 250_000 });
    expect(fourth?.server.spike).toBeNull();
    expect(points[2]?.server['product-day']).toBeNull();
    // 60.5 s: the requests at 0 and 400 ms left the rolling minute (the 429 at 900 is not counted); a new UTC minute began.
    expect(points[4]?.own).toMatchObject({ lastSecond: 1, rollingMinute: 2, utcMinute: 1, utcDay: 4 });
    // Only 1 s of log before the first minute readings: the rolling comparison is not yet possible.
    expect(fourth?.foreign['product-minute']).toMatchObject({
      requests: null,
      confidence: 'low',
      code: 'LOG_TOO_SHORT',
    });
  });

  it('does not count auth failures toward quota buckets', () => {
    const ledger = createLedger({ profile: PAT });
    ledger.observe(event(T0));
    const point = ledger.observe(event(T0 + 10, { status: 401 }));
    expect(point.counted).toEqual({ all: false, excluding429: false });
    expect(point.own).toMatchObject({ lastSecond: 2, rollingMinute: 1, utcDay: 1 });
  });
});
