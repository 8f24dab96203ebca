import { afterEach, describe, expect, it } from 'vitest';
import { createPacer, PacerError, type PacerClock } from '../../src/index.js';
import { gatewayOn, runCallers, scaledClock, type GatewayLog } from './helpers.js';

// The minute, day and tenant buckets against the mock gateway. SpikeArrest is set out of the way
// (1000/s on one processor) so only the quotas can throw a call back.
const FAST_SPIKE = { rate: 1000, processors: 1 } as const;
const KEYS = ['Bearer KeapAK-headroom-a-0123456789abcdef', 'Bearer KeapAK-headroom-b-0123456789abcdef'];
const open: GatewayLog[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((log) => log.gateway.close()));
});

async function gateway(clock: PacerClock, options: Parameters<typeof gatewayOn>[1]): Promise<GatewayLog> {
  const log = await gatewayOn(clock, { ...FAST_SPIKE, ...options });
  open.push(log);
  return log;
}

function fetchAs(pacer: ReturnType<typeof createPacer>, log: GatewayLog, key: string) {
  return async () => {
    const response = await pacer.fetch(`${log.gateway.url}/crm/rest/v1/contacts`, { headers: { authorization: key } });
    await response.arrayBuffer();
    return response.status;
  };
}

/** Most accepted requests inside any window of windowMs, as the gateway saw them. */
function busiestWindow(log: GatewayLog, windowMs: number): number {
  const times = log.admissions.filter((a) => a.verdict === 'accepted').map((a) => a.atMs);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('minute headroom, shared by the keys of a tenant', () => {
  it.each([
    ['product-minute', { perMinute: 30 }],
    ['tenant-minute', { tenantMinute: 30 }],
  ] as const)('two keys, 45 calls, a %s limit of 30: no 429, the rest wait for the window', async (layer, limits) => {
    const clock = scaledClock(20);
    const log = await gateway(clock, limits);
    const pacer = createPacer({ ...FAST_SPIKE, clock });
    const calls = [fetchAs(pacer, log, KEYS[0]!), fetchAs(pacer, log, KEYS[1]!)];
    const run = await runCallers(clock, 45, 6, (index) => calls[index % 2]!());
    expect(run.statuses.filter((status) => status === 200)).toHaveLength(45);
    expect(log.gateway.stats()[layer]).toBe(0);
    expect(log.gateway.stats().accepted).toBe(45);
    expect(busiestWindow(log, 60_000)).toBeLessThanOrEqual(30);
    expect(run.elapsedMs).toBeGreaterThanOrEqual(60_000);
    expect(new Set(log.admissions.map((a) => a.keyId)).size).toBe(2);
  });
});

describe('day headroom', () => {
  it('spreads the last of the day to 00:00 UTC and sends the rest after the reset, without a day 429', async () => {
    const midnight = Date.UTC(2026, 2, 4);
    const clock = scaledClock(2, midnight - 3000);
    const log = await gateway(clock, { perDay: 10 });
    const pacer = createPacer({ ...FAST_SPIKE, clock });
    const run = await runCallers(clock, 14, 3, fetchAs(pacer, log, KEYS[0]!));
    expect(run.statuses.filter((status) => status === 200)).toHaveLength(14);
    expect(log.gateway.stats()['product-day']).toBe(0);
    // The last one left (10 % of 10) is spread over the seconds to the reset: it goes at about 00:00.
    const before = log.admissions.filter((a) => a.atMs < midnight).length;
    expect(before).toBeGreaterThanOrEqual(9);
    expect(before).toBeLessThanOrEqual(10);
    expect(log.admissions).toHaveLength(14);
  });

  it('fails a call the day quota holds back past its deadline, naming x-keap-product-quota-expiry-time', async () => {
    const noon = Date.UTC(2026, 2, 3, 12);
    const clock = scaledClock(1, noon);
    const log = await gateway(clock, { perDay: 5 });
    // No reserve: the fifth is not spread over the twelve hours left, only an empty day holds calls back.
    const pacer = createPacer({ ...FAST_SPIKE, clock, headroomReserve: 0 });
    const call = fetchAs(pacer, log, KEYS[0]!);
    for (let i = 0; i < 5; i++) expect(await call()).toBe(200);
    // The headers said nothing is left: the sixth is never sent.
    const error = await call().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PacerError);
    expect(error).toMatchObject({ code: 'DAY_QUOTA_EXHAUSTED', layer: 'product-day', resetMs: Date.UTC(2026, 2, 4) });
    expect((error as Error).message).toContain(
      'x-keap-product-quota-expiry-time 1772582400000 (2026-03-04T00:00:00.000Z)',
    );
    expect(log.gateway.stats()).toMatchObject({ accepted: 5, 'product-day': 0 });
    // Another integration of the tenant learns it from its first answer, a day 429, and is not retried.
    const other = createPacer({ ...FAST_SPIKE, clock });
    const second = await fetchAs(other, log, KEYS[1]!)().catch((caught: unknown) => caught);
    expect(second).toMatchObject({ code: 'DAY_QUOTA_EXHAUSTED', attempts: 1 });
    expect(log.gateway.stats()['product-day']).toBe(1);
    expect(other.stats()).toMatchObject({ sent: 1, failed: 1, throttled: { 'product-day': 1 }, retries: 0 });
  });
});
