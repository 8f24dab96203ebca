import type { Origin, TimedRequest } from './effective-count.js';
import { createTimeDeque } from './time-deque.js';
import { isValidRateParams, unitMs, type RateUnit } from './units.js';

// The other reading of UseEffectiveCount (Apigee X docs, domain §4.3): no smoothing, just at most
// `rate` admitted requests in any rolling unit (t − unit, t].

/** Sliding-window model settings: at most `rate` admissions per rolling `unit`. */
export interface SlidingWindowParams {
  readonly rate: number;
  readonly unit: RateUnit;
}

/** The model's answer for one request. */
export interface SlidingWindowDecision {
  readonly index: number;
  readonly tMs: number;
  readonly origin: Origin;
  readonly accepted: boolean;
  /** Admissions already inside (tMs − unit, tMs] when the request arrived. */
  readonly admittedInWindow: number;
}

/** A stateful rolling-window limiter fed with ascending times. */
export interface SlidingWindowLimiter {
  /** Decides one request at tMs; true when fewer than `rate` admissions lie in (tMs − unit, tMs]. */
  admit(tMs: number): boolean;
  /** Admissions inside (tMs − unit, tMs]. */
  admittedInWindow(tMs: number): number;
}

/** A new rolling-window limiter; memory is bounded by `rate` stored times. */
export function createSlidingWindow(params: SlidingWindowParams): SlidingWindowLimiter {
  if (!isValidRateParams(params.rate)) throw new RangeError(`invalid rate ${params.rate}`);
  const windowMs = unitMs(params.unit);
  const admitted = createTimeDeque();
  const inWindow = (tMs: number): number => {
    admitted.trimThrough(tMs - windowMs);
    return admitted.size();
  };
  return {
    admit(tMs) {
      const ok = inWindow(tMs) < params.rate;
      if (ok) admitted.push(tMs);
      return ok;
    },
    admittedInWindow: inWindow,
  };
}

/** Streams one sliding-window decision per request (times ascending; a bare number is an own request). */
export function* simulateSlidingWindow(
  requests: Iterable<number | TimedRequest>,
  params: SlidingWindowParams,
): Generator<SlidingWindowDecision> {
  const limiter = createSlidingWindow(params);
  let index = 0;
  for (const r of requests) {
    const tMs = typeof r === 'number' ? r : r.tMs;
    const origin = typeof r === 'number' ? 'own' : (r.origin ?? 'own');
    const admittedInWindow = limiter.admittedInWindow(tMs);
    yield { index: index++, tMs, origin, accepted: limiter.admit(tMs), admittedInWindow };
  }
}
