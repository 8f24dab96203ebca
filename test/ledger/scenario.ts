// Builds ledger scenarios with known ground truth: a tiny model of Keap's counters that sees the
// client's own requests plus injected traffic from other consumers, and emits what the client logs.
import type { Counters, QuotaSnapshot, CounterSnapshot, RequestEvent, ResponseBody } from '../../src/types.js';
import { createRandom } from '../../src/spike/prng.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Epoch ms of an ISO time. */
export function at(isoTime: string): number {
  const ms = Date.parse(isoTime);
  if (Number.isNaN(ms)) throw new Error(`bad time ${isoTime}`);
  return ms;
}

/** Times from `start` (inclusive) to `end` (inclusive) every `stepMs`. */
export function every(start: string, end: string, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = at(start); t <= at(end); t += stepMs) out.push(t);
  return out;
}

/** A seeded PRNG returning floats in [0, 1): the project's own. */
export const prng = createRandom;

/** A counter window as a snapshot. */
export function snapshot(
  limit: number | null,
  used: number | null,
  available: number | null = limit !== null && used !== null ? limit - used : null,
): CounterSnapshot {
  return { limit, used, available, timeUnit: null, interval: 1 };
}

/** A daily quota snapshot with its expiry. */
export function quotaSnapshot(
  limit: number,
  used: number,
  expiryMs: number | null,
  available: number = limit - used,
): QuotaSnapshot {
  return { limit, used, available, timeUnit: 'day', interval: 1, expiryMs, expiryRaw: null };
}

const KEAP_429: ResponseBody = {
  kind: 'keap-generic',
  code: '429',
  message: 'Quota Exceeded',
  status: 'Request Throttled',
};

/** One logged request; counters default to none. */
export function event(
  ts: number,
  options: { keyId?: string | null; status?: number; counters?: Partial<Counters>; line?: number } = {},
): RequestEvent {
  const status = options.status ?? 200;
  const counters = options.counters ?? {};
  return {
    source: { file: 'scenario.csv', line: options.line ?? 2 },
    ts,
    tsFrom: 'column',
    status,
    method: 'GET',
    path: '/crm/rest/v1/contacts',
    requestId: null,
    keyId: options.keyId === undefined ? 'k1' : options.keyId,
    counters: { generation: Object.keys(counters).length > 0 ? 'x-keap' : 'none', ...counters },
    body: status === 429 ? KEAP_429 : { kind: 'none' },
    serverDateMs: null,
    retryAfterS: null,
  };
}

/** A request the simulated server sees: the client's own (logged) or another consumer's (not logged). */
export interface SimRequest {
  readonly ts: number;
  /** own: logged; foreign: same product bucket (another key of the tenant); neighbour: other credential, tenant counters only. */
  readonly who: 'own' | 'foreign' | 'neighbour';
  readonly keyId?: string;
  readonly status?: number;
  /** Whether the response carries x-keap headers (default true; spike 429s may carry none). */
  readonly headers?: boolean;
}

/** How the simulated server counts. */
export interface SimOptions {
  readonly minute: 'rolling' | 'fixed';
  readonly minuteLimit?: number;
  readonly dayLimit?: number;
  /** Product-day used before the first simulated request (traffic of the day before the log starts). */
  readonly dayBase?: number;
  readonly tenantDayBase?: number;
  /** Whether 429 responses increment used (default false). */
  readonly rejectedCount?: boolean;
  /** Emit tenant minute|day counters too (default false). */
  readonly tenant?: boolean;
  readonly tenantId?: string;
  /** Units the reported used lags behind the true used for the n-th own response (default 0). */
  readonly lag?: (n: number) => number;
}

/** Runs the simulated server over own + other traffic; returns the client's log (own requests only). */
export function simulate(requests: readonly SimRequest[], options: SimOptions): RequestEvent[] {
  const sorted = [...requests].sort((a, b) => a.ts - b.ts || order(a) - order(b));
  const minuteLimit = options.minuteLimit ?? 240;
  const dayLimit = options.dayLimit ?? 30_000;
  const productTimes: number[] = [];
  const tenantTimes: number[] = [];
  let day = -1;
  let dayUsed = 0;
  let tenantDayUsed = 0;
  let first = true;
  let ownCount = 0;
  const out: RequestEvent[] = [];
  for (const request of sorted) {
    const currentDay = Math.floor(request.ts / DAY);
    if (currentDay !== day) {
      dayUsed = first ? (options.dayBase ?? 0) : 0;
      tenantDayUsed = first ? (options.tenantDayBase ?? 0) : 0;
      day = currentDay;
      first = false;
    }
    const status = request.status ?? 200;
    const counts = status !== 429 || options.rejectedCount === true;
    if (counts) {
      tenantTimes.push(request.ts);
      tenantDayUsed++;
      if (request.who !== 'neighbour') {
        productTimes.push(request.ts);
        dayUsed++;
      }
    }
    if (request.who !== 'own') continue;
    const lag = options.lag ? options.lag(ownCount) : 0;
    ownCount++;
    const minuteUsed = minuteCount(productTimes, request.ts, options.minute);
    const counters: Partial<Counters> =
      request.headers === false
        ? {}
        : {
            productThrottle: snapshot(minuteLimit, Math.max(0, minuteUsed - lag)),
            productQuota: quotaSnapshot(dayLimit, Math.max(0, dayUsed - lag), (currentDay + 1) * DAY),
            ...(options.tenant
              ? {
                  tenantId: options.tenantId ?? 'ps1.infusionsoft.com',
                  tenantMinute: snapshot(
                    10_000,
                    Math.max(0, minuteCount(tenantTimes, request.ts, options.minute) - lag),
                  ),
                  tenantDay: snapshot(250_000, Math.max(0, tenantDayUsed - lag)),
                }
              : { tenantId: options.tenantId ?? 'ps1.infusionsoft.com' }),
          };
    out.push(event(request.ts, { keyId: request.keyId ?? 'k1', status, counters, line: out.length + 2 }));
  }
  return out;
}

function order(request: SimRequest): number {
  // At equal times other consumers reach the server first, so the own response includes them.
  return request.who === 'own' ? 1 : 0;
}

function minuteCount(times: number[], ts: number, model: 'rolling' | 'fixed'): number {
  const from = model === 'rolling' ? ts - MINUTE : Math.floor(ts / MINUTE) * MINUTE - 1;
  let count = 0;
  for (let i = times.length - 1; i >= 0; i--) {
    const t = times[i];
    if (t === undefined || t <= from) break;
    count++;
  }
  // Keep the array short: nothing older than two minutes matters.
  while (times.length > 0 && (times[0] ?? Infinity) <= ts - 2 * MINUTE) times.shift();
  return count;
}

/** Own requests at the given times. */
export function own(times: readonly number[], extra: Partial<SimRequest> = {}): SimRequest[] {
  return times.map((ts) => ({ ts, who: 'own', ...extra }));
}

/** Other consumers' requests at the given times. */
export function foreign(times: readonly number[], who: 'foreign' | 'neighbour' = 'foreign'): SimRequest[] {
  return times.map((ts) => ({ ts, who }));
}
