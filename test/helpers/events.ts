import {
  NO_KEY_BUCKET,
  UNKNOWN_TENANT,
  type ForeignEstimate,
  type LedgerPoint,
  type OwnCounts,
  type PerCounterLayer,
} from '../../src/ledger/index.js';
import type { CounterSnapshot, Counters, QuotaSnapshot, RequestEvent, ResponseBody } from '../../src/types.js';

/** A counter window with `used` of `limit` (available = limit − used). */
export function window(limit: number, used: number): CounterSnapshot {
  return { limit, used, available: limit - used, timeUnit: null, interval: 1 };
}

/** A daily quota window with its expiry. */
export function quota(limit: number, used: number, expiryMs: number | null = null): QuotaSnapshot {
  return { ...window(limit, used), expiryMs, expiryRaw: null };
}

/** A request event with sensible defaults; override what the test is about. */
export function makeEvent(
  overrides: Partial<Omit<RequestEvent, 'counters'>> & { counters?: Partial<Counters>; line?: number } = {},
): RequestEvent {
  const { counters, line, ...rest } = overrides;
  const body: ResponseBody = { kind: 'none' };
  return {
    source: { file: 'log.csv', line: line ?? 2 },
    ts: Date.UTC(2026, 1, 18, 14, 0, 0),
    tsFrom: 'column',
    status: 200,
    method: 'GET',
    path: '/crm/rest/v1/contacts',
    requestId: null,
    keyId: null,
    body,
    serverDateMs: null,
    retryAfterS: null,
    ...rest,
    counters: { generation: counters && Object.keys(counters).length > 0 ? 'x-keap' : 'none', ...counters },
  };
}

/** The Keap generic 429 body used for every limit. */
export const KEAP_429: ResponseBody = {
  kind: 'keap-generic',
  code: '429',
  message: 'Quota Exceeded',
  status: 'Request Throttled',
};

/** A ledger point with sensible defaults (own counts of a quiet key, nothing known of others). */
export function makePoint(
  overrides: {
    ts?: number;
    own?: Partial<OwnCounts>;
    limits?: Partial<PerCounterLayer<number | null>>;
    lastUsed?: Partial<PerCounterLayer<number | null>>;
    foreign?: Partial<PerCounterLayer<number | null>>;
  } = {},
): LedgerPoint {
  const estimate = (requests: number | null): ForeignEstimate => ({
    requests,
    basis: requests === null ? null : 'rolling-60s',
    confidence: requests === null ? 'low' : 'high',
    code: requests === null ? 'NO_READING' : 'SMOOTHED',
    ifOtherCounting: null,
  });
  const foreign = {
    'product-minute': null,
    'product-day': null,
    'tenant-minute': null,
    'tenant-day': null,
    ...overrides.foreign,
  };
  return {
    ts: overrides.ts ?? Date.UTC(2026, 1, 18, 14, 0, 0),
    keyId: null,
    buckets: {
      spike: NO_KEY_BUCKET,
      product: 'log',
      productGroupedBy: 'whole-log',
      tenant: UNKNOWN_TENANT,
      tenantId: null,
      tenantFrom: null,
    },
    counted: { all: true, excluding429: false },
    countedVariant: 'excluding-429',
    own: {
      lastSecond: 1,
      last100ms: 1,
      rollingMinute: 12,
      utcMinute: 12,
      utcDay: 500,
      tenantRollingMinute: 12,
      tenantUtcDay: 500,
      gapMs: 5000,
      ...overrides.own,
    },
    server: { spike: null, 'product-minute': null, 'product-day': null, 'tenant-minute': null, 'tenant-day': null },
    foreign: {
      'product-minute': estimate(foreign['product-minute']),
      'product-day': estimate(foreign['product-day']),
      'tenant-minute': estimate(foreign['tenant-minute']),
      'tenant-day': estimate(foreign['tenant-day']),
    },
    limits: {
      'product-minute': 240,
      'product-day': 30_000,
      'tenant-minute': 10_000,
      'tenant-day': 250_000,
      ...overrides.limits,
    },
    lastUsed: {
      'product-minute': null,
      'product-day': null,
      'tenant-minute': null,
      'tenant-day': null,
      ...overrides.lastUsed,
    },
  };
}
