import { ownRequestsInInterval, randomRoutingRejection } from './probability.js';

// The expected 429 share of a steady client when the setting is only known as a weighted set of
// (interval, N) candidates: the exact k/(N+k) of each, averaged by weight (random routing, burst 1).

/** One candidate setting with its weight (weights need not sum to 1). */
export interface WeightedSetting {
  /** Per-processor interval N·1000/rate in ms. */
  readonly intervalMs: number;
  readonly processors: number;
  readonly weight: number;
}

/** Weighted mean over the candidates of the long-run P(reject) at a steady spacingMs. */
export function mixtureRejectionShare(spacingMs: number, settings: readonly WeightedSetting[]): number {
  let share = 0;
  let total = 0;
  for (const setting of settings) {
    if (!(setting.weight > 0)) continue;
    const k = ownRequestsInInterval(spacingMs, setting.intervalMs);
    share += setting.weight * randomRoutingRejection(k, setting.processors);
    total += setting.weight;
  }
  return total > 0 ? share / total : 0;
}

// Targets above 1/2 would need hundreds of own requests per interval; nobody paces that way.
const MAX_OWN_PER_INTERVAL = 64;

/** Smallest steady spacing (ms) whose weighted share is at most target (0–1); 0 candidates give 0. */
export function mixtureSafeSpacingMs(target: number, settings: readonly WeightedSetting[]): number {
  if (!(target >= 0 && target <= 1)) throw new RangeError(`target must be within [0, 1], got ${target}`);
  const weighted = settings.filter((setting) => setting.weight > 0);
  if (weighted.length === 0) return 0;
  // The share only changes at I/(k+1), where k own requests just fit inside a candidate's interval.
  const candidates = [
    ...new Set(
      weighted.flatMap((setting) =>
        Array.from({ length: MAX_OWN_PER_INTERVAL + 1 }, (_, k) => setting.intervalMs / (k + 1)),
      ),
    ),
  ].sort((a, b) => a - b);
  // The share never grows with the spacing: bisect for the first candidate within the target.
  let lo = 0;
  let hi = candidates.length - 1;
  if (mixtureRejectionShare(candidates[hi] as number, weighted) > target) return candidates[hi] as number;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (mixtureRejectionShare(candidates[mid] as number, weighted) <= target) hi = mid;
    else lo = mid + 1;
  }
  return candidates[lo] as number;
}
