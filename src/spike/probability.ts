import type { Routing } from './effective-count.js';
import { isValidRateParams, perProcessorIntervalMs, unitMs, type RateUnit } from './units.js';

// Long-run chance that a single client sending at a steady spacing Δ is rejected by the
// effective-count model (burst 1, no other traffic on the key).
//
// Random routing, exact: the processors "busy" when a request arrives are those that accepted one of
// the client's last k requests (k = own requests inside the last I = N·unit/rate). Two accepted
// requests less than I apart cannot share a processor, so the busy set has exactly as many members
// as accepted requests, and P = E[accepted among k] / N = k(1 − P)/N, i.e. P = k / (N + k).
// The independence fixed point P = 1 − (1 − (1 − P)/N)^k (domain §4.3) is kept for comparison; it
// agrees for k ≤ 1 and is slightly low above (N = 1, k = 2: 0.618 instead of smoothing's 2/3).

/** Steady single-client setting: `rate` per `unit` enforced by `processors` processors with `routing`. */
export interface SteadyClientParams {
  readonly rate: number;
  readonly unit: RateUnit;
  readonly processors: number;
  readonly routing: Routing;
  /** 'exact' (default) = k/(N+k); 'fixed-point' = the independence approximation, random routing only. */
  readonly method?: 'exact' | 'fixed-point';
}

// Guards ceil() against I/Δ landing a hair above a whole number through float rounding.
function ceilTolerant(x: number): number {
  return Math.ceil(x - 1e-9 * Math.max(1, Math.abs(x)));
}

/** k: the client's own earlier requests inside the last intervalMs at a steady spacingMs (0 when spacing ≥ interval). */
export function ownRequestsInInterval(spacingMs: number, intervalMs: number): number {
  if (spacingMs >= intervalMs) return 0;
  if (!(spacingMs > 0)) return Number.POSITIVE_INFINITY;
  return ceilTolerant(intervalMs / spacingMs) - 1;
}

/** Random routing, exact stationary P(reject) for k own requests inside the interval on N processors: k / (N + k). */
export function randomRoutingRejection(k: number, processors: number): number {
  if (k === Number.POSITIVE_INFINITY) return 1;
  return k / (processors + k);
}

/** Random routing, the independence fixed point p = 1 − (1 − (1 − p)/N)^k (approximate for k ≥ 2). */
export function fixedPointRejection(k: number, processors: number): number {
  if (k === 0) return 0;
  if (k === Number.POSITIVE_INFINITY) return 1;
  // g(p) = f(p) − p is strictly decreasing on [0, 1], so bisection finds the unique root.
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    const f = 1 - Math.pow(1 - (1 - mid) / processors, k);
    if (f > mid) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Round-robin routing, exact long-run P(reject): 1 − 1/⌈(unit/rate)/Δ⌉ (each processor sees spacing N·Δ). */
export function roundRobinRejection(spacingMs: number, rate: number, unit: RateUnit): number {
  const nominalMs = unitMs(unit) / rate;
  if (spacingMs >= nominalMs) return 0;
  if (!(spacingMs > 0)) return 1;
  return 1 - 1 / ceilTolerant(nominalMs / spacingMs);
}

/** Long-run probability (0–1) that a steady client at spacingMs gets a 429 from the effective-count model. */
export function rejectionProbability(spacingMs: number, params: SteadyClientParams): number {
  if (!isValidRateParams(params.rate, params.processors)) throw new RangeError('invalid rate or processors');
  if (params.routing === 'round-robin') return roundRobinRejection(spacingMs, params.rate, params.unit);
  const k = ownRequestsInInterval(spacingMs, perProcessorIntervalMs(params.rate, params.unit, params.processors));
  return params.method === 'fixed-point'
    ? fixedPointRejection(k, params.processors)
    : randomRoutingRejection(k, params.processors);
}

/** Smallest steady spacing in ms whose P(reject) ≤ target (0–1); target 0 gives I for random, unit/rate for round-robin. */
export function minimumSafeSpacingMs(target: number, params: SteadyClientParams): number {
  if (!(target >= 0 && target <= 1)) throw new RangeError(`target must be within [0, 1], got ${target}`);
  if (!isValidRateParams(params.rate, params.processors)) throw new RangeError('invalid rate or processors');
  if (target >= 1) return 0;
  if (params.routing === 'round-robin') {
    // P = 1 − 1/m ≤ target ⇔ m ≤ 1/(1 − target); spacing unit/(rate·m) gives that m.
    const mMax = Math.floor(1 / (1 - target) + 1e-12);
    return unitMs(params.unit) / params.rate / mMax;
  }
  const intervalMs = perProcessorIntervalMs(params.rate, params.unit, params.processors);
  const pOf = (k: number): number =>
    params.method === 'fixed-point'
      ? fixedPointRejection(k, params.processors)
      : randomRoutingRejection(k, params.processors);
  // P grows with k, and the spacing I/(k+1) is the smallest one that keeps k requests in the interval;
  // find the largest admissible k by doubling then bisection (targets near 1 allow huge k).
  let lo = 0;
  let hi = 1;
  while (pOf(hi) <= target) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (pOf(mid) <= target) lo = mid;
    else hi = mid;
  }
  return intervalMs / (lo + 1);
}
