import { describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger/index.js';
import type { LedgerPoint, LedgerReport } from '../../src/ledger/index.js';
import { findProfile } from '../../src/policy/profiles.js';
import type { RequestEvent } from '../../src/types.js';
import { at, every, foreign, own, prng, simulate } from './scenario.js';

const PAT = findProfile('pat-sak') ?? null;

function run(
  log: readonly RequestEvent[],
  options: { jitterTolerance?: number } = {},
): { points: LedgerPoint[]; report: LedgerReport } {
  const ledger = createLedger({ profile: PAT, ...options });
  const points = log.map((e) => ledger.observe(e));
  return { points, report: ledger.finish() };
}

// Own requests every 5 s from 10:00 to 10:10; `perMinute` foreign requests per minute in 10:02–10:05 at :07 + k·(60/perMinute) s.
function injected(perMinute: number): RequestEvent[] {
  const ownTimes = every('2026-07-01T10:00:00Z', '2026-07-01T10:10:00Z', 5000);
  const others: number[] = [];
  for (const minute of ['02', '03', '04'])
    for (let k = 0; k < perMinute; k++) others.push(at(`2026-07-01T10:${minute}:07Z`) + (k * 60_000) / perMinute);
  return simulate([...own(ownTimes), ...foreign(others)], {
    minute: 'rolling',
    tenant: true,
    dayBase: 100,
    tenantDayBase: 1000,
  });
}

function pointAt(points: readonly LedgerPoint[], isoTime: string): LedgerPoint {
  const found = points.find((p) => p.ts === at(isoTime));
  if (!found) throw new Error(`no point at ${isoTime}`);
  return found;
}

describe('ledger against the server: other consumers', () => {
  it('reports no foreign traffic when counters move by exactly one per own request', () => {
    const log = simulate(own(every('2026-07-01T10:00:00Z', '2026-07-01T10:10:00Z', 5000)), {
      minute: 'rolling',
      tenant: true,
      dayBase: 100,
      tenantDayBase: 1000,
    });
    const { points, report } = run(log);
    expect(report.foreign).toEqual({
      'product-minute': { requests: 0, episodes: 0 },
      'product-day': { requests: 0, episodes: 0 },
      'tenant-minute': { requests: 0, episodes: 0 },
      'tenant-day': { requests: 0, episodes: 0 },
    });
    const late = pointAt(points, '2026-07-01T10:05:00Z');
    expect(late.foreign['product-minute']).toMatchObject({ requests: 0, basis: 'rolling-60s', confidence: 'high' });
    expect(late.foreign['product-day']).toMatchObject({ requests: 0, basis: 'utc-day', confidence: 'high' });
    expect(late.foreign['tenant-minute']).toMatchObject({ requests: 0, confidence: 'high' });
    expect(late.foreign).not.toHaveProperty('spike');
  });

  it('finds 3 other requests a minute between 10:02 and 10:05 in the daily counter with their times', () => {
    const { points, report } = run(injected(3));
    const [episode, ...rest] = report.layers['product-day'][0]?.serverAhead ?? [];
    expect(rest).toEqual([]);
    expect(episode).toEqual({
      layer: 'product-day',
      bucket: 'tenant:ps1.infusionsoft.com',
      basis: 'utc-day',
      start: Date.parse('2026-07-01T10:02:10.000Z'),
      startAfter: Date.parse('2026-07-01T10:02:05.000Z'),
      end: Date.parse('2026-07-01T10:04:50.000Z'),
      maxExcess: 9,
      foreignRequests: 9,
      responses: 45,
      confidence: 'high',
    });
    // Ground truth: first foreign request 10:02:07 lies in (startAfter, start]; last one 10:04:47 before end.
    expect(episode?.startAfter ?? Number.NaN).toBeLessThan(at('2026-07-01T10:02:07Z'));
    expect(episode?.start ?? Number.NaN).toBeGreaterThanOrEqual(at('2026-07-01T10:02:07Z'));
    expect(report.foreign['product-day']).toEqual({ requests: 9, episodes: 1 });
    // The other PAT key also counts toward the tenant ceiling.
    expect(report.foreign['tenant-day']).toEqual({ requests: 9, episodes: 1 });
    // Three in any 60 s is within the jitter tolerance of 3: no minute episode, but the estimate shows them.
    expect(report.foreign['product-minute']).toEqual({ requests: 0, episodes: 0 });
    const mid = pointAt(points, '2026-07-01T10:04:00Z');
    expect(mid.foreign['product-minute']).toMatchObject({ requests: 3, confidence: 'high' });
    expect(mid.foreign['product-day']).toMatchObject({ requests: 6, confidence: 'high' });
    const before = pointAt(points, '2026-07-01T10:01:30Z');
    expect(before.foreign['product-day'].requests).toBe(0);
  });

  it('finds 6 other requests a minute in both the minute and the daily counters', () => {
    const { report } = run(injected(6));
    const minute = report.layers['product-minute'][0]?.serverAhead ?? [];
    expect(minute).toHaveLength(1);
    expect(minute[0]).toMatchObject({
      basis: 'rolling-60s',
      start: Date.parse('2026-07-01T10:02:10.000Z'),
      startAfter: Date.parse('2026-07-01T10:02:05.000Z'),
      maxExcess: 6,
      foreignRequests: 18,
      confidence: 'high',
    });
    // The last foreign request (10:04:57) leaves the rolling window at 10:05:57; smoothing ends the run one reading later.
    expect(minute[0]?.end).toBe(Date.parse('2026-07-01T10:06:00.000Z'));
    expect(report.layers['product-day'][0]?.serverAhead).toEqual([
      expect.objectContaining({ foreignRequests: 18, end: Date.parse('2026-07-01T10:05:00.000Z') }),
    ]);
    expect(report.foreign['tenant-minute']).toEqual({ requests: 18, episodes: 1 });
  });

  it('books tenant neighbours to the tenant layers only', () => {
    const ownTimes = every('2026-07-01T10:00:00Z', '2026-07-01T10:10:00Z', 5000);
    const neighbours = every('2026-07-01T10:03:01Z', '2026-07-01T10:03:59Z', 2000); // 30 requests from another integration
    const log = simulate([...own(ownTimes), ...foreign(neighbours, 'neighbour')], {
      minute: 'rolling',
      tenant: true,
      dayBase: 100,
      tenantDayBase: 1000,
    });
    const { report } = run(log);
    expect(report.foreign['product-minute']).toEqual({ requests: 0, episodes: 0 });
    expect(report.foreign['product-day']).toEqual({ requests: 0, episodes: 0 });
    expect(report.foreign['tenant-day']).toEqual({ requests: 30, episodes: 1 });
    // The rolling count peaks at 30 only at 10:04:00; the median of the readings at 10:03:55 (28), 10:04:00 (30)
    // and 10:04:05 (27) is 28: smoothing trims a one-reading peak.
    expect(report.layers['tenant-minute'][0]?.serverAhead[0]).toMatchObject({
      maxExcess: 28,
      foreignRequests: 30,
      start: Date.parse('2026-07-01T10:03:05.000Z'),
      startAfter: Date.parse('2026-07-01T10:03:00.000Z'),
    });
  });

  it('never reports foreign traffic when counters only lag, repeat or step back by up to 2', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = prng(seed);
      const lags: number[] = [];
      const lag = (n: number) => {
        // Mostly accurate, sometimes behind by 1–2; a repeat or step back is a lag that grows.
        lags[n] ??= random() < 0.5 ? 0 : random() < 0.5 ? 1 : 2;
        return lags[n] ?? 0;
      };
      const log = simulate(own(every('2026-07-01T10:00:00Z', '2026-07-01T10:30:00Z', 2000)), {
        minute: 'rolling',
        tenant: true,
        dayBase: 100,
        tenantDayBase: 1000,
        lag,
      });
      const { report } = run(log);
      expect(report.foreign, `seed ${seed}`).toEqual({
        'product-minute': { requests: 0, episodes: 0 },
        'product-day': { requests: 0, episodes: 0 },
        'tenant-minute': { requests: 0, episodes: 0 },
        'tenant-day': { requests: 0, episodes: 0 },
      });
      expect(report.detections.minuteBehaviour.verdict).toBe('rolling');
    }
  });

  it('still finds other consumers through lagging counters', () => {
    const random = prng(42);
    const lag = () => Math.floor(random() * 3);
    const ownTimes = every('2026-07-01T10:00:00Z', '2026-07-01T10:20:00Z', 2000);
    const others = every('2026-07-01T10:08:00.500Z', '2026-07-01T10:08:59.500Z', 3000); // 20 requests
    const log = simulate([...own(ownTimes), ...foreign(others)], {
      minute: 'rolling',
      tenant: true,
      dayBase: 100,
      tenantDayBase: 1000,
      lag,
    });
    const { report } = run(log);
    const day = report.layers['product-day'][0]?.serverAhead ?? [];
    expect(day).toHaveLength(1);
    expect(Math.abs((day[0]?.foreignRequests ?? 0) - 20)).toBeLessThanOrEqual(2);
    expect(day[0]?.start ?? Number.NaN).toBeGreaterThanOrEqual(at('2026-07-01T10:08:00Z'));
    expect(day[0]?.start ?? Number.NaN).toBeLessThanOrEqual(at('2026-07-01T10:08:20Z'));
    const minute = report.layers['product-minute'][0]?.serverAhead ?? [];
    expect(minute).toHaveLength(1);
    expect(Math.abs((minute[0]?.maxExcess ?? 0) - 20)).toBeLessThanOrEqual(2);
  });
});
