import { createEffectiveCountGateway, type Routing } from './effective-count.js';
import { isValidRateParams, perProcessorIntervalMs, type RateUnit } from './units.js';

// What-if replays: re-time a client's own request log under a pacing rule, and predict how many
// 429s the effective-count model would give it.

/** Client-side pacing; every field given applies at once. */
export interface Pacing {
  /** Minimum gap between consecutive sends, ms. */
  readonly spacingMs?: number;
  /** Maximum steady send rate, requests per second (same as a gap of 1000 / rate ms). */
  readonly ratePerSecond?: number;
  /** Requests in flight at most; needs latencyMs. */
  readonly concurrency?: number;
  /** Assumed response time in ms for the concurrency limit. */
  readonly latencyMs?: number;
}

/** A push-based pacer: `next(t)` returns the send time of a request the client wanted to send at t. */
export interface Repacer {
  next(tMs: number): number;
}

/** New pacer: send_i = max(t_i, send_{i−1} + gap, send_{i−C} + latency), never before the previous send. */
export function createRepacer(pacing: Pacing): Repacer {
  const gapMs = Math.max(pacing.spacingMs ?? 0, pacing.ratePerSecond ? 1000 / pacing.ratePerSecond : 0);
  const concurrency = pacing.concurrency;
  if ((concurrency === undefined) !== (pacing.latencyMs === undefined))
    throw new RangeError('concurrency and latencyMs go together');
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1))
    throw new RangeError('concurrency must be a positive integer');
  const latencyMs = pacing.latencyMs ?? 0;
  // Ring of the last C send times: the oldest one's response frees the slot.
  const ring: number[] = [];
  let ringHead = 0;
  let previous = Number.NEGATIVE_INFINITY;
  return {
    next(t) {
      let send = Math.max(t, previous, previous + gapMs);
      if (concurrency !== undefined && ring.length === concurrency)
        send = Math.max(send, (ring[ringHead] as number) + latencyMs);
      if (concurrency !== undefined) {
        if (ring.length < concurrency) ring.push(send);
        else {
          ring[ringHead] = send;
          ringHead = (ringHead + 1) % concurrency;
        }
      }
      previous = send;
      return send;
    },
  };
}

/** Streams new send times (ms) for a whole log under one pacing rule. */
export function* repace(times: Iterable<number>, pacing: Pacing): Generator<number> {
  const pacer = createRepacer(pacing);
  for (const t of times) yield pacer.next(t);
}

/** Effective-count setting for predictions. */
export interface PredictionParams {
  readonly rate: number;
  readonly unit: RateUnit;
  readonly processors: number;
  /** Default 'random'. */
  readonly routing?: Routing;
  /** Default 1; the analytic figure assumes 1 (see analyticExact). */
  readonly burst?: number;
}

/** Predicted 429s for one client's request times. */
export interface RejectionPrediction {
  readonly requests: number;
  /** Sum of per-request P(reject) (random routing) or the deterministic count (round-robin). */
  readonly expectedRejections: number;
  /** Rejections in one seeded simulation of the effective-count model. */
  readonly simulatedRejections: number;
  /** True when expectedRejections is exact for the model (burst 1), false when it assumes burst 1 anyway. */
  readonly analyticExact: boolean;
}

/** A push-based predictor: `push(t)` adds one own request; `result()` gives the counts so far. */
export interface RejectionPredictor {
  /** Adds one request at tMs (ascending) and returns its analytic P(reject) and the simulated outcome. */
  push(tMs: number): { readonly probability: number; readonly simulatedRejected: boolean };
  result(): RejectionPrediction;
}

/**
 * Expected and simulated 429 counts for own request times (ms, ascending). With random routing and
 * burst 1, P_i = Σ (1 − P_j) / N over own requests j in (t_i − I, t_i]: the processors busy at t_i are
 * exactly those that accepted one of them, each a different one.
 */
export function createRejectionPredictor(params: PredictionParams, seed: number): RejectionPredictor {
  if (!isValidRateParams(params.rate, params.processors)) throw new RangeError('invalid rate or processors');
  const routing = params.routing ?? 'random';
  const burst = Math.max(1, params.burst ?? 1);
  const simulated = createEffectiveCountGateway({ ...params, routing, burst, seed });
  const deterministic = routing === 'round-robin';
  const intervalMs = perProcessorIntervalMs(params.rate, params.unit, params.processors);
  const windowTimes: number[] = [];
  const windowAccept: number[] = [];
  let head = 0;
  let acceptSum = 0;
  let requests = 0;
  let expected = 0;
  let simulatedRejections = 0;
  return {
    push(t) {
      requests++;
      const rejected = !simulated.route(t).accepted;
      if (rejected) simulatedRejections++;
      if (deterministic) return { probability: rejected ? 1 : 0, simulatedRejected: rejected };
      while (head < windowTimes.length && (windowTimes[head] as number) <= t - intervalMs) {
        acceptSum -= windowAccept[head] as number;
        head++;
      }
      if (head === windowTimes.length) {
        windowTimes.length = 0;
        windowAccept.length = 0;
        head = 0;
        acceptSum = 0; // also clears accumulated float drift
      } else if (head > 64 && head * 2 > windowTimes.length) {
        windowTimes.splice(0, head);
        windowAccept.splice(0, head);
        head = 0;
      }
      const p = Math.min(1, Math.max(0, acceptSum / params.processors));
      expected += p;
      windowTimes.push(t);
      windowAccept.push(1 - p);
      acceptSum += 1 - p;
      return { probability: p, simulatedRejected: rejected };
    },
    result() {
      return {
        requests,
        expectedRejections: deterministic ? simulatedRejections : expected,
        simulatedRejections,
        analyticExact: deterministic || burst === 1,
      };
    },
  };
}

/** Expected and simulated 429 counts for a whole list of own request times. */
export function predictRejections(
  times: Iterable<number>,
  params: PredictionParams,
  seed: number,
): RejectionPrediction {
  const predictor = createRejectionPredictor(params, seed);
  for (const t of times) predictor.push(t);
  return predictor.result();
}
