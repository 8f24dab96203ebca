// Writes the client's own responses as the text users log: flat CSV, NDJSON with a headers object, or CSV with a JSON headers column.
import type { QuotaLimits, ReportedCounters } from './gateway.js';

export const LOG_FORMATS = ['csv', 'ndjson', 'csv-headers'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** What a 429 body looks like: Apigee's fault (with its MessageRate) or Keap's one generic body. */
export type BodyStyle = 'apigee' | 'keap';

/** One logged response. */
export interface LoggedResponse {
  readonly loggedMs: number;
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** null when the response carried no x-keap counters (a spike 429 on some gateways). */
  readonly counters: ReportedCounters | null;
  readonly dayExpiryMs: number;
  readonly body: string;
  readonly requestId: string;
}

export interface LogStyle {
  readonly format: LogFormat;
  readonly wholeSecond: boolean;
  readonly keyColumn: boolean;
  /** `x-keap-product-spike-limit`: absent, present but empty (2026), or the rate (`10ps`, 2024). */
  readonly spikeLimitHeader: 'absent' | 'empty' | 'rate';
  readonly rate: number;
  readonly limits: QuotaLimits;
  readonly tenantId: string;
}

const HOST = 'https://api.infusionsoft.com';

/** The log text and the file line of every response, in the order given (already sorted by logged time). */
export function writeLog(responses: readonly LoggedResponse[], style: LogStyle): { text: string; lines: number[] } {
  const headerNames = [
    ...(style.spikeLimitHeader === 'absent' ? [] : ['x-keap-product-spike-limit']),
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
    'x-request-id',
  ];
  const time = (ms: number) => {
    const iso = new Date(style.wholeSecond ? Math.floor(ms / 1000) * 1000 : ms).toISOString();
    return style.wholeSecond ? iso.replace('.000Z', 'Z') : iso;
  };
  const rows: string[] = [];
  const lines: number[] = [];
  if (style.format === 'csv') {
    rows.push(
      ['timestamp', ...(style.keyColumn ? ['key'] : []), 'method', 'url', 'status', ...headerNames, 'body'].join(','),
    );
    for (const response of responses) {
      const headers = headersOf(response, style);
      lines.push(rows.length + 1);
      rows.push(
        [
          time(response.loggedMs),
          ...(style.keyColumn ? [response.key] : []),
          response.method,
          `${HOST}${response.path}`,
          String(response.status),
          ...headerNames.map((name) => csvField(headers[name] ?? '')),
          csvField(response.body),
        ].join(','),
      );
    }
  } else if (style.format === 'csv-headers') {
    rows.push(
      ['time', 'status', 'method', 'path', ...(style.keyColumn ? ['key_name'] : []), 'headers', 'body'].join(','),
    );
    for (const response of responses) {
      lines.push(rows.length + 1);
      rows.push(
        [
          time(response.loggedMs),
          String(response.status),
          response.method,
          response.path,
          ...(style.keyColumn ? [response.key] : []),
          csvField(JSON.stringify(headersOf(response, style))),
          csvField(response.body),
        ].join(','),
      );
    }
  } else {
    for (const response of responses) {
      lines.push(rows.length + 1);
      rows.push(
        JSON.stringify({
          ts: style.wholeSecond ? time(response.loggedMs) : response.loggedMs,
          ...(style.keyColumn && { key: response.key }),
          method: response.method,
          path: response.path,
          status: response.status,
          response_headers: headersOf(response, style),
          body: response.body,
        }),
      );
    }
  }
  return { text: `${rows.join('\n')}\n`, lines };
}

// Header values as strings; a response without counters keeps only its request id (and an empty spike-limit).
function headersOf(response: LoggedResponse, style: LogStyle): Record<string, string> {
  const headers: Record<string, string> = {};
  if (style.spikeLimitHeader !== 'absent')
    headers['x-keap-product-spike-limit'] = style.spikeLimitHeader === 'rate' ? `${style.rate}ps` : '';
  const counters = response.counters;
  if (counters) {
    const { limits } = style;
    headers['x-keap-product-throttle-limit'] = String(limits.productPerMinute);
    headers['x-keap-product-throttle-time-unit'] = 'minute';
    headers['x-keap-product-throttle-interval'] = '1';
    headers['x-keap-product-throttle-available'] = String(limits.productPerMinute - counters.productMinuteUsed);
    headers['x-keap-product-throttle-used'] = String(counters.productMinuteUsed);
    headers['x-keap-product-quota-limit'] = String(limits.productPerDay);
    headers['x-keap-product-quota-time-unit'] = 'day';
    headers['x-keap-product-quota-interval'] = '1';
    headers['x-keap-product-quota-available'] = String(limits.productPerDay - counters.productDayUsed);
    headers['x-keap-product-quota-used'] = String(counters.productDayUsed);
    headers['x-keap-product-quota-expiry-time'] = String(response.dayExpiryMs);
    headers['x-keap-tenant-id'] = style.tenantId;
    headers['x-keap-tenant-throttle-limit'] = `${limits.tenantPerMinute}|${limits.tenantPerDay}`;
    headers['x-keap-tenant-throttle-time-unit'] = 'minute|day';
    headers['x-keap-tenant-throttle-interval'] = '1|1';
    headers['x-keap-tenant-throttle-available'] =
      `${limits.tenantPerMinute - counters.tenantMinuteUsed}|${limits.tenantPerDay - counters.tenantDayUsed}`;
    headers['x-keap-tenant-throttle-used'] = `${counters.tenantMinuteUsed}|${counters.tenantDayUsed}`;
  }
  headers['x-request-id'] = response.requestId;
  return headers;
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Keap's one body for every limit (since ~late 2022). */
export const KEAP_429_BODY = '{"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}';

/** Apigee's SpikeArrest fault: the period is N seconds for a per-second rate split over N processors (burst 1 as this gateway runs it). */
export function spikeFaultBody(rate: number, processors: number): string {
  return JSON.stringify({
    fault: {
      faultstring: `Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=${rate}, periodInMicroseconds=${processors * 1_000_000}, maxBurstMessageCount=1.0}`,
      detail: { errorcode: 'policies.ratelimit.SpikeArrestViolation' },
    },
  });
}

/** Apigee's Quota fault (names no window). */
export const QUOTA_FAULT_BODY = JSON.stringify({
  fault: {
    faultstring: 'Rate limit quota violation. Quota limit exceeded. Identifier : _default',
    detail: { errorcode: 'policies.ratelimit.QuotaViolation' },
  },
});
