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
