import { isDayLayer, type CounterLayer } from '../ledger/index.js';
import type { LayerName } from '../types.js';
import type { HeadroomBucket } from './headroom.js';
import { dayQuotaError, type PacerError } from './pacer-error.js';

// When a throttled call may go again, by the layer that threw it back: SpikeArrest after one
// processor interval (plus jitter, so keys retried together spread out), a minute bucket when its
// oldest own request is a minute old, a day bucket never before its reset.

/** What to do after a throttled answer. */
export type RetryDecision =
  | {
      readonly kind: 'retry';
      readonly notBeforeMs: number;
      /** The whole bucket waits too (minute and day layers). */
      readonly block: {
        readonly layer: CounterLayer;
        readonly untilMs: number;
        readonly resetMs: number | null;
      } | null;
    }
  | { readonly kind: 'give-up' }
  | { readonly kind: 'fail'; readonly error: PacerError };

/** Facts the decision needs. */
export interface RetryFacts {
  readonly layer: LayerName;
  readonly sentMs: number;
  readonly nowMs: number;
  /** Requests this call has sent, the throttled one included. */
  readonly attempts: number;
  readonly maxRetries: number;
  /** Absolute deadline of the call (epoch ms). */
  readonly deadlineMs: number;
  /** One processor interval as the key's model sees it (ms). */
  readonly intervalMs: number;
  readonly bucket: HeadroomBucket;
  readonly random: () => number;
}

// Up to a quarter interval of jitter: enough to break lockstep, little next to the interval itself.
const SPIKE_JITTER_SHARE = 0.25;

/** Decides the retry of one throttled answer. */
export function decideRetry(facts: RetryFacts): RetryDecision {
  const { layer, bucket, nowMs } = facts;
  if (isDayLayer(layer)) {
    const resetMs = bucket.dayResetMs(layer, nowMs);
    if (resetMs > facts.deadlineMs) return { kind: 'fail', error: dayQuotaError(layer, resetMs, facts.attempts) };
    if (facts.attempts > facts.maxRetries) return { kind: 'give-up' };
    return { kind: 'retry', notBeforeMs: resetMs, block: { layer, untilMs: resetMs, resetMs } };
  }
  if (facts.attempts > facts.maxRetries) return { kind: 'give-up' };
  if (layer === 'spike') {
    const notBeforeMs = facts.sentMs + facts.intervalMs * (1 + SPIKE_JITTER_SHARE * facts.random());
    return notBeforeMs > facts.deadlineMs ? { kind: 'give-up' } : { kind: 'retry', notBeforeMs, block: null };
  }
  const untilMs = bucket.minuteFreesAtMs(nowMs);
  if (untilMs > facts.deadlineMs) return { kind: 'give-up' };
  return { kind: 'retry', notBeforeMs: untilMs, block: { layer, untilMs, resetMs: null } };
}
