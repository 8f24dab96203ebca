import { leftOf } from '../attribute/counters-left.js';
import { COUNTER_JITTER_UNITS, type CounterLayer } from '../ledger/index.js';
import { readBody } from '../normalise/body.js';
import { readCounters } from '../normalise/counters.js';
import { readMessageRate } from '../spike/message-rate.js';
import type { Counters, LayerName } from '../types.js';

// Which limit a throttled answer came from, read the way the analyser reads it: a fault body or an
// exhausted counter names its layer, and a 429 nobody names is SpikeArrest (it adds no counters).

/** What the pacer learns from one answer. */
export interface ResponseReading {
  /** A 429, or a 5xx whose body is a rate-limit fault. */
  readonly throttled: boolean;
  /** The limit that fired; null when not throttled. */
  readonly layer: LayerName | null;
  readonly counters: Counters;
  /** Rate and N from a SpikeArrest fault's MessageRate (per-second rates, whole N only). */
  readonly fault: { readonly rate: number; readonly processors: number } | null;
  /** Rate from `x-keap-product-spike-limit`. */
  readonly headerRate: number | null;
}

// Daily buckets outrank minute buckets, product outranks tenant, as in the analyser (domain §8).
const EXHAUSTION_ORDER: readonly CounterLayer[] = ['product-day', 'tenant-day', 'product-minute', 'tenant-minute'];
const RATE_LIMIT_BODIES = new Set([
  'spike-arrest',
  'gateway-spike',
  'quota-violation',
  'keap-generic',
  'xmlrpc-throttle',
]);

/** Whether the body must be read to classify an answer with this status. */
export function bodyMatters(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Classifies one answer from its status, lower-cased headers and (for 429/5xx) body. `retried`: the
 * call was throttled before, so a counter with only a few left confirms that its bucket is full.
 */
export function classifyResponse(
  status: number,
  headers: ReadonlyMap<string, string>,
  bodyText: string,
  retried: boolean,
): ResponseReading {
  const counters = readCounters(headers);
  const spike = counters.spikeLimit;
  const headerRate = spike && spike.rate !== null && spike.unit === 'second' ? spike.rate : null;
  const body = bodyMatters(status) ? readBody(bodyText) : ({ kind: 'none' } as const);
  const throttled = status === 429 || (status >= 500 && RATE_LIMIT_BODIES.has(body.kind));
  if (!throttled) return { throttled, layer: null, counters, fault: null, headerRate };
  const left = leftOf(counters);
  const exhausted = (slack: number): CounterLayer | null =>
    EXHAUSTION_ORDER.find((layer) => {
      const value = left[layer];
      return value !== null && value <= slack;
    }) ?? null;
  if (body.kind === 'spike-arrest' || body.kind === 'gateway-spike' || body.kind === 'xmlrpc-throttle') {
    const reading = body.kind === 'spike-arrest' && body.messageRate ? readMessageRate(body.messageRate) : null;
    const fault =
      reading && reading.unit === 'second' && reading.processorsWhole && reading.processors >= 1
        ? { rate: reading.rate, processors: reading.processors }
        : null;
    return { throttled, layer: 'spike', counters, fault, headerRate };
  }
  // A QuotaViolation says a quota fired: a nearly empty counter is enough to tell which.
  if (body.kind === 'quota-violation')
    return { throttled, layer: exhausted(COUNTER_JITTER_UNITS) ?? 'product-minute', counters, fault: null, headerRate };
  const layer = exhausted(0) ?? (retried ? exhausted(COUNTER_JITTER_UNITS) : null) ?? 'spike';
  return { throttled, layer, counters, fault: null, headerRate };
}
