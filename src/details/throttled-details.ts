// What a support engineer asks about each throttled response that the verdict does not carry: its
// request id, the fault text, and the server's counters on the responses just before and after it.
// Kept for the first DETAILED ones only, so memory does not grow with the number of 429s.
import { COUNTER_LAYERS, type LedgerPoint, type ServerReading } from '../ledger/index.js';
import { isThrottled } from '../normalise/throttled.js';
import type { RequestEvent, ResponseBody, SourceRef } from '../types.js';

/** How many throttled responses keep their details; renderers show at most this many. */
export const DETAILED_THROTTLED = 200;
// Distinct buckets whose latest reading is remembered; a hostile log cannot grow this.
const MAX_BUCKETS = 1000;

/** The server's minute/day counters on one response. */
export interface CounterReadings {
  readonly source: SourceRef;
  readonly ts: number;
  readonly readings: Readonly<Record<(typeof COUNTER_LAYERS)[number], ServerReading | null>>;
}

/** The fault a throttled response carried, as its body said it (already redacted by normalise). */
export interface FaultText {
  readonly kind: ResponseBody['kind'];
  readonly text: string;
}

/** One throttled response's support details. */
export interface ThrottledDetail {
  readonly source: SourceRef;
  readonly ts: number;
  readonly status: number;
  readonly requestId: string | null;
  readonly fault: FaultText | null;
  /** Counters on this response, and on the same bucket's nearest responses with counters before and after it. */
  readonly at: CounterReadings | null;
  readonly before: CounterReadings | null;
  readonly after: CounterReadings | null;
}

/** The first DETAILED_THROTTLED throttled responses in time order, and how many there were in all. */
export interface ThrottledDetails {
  readonly detailed: readonly ThrottledDetail[];
  readonly throttled: number;
}

interface Pending {
  detail: ThrottledDetail;
}

/** Streams (event, ledger point) pairs; keeps details of the first throttled responses only. */
export function createThrottledDetails() {
  const lastReading = new Map<string, CounterReadings>();
  const detailed: Pending[] = [];
  const waitingForAfter = new Map<string, Pending[]>();
  let throttled = 0;

  return {
    observe(event: RequestEvent, point: LedgerPoint): void {
      const bucket = point.buckets.product;
      const readings = readingsOf(event, point);
      const waiting = readings ? waitingForAfter.get(bucket) : undefined;
      if (readings && waiting) {
        for (const pending of waiting) pending.detail = { ...pending.detail, after: readings };
        waitingForAfter.delete(bucket);
      }
      if (isThrottled(event)) {
        throttled++;
        if (detailed.length < DETAILED_THROTTLED) {
          const pending: Pending = {
            detail: {
              source: event.source,
              ts: event.ts,
              status: event.status,
              requestId: event.requestId,
              fault: faultOf(event.body),
              at: readings,
              before: lastReading.get(bucket) ?? null,
              after: null,
            },
          };
          detailed.push(pending);
          waitingForAfter.set(bucket, [...(waitingForAfter.get(bucket) ?? []), pending]);
        }
      }
      if (readings && (lastReading.has(bucket) || lastReading.size < MAX_BUCKETS)) lastReading.set(bucket, readings);
    },
    finish(): ThrottledDetails {
      return { detailed: detailed.map((pending) => pending.detail), throttled };
    },
  };
}

function readingsOf(event: RequestEvent, point: LedgerPoint): CounterReadings | null {
  const has = COUNTER_LAYERS.some((layer) => point.server[layer] !== null);
  if (!has) return null;
  return {
    source: event.source,
    ts: event.ts,
    readings: {
      'product-minute': point.server['product-minute'],
      'product-day': point.server['product-day'],
      'tenant-minute': point.server['tenant-minute'],
      'tenant-day': point.server['tenant-day'],
    },
  };
}

function faultOf(body: ResponseBody): FaultText | null {
  switch (body.kind) {
    case 'none':
      return null;
    case 'keap-generic':
      return { kind: body.kind, text: `${body.code} ${body.message}`.trim() };
    case 'spike-arrest':
    case 'quota-violation':
    case 'auth-fault':
    case 'apigee-fault':
      return { kind: body.kind, text: body.faultstring };
    case 'xmlrpc-throttle':
      return { kind: body.kind, text: body.faultString };
    case 'gateway-spike':
      return { kind: body.kind, text: body.message };
    case 'other':
      return { kind: body.kind, text: body.excerpt };
  }
}
