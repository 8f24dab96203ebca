import type { Admission, CounterReading, GatewayLimits } from './limits-state.js';

// Names and shapes as Keap sends them (domain §2, real-samples H1–H3): the product families as
// scalars, the tenant family as `minute|day` pipe-delimited pairs, the spike limit as `<rate>ps`.

/** Every x-keap-* header name the gateway sends, for CORS `access-control-expose-headers`. */
export const KEAP_HEADER_NAMES = [
  'x-keap-product-spike-limit',
  'x-keap-product-throttle-limit',
  'x-keap-product-throttle-time-unit',
  'x-keap-product-throttle-interval',
  'x-keap-product-throttle-available',
  'x-keap-product-throttle-used',
  'x-keap-product-quota-limit',
  'x-keap-product-quota-time-unit',
  'x-keap-product-quota-interval',
  'x-keap-product-quota-available',
  'x-keap-product-quota-used',
  'x-keap-product-quota-expiry-time',
  'x-keap-tenant-id',
  'x-keap-tenant-throttle-limit',
  'x-keap-tenant-throttle-time-unit',
  'x-keap-tenant-throttle-interval',
  'x-keap-tenant-throttle-available',
  'x-keap-tenant-throttle-used',
] as const;

type KeapHeaders = Record<(typeof KEAP_HEADER_NAMES)[number], string>;

/** The full x-keap-* header set for counters after a request. */
export function keapHeaders(
  counters: Omit<Admission, 'verdict'>,
  limits: Pick<GatewayLimits, 'rate'>,
  tenantId: string,
): KeapHeaders {
  return {
    'x-keap-product-spike-limit': `${limits.rate}ps`,
    ...family('x-keap-product-throttle', 'minute', counters.productMinute),
    ...family('x-keap-product-quota', 'day', counters.productDay),
    'x-keap-product-quota-expiry-time': String(counters.productDayExpiryMs),
    'x-keap-tenant-id': tenantId,
    ...tenantFamily(counters.tenantMinute, counters.tenantDay),
  } as KeapHeaders;
}

/** What Keap sends without a valid credential: every name present, numbers blank (real-samples H3). */
export function blankKeapHeaders(): KeapHeaders {
  return {
    'x-keap-product-spike-limit': '',
    'x-keap-product-throttle-limit': '',
    'x-keap-product-throttle-time-unit': 'minute',
    'x-keap-product-throttle-interval': '1',
    'x-keap-product-throttle-available': '',
    'x-keap-product-throttle-used': '',
    'x-keap-product-quota-limit': '',
    'x-keap-product-quota-time-unit': 'day',
    'x-keap-product-quota-interval': '1',
    'x-keap-product-quota-available': '',
    'x-keap-product-quota-used': '',
    'x-keap-product-quota-expiry-time': '',
    'x-keap-tenant-id': '',
    'x-keap-tenant-throttle-limit': '|',
    'x-keap-tenant-throttle-time-unit': 'minute|day',
    'x-keap-tenant-throttle-interval': '1|1',
    'x-keap-tenant-throttle-available': '|',
    'x-keap-tenant-throttle-used': '|',
  };
}

function family(prefix: string, unit: string, reading: CounterReading): Record<string, string> {
  return {
    [`${prefix}-limit`]: String(reading.limit),
    [`${prefix}-time-unit`]: unit,
    [`${prefix}-interval`]: '1',
    [`${prefix}-available`]: String(reading.available),
    [`${prefix}-used`]: String(reading.used),
  };
}

function tenantFamily(minute: CounterReading, day: CounterReading): Record<string, string> {
  return {
    'x-keap-tenant-throttle-limit': `${minute.limit}|${day.limit}`,
    'x-keap-tenant-throttle-time-unit': 'minute|day',
    'x-keap-tenant-throttle-interval': '1|1',
    'x-keap-tenant-throttle-available': `${minute.available}|${day.available}`,
    'x-keap-tenant-throttle-used': `${minute.used}|${day.used}`,
  };
}
