import { describe, expect, it } from 'vitest';
import { createHeadroomBucket } from '../../src/pacer/headroom.js';
import { decideRetry, type RetryFacts } from '../../src/pacer/retry-policy.js';
import { readCounters } from '../../src/normalise/counters.js';
import { keapHeaders } from '../../src/gateway/headers.js';

const NOON = Date.UTC(2026, 2, 3, 12);
const MIDNIGHT = Date.UTC(2026, 2, 4);
function counters(minuteLeft: number, dayLeft: number, minuteLimit = 240, dayLimit = 30_000) {
  const reading = (limit: number, left: number) => ({ limit, used: limit - left, available: left });
  return readCounters(
    new Map(
      Object.entries(
        keapHeaders(
          {
            productMinute: reading(minuteLimit, minuteLeft),
            productDay: reading(dayLimit, dayLeft),
            productDayExpiryMs: MIDNIGHT,
            tenantMinute: reading(10_000, 9_000),
            tenantDay: reading(250_000, 200_000),
          },
          { rate: 10 },
          'acme',
        ),
      ),
    ),
  );
}

describe('headroom of a bucket', () => {
  it('lets requests go while a minute has room, paces it at its sustained rate below the reserve, and waits out an empty one', () => {
    const bucket = createHeadroomBucket('t', 0.1);
    bucket.recordSend(NOON);
    bucket.recordReading(counters(100, 20_000), NOON);
    expect(bucket.gate(NOON + 10).dueMs).toBe(Number.NEGATIVE_INFINITY);
    bucket.recordSend(NOON + 1000);
    bucket.recordReading(counters(20, 20_000), NOON + 1000);
    // 20 left of 240 is below the 10 % reserve: one request per 60 000 / 240 = 250 ms.
    expect(bucket.gate(NOON + 1010)).toMatchObject({ dueMs: NOON + 1250, layer: 'product-minute' });
    bucket.recordSend(NOON + 2000);
    bucket.recordReading(counters(0, 20_000), NOON + 2000);
    // Empty: until the oldest own request of the window (NOON) is a minute old.
    expect(bucket.gate(NOON + 2010)).toMatchObject({ dueMs: NOON + 60_001, layer: 'product-minute' });
    expect(bucket.minuteFreesAtMs(NOON + 2010)).toBe(NOON + 60_001);
    // Past it, the reading gets back the request that left the window.
    expect(bucket.gate(NOON + 60_002).dueMs).toBeLessThan(NOON + 60_002);
  });

  it('counts own requests sent since a reading against it', () => {
    const bucket = createHeadroomBucket('t', 0);
    bucket.recordSend(NOON);
    bucket.recordReading(counters(2, 20_000), NOON);
    bucket.recordSend(NOON + 300);
    expect(bucket.gate(NOON + 301).dueMs).toBe(Number.NEGATIVE_INFINITY);
    bucket.recordSend(NOON + 600);
    expect(bucket.gate(NOON + 601)).toMatchObject({ dueMs: NOON + 60_001, layer: 'product-minute' });
  });

  it('spreads the last of a day over the hours to its reset, and holds an empty day until x-keap-product-quota-expiry-time', () => {
    const bucket = createHeadroomBucket('t', 0.1);
    bucket.recordSend(NOON);
    bucket.recordReading(counters(200, 1200), NOON);
    // 1200 left over 12 h: one per 36 s.
    expect(bucket.gate(NOON + 1).dueMs).toBeCloseTo(NOON + (12 * 3_600_000 - 1) / 1200, 3);
    bucket.recordReading(counters(200, 0), NOON + 5);
    expect(bucket.gate(NOON + 10)).toEqual({ dueMs: MIDNIGHT, layer: 'product-day', resetMs: MIDNIGHT });
    expect(bucket.dayResetMs('product-day', NOON)).toBe(MIDNIGHT);
    expect(bucket.gate(MIDNIGHT + 1).dueMs).toBe(Number.NEGATIVE_INFINITY);
  });

  it('keeps the newest reading when answers arrive out of order, and honours a block', () => {
    const bucket = createHeadroomBucket('t', 0);
    bucket.recordReading(counters(100, 20_000), NOON + 500);
    bucket.recordReading(counters(0, 20_000), NOON);
    expect(bucket.gate(NOON + 600).dueMs).toBe(Number.NEGATIVE_INFINITY);
    bucket.block('tenant-minute', NOON + 9000, null);
    expect(bucket.gate(NOON + 600)).toMatchObject({ dueMs: NOON + 9000, layer: 'tenant-minute' });
    expect(bucket.gate(NOON + 9001).dueMs).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('retries by layer', () => {
  const facts = (overrides: Partial<RetryFacts>): RetryFacts => ({
    layer: 'spike',
    sentMs: NOON,
    nowMs: NOON + 20,
    attempts: 1,
    maxRetries: 5,
    deadlineMs: NOON + 300_000,
    intervalMs: 240,
    bucket: createHeadroomBucket('t', 0.1),
    random: () => 0.5,
    ...overrides,
  });

  it('waits one processor interval plus up to a quarter of jitter after a spike 429', () => {
    expect(decideRetry(facts({ random: () => 0 }))).toEqual({ kind: 'retry', notBeforeMs: NOON + 240, block: null });
    const late = decideRetry(facts({ random: () => 0.999 }));
    expect(late.kind === 'retry' && late.notBeforeMs).toBeCloseTo(NOON + 240 * 1.24975, 6);
  });

  it('waits until the oldest own request of the minute is a minute old, and blocks the bucket until then', () => {
    const bucket = createHeadroomBucket('t', 0.1);
    bucket.recordSend(NOON - 30_000);
    bucket.recordSend(NOON);
    expect(decideRetry(facts({ layer: 'product-minute', bucket }))).toEqual({
      kind: 'retry',
      notBeforeMs: NOON + 30_001,
      block: { layer: 'product-minute', untilMs: NOON + 30_001, resetMs: null },
    });
  });

  it('never retries a day 429 before the reset, and fails naming x-keap-product-quota-expiry-time when that is past the deadline', () => {
    const bucket = createHeadroomBucket('t', 0.1);
    bucket.recordReading(counters(200, 0), NOON);
    const near = decideRetry(facts({ layer: 'product-day', bucket, deadlineMs: MIDNIGHT + 1 }));
    expect(near).toMatchObject({ kind: 'retry', notBeforeMs: MIDNIGHT });
    const far = decideRetry(facts({ layer: 'product-day', bucket }));
    expect(far.kind).toBe('fail');
    if (far.kind !== 'fail') return;
    expect(far.error).toMatchObject({ code: 'DAY_QUOTA_EXHAUSTED', layer: 'product-day', resetMs: MIDNIGHT });
    expect(far.error.message).toContain(`x-keap-product-quota-expiry-time ${MIDNIGHT} (2026-03-04T00:00:00.000Z)`);
    // The tenant's day has no expiry header: the next 00:00 UTC.
    const tenant = decideRetry(facts({ layer: 'tenant-day', bucket }));
    expect(tenant.kind === 'fail' && tenant.error.resetMs).toBe(MIDNIGHT);
  });

  it('gives the answer back once the retries or the deadline run out', () => {
    expect(decideRetry(facts({ attempts: 6 }))).toEqual({ kind: 'give-up' });
    expect(decideRetry(facts({ attempts: 5 })).kind).toBe('retry');
    expect(decideRetry(facts({ deadlineMs: NOON + 100 }))).toEqual({ kind: 'give-up' });
    expect(decideRetry(facts({ layer: 'product-minute', deadlineMs: NOON + 100 }))).toEqual({ kind: 'give-up' });
  });
});
