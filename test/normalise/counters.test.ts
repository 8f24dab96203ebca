import { describe, expect, it } from 'vitest';
import { readCounters, readSpikeLimit } from '../../src/normalise/counters.js';

const headers = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('readCounters', () => {
  it('reads H1 (pastebin 2024-08-14): product families, scalar tenant minute, spike 10ps', () => {
    const counters = readCounters(
      headers({
        'x-keap-product-spike-limit': '10ps',
        'x-keap-product-throttle-limit': '240',
        'x-keap-product-throttle-time-unit': 'minute',
        'x-keap-product-throttle-interval': '1',
        'x-keap-product-throttle-available': '239',
        'x-keap-product-throttle-used': '1',
        'x-keap-product-quota-limit': '150000',
        'x-keap-product-quota-time-unit': 'day',
        'x-keap-product-quota-interval': '1',
        'x-keap-product-quota-available': '149862',
        'x-keap-product-quota-used': '138',
        'x-keap-product-quota-expiry-time': '1723680000000',
        'x-keap-tenant-id': 'ps359.infusionsoft.com',
        'x-keap-tenant-throttle-limit': '5000',
        'x-keap-tenant-throttle-time-unit': 'minute',
        'x-keap-tenant-throttle-interval': '1',
        'x-keap-tenant-throttle-available': '4999',
        'x-keap-tenant-throttle-used': '1',
      }),
    );
    expect(counters.generation).toBe('x-keap');
    expect(counters.productThrottle).toEqual({ limit: 240, used: 1, available: 239, timeUnit: 'minute', interval: 1 });
    expect(counters.productQuota).toEqual({
      limit: 150000,
      used: 138,
      available: 149862,
      timeUnit: 'day',
      interval: 1,
      expiryMs: Date.UTC(2024, 7, 15),
      expiryRaw: null,
    });
    expect(counters.tenantMinute).toEqual({ limit: 5000, used: 1, available: 4999, timeUnit: 'minute', interval: 1 });
    expect(counters.tenantDay).toBeUndefined();
    expect(counters.spikeLimit).toEqual({ raw: '10ps', rate: 10, unit: 'second' });
    expect(counters.tenantId).toBe('ps359.infusionsoft.com');
  });

  it('splits the 2026 pipe-delimited tenant family (H3) into minute and day windows', () => {
    const counters = readCounters(
      headers({
        'x-keap-tenant-throttle-limit': '10000|250000',
        'x-keap-tenant-throttle-time-unit': 'minute|day',
        'x-keap-tenant-throttle-interval': '1|1',
        'x-keap-tenant-throttle-available': '9999|249999',
        'x-keap-tenant-throttle-used': '1|1',
      }),
    );
    expect(counters.tenantMinute).toEqual({ limit: 10000, used: 1, available: 9999, timeUnit: 'minute', interval: 1 });
    expect(counters.tenantDay).toEqual({ limit: 250000, used: 1, available: 249999, timeUnit: 'day', interval: 1 });
  });

  it('aligns by time-unit, not position, when the order is day|minute', () => {
    const counters = readCounters(
      headers({
        'x-keap-tenant-throttle-limit': '250000|10000',
        'x-keap-tenant-throttle-time-unit': 'day|minute',
        'x-keap-tenant-throttle-used': '7|3',
      }),
    );
    expect(counters.tenantMinute?.limit).toBe(10000);
    expect(counters.tenantMinute?.used).toBe(3);
    expect(counters.tenantDay?.used).toBe(7);
  });

  it('keeps blank numbers of an unauthenticated 401 as null', () => {
    const counters = readCounters(
      headers({
        'x-keap-tenant-throttle-limit': '|',
        'x-keap-tenant-throttle-time-unit': 'minute|day',
        'x-keap-tenant-throttle-used': '|',
        'x-keap-product-throttle-limit': '',
        'x-keap-product-spike-limit': '',
      }),
    );
    expect(counters.tenantMinute).toEqual({
      limit: null,
      used: null,
      available: null,
      timeUnit: 'minute',
      interval: null,
    });
    expect(counters.tenantDay?.limit).toBeNull();
    expect(counters.productThrottle?.limit).toBeNull();
    expect(counters.spikeLimit).toEqual({ raw: '', rate: null, unit: null });
  });

  it('reads pre-2022 X-Apigee names and keeps the docs malformed expiry as raw text', () => {
    const counters = readCounters(
      headers({
        'x-apigee-product-quota-limit': '150000',
        'x-apigee-product-quota-used': '1',
        'x-apigee-product-quota-expiry-time': '158663200',
        'x-apigee-product-throttle-limit': '1500',
      }),
    );
    expect(counters.generation).toBe('x-apigee');
    expect(counters.productQuota?.limit).toBe(150000);
    expect(counters.productQuota?.expiryMs).toBeNull();
    expect(counters.productQuota?.expiryRaw).toBe('158663200');
    expect(counters.productThrottle?.limit).toBe(1500);
  });

  it('prefers x-keap values when the 2022 transition sent both names', () => {
    const counters = readCounters(headers({ 'x-keap-product-quota-used': '10', 'x-apigee-product-quota-used': '9' }));
    expect(counters.generation).toBe('both');
    expect(counters.productQuota?.used).toBe(10);
  });

  it('reports no families on a response without rate-limit headers', () => {
    expect(readCounters(headers({ 'content-type': 'application/json' }))).toEqual({ generation: 'none' });
  });
});

describe('readSpikeLimit', () => {
  it.each([
    ['10ps', 10, 'second'],
    ['5ps', 5, 'second'],
    ['300pm', 300, 'minute'],
    ['', null, null],
    ['fast', null, null],
  ])('reads %j', (raw, rate, unit) => {
    expect(readSpikeLimit(raw)).toEqual({ raw, rate, unit });
  });
});
