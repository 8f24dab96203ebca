// How many of a key's own accepted requests still hold a processor when the next one arrives.
// With burst 1, each request accepted less than I = N·1000/rate ago holds a distinct processor, so
// P(rejected by own traffic) = E[k]/N, and E[k] is a sum over earlier accepted requests of
// P(true gap < I). Logged times are not gateway times: a millisecond log is off by latency jitter, a
// whole-second log by up to a second, so the boundary at I is soft.

/** How far the logged spacing may be from the gateway's (latency jitter, ms): a nuisance the fit weighs, with its prior. */
export const JITTER_LEVELS_MS = [8, 25, 60] as const;
export const JITTER_PRIOR = [0.4, 0.4, 0.2] as const;
// Whole-second logs of a key whose rows run on through the seconds either side, at the same levels: the share of a
// row's placement width its gap may be off by (evenly spread times of a steady stream err together, so their gaps err
// far less than two independent placements would; a lone second's burst keeps the whole width).
const PLACEMENT_SHARES = [1 / 3, 2 / 3, 1] as const;
// Latency also grows with the time between two calls a little (a client that slept longer reconnects).
const JITTER_SHARE = 0.02;

/**
 * P(the true gap is below intervalMs) for a logged gap at the given timestamp resolution (1 ms, or a row's share of its
 * second) and jitter; `steadySpread`: the row's second is one of a run the key fills, so its spread times err together.
 */
export function withinIntervalProbability(
  gapMs: number,
  intervalMs: number,
  resolutionMs: number,
  jitterMs: number = JITTER_LEVELS_MS[0],
  steadySpread = false,
): number {
  if (resolutionMs > 1) {
    // Both ends are uniform within their share of a second: the error of the gap is triangular on ±resolution.
    const x = (intervalMs - gapMs) / placementWidthMs(resolutionMs, jitterMs, steadySpread);
    const below = x <= -1 ? 0 : x >= 1 ? 1 : x <= 0 ? ((1 + x) * (1 + x)) / 2 : 1 - ((1 - x) * (1 - x)) / 2;
    // In the same logged second the order is still known (the log's row order): the true gap is positive.
    return gapMs === 0 ? Math.max(0, (below - 0.5) / 0.5) : below;
  }
  const spread = jitterMs + JITTER_SHARE * gapMs;
  const x = (intervalMs - gapMs) / (2 * spread) + 0.5;
  return x <= 0 ? 0 : x >= 1 ? 1 : x;
}

/** The widest logged gap that can still count inside intervalMs at this resolution and jitter. */
export function reachMs(
  intervalMs: number,
  resolutionMs: number,
  jitterMs: number = JITTER_LEVELS_MS[0],
  steadySpread = false,
): number {
  if (resolutionMs > 1) return intervalMs + placementWidthMs(resolutionMs, jitterMs, steadySpread);
  // spread grows with the gap; solve gap − spread = intervalMs for the ramp's far end.
  return (intervalMs + jitterMs) / (1 - JITTER_SHARE) + 1;
}

// How far a whole-second log's spread gap may be from the true one, at the level the jitter names.
function placementWidthMs(resolutionMs: number, jitterMs: number, steadySpread: boolean): number {
  if (!steadySpread) return resolutionMs;
  const level = (JITTER_LEVELS_MS as readonly number[]).indexOf(jitterMs);
  return resolutionMs * (level < 0 ? 1 : (PLACEMENT_SHARES[level] as number));
}

/** A request a quota rejected held a processor only if SpikeArrest had passed it: about an even chance, unknown while streaming. */
export const PASSED_HOLD_CHANCE = 0.5;

/**
 * E[k]: expected own accepted requests inside intervalMs, from the gaps (ms, ascending) to earlier accepted ones;
 * `weights[i]` is the chance that request held a processor (1 when absent: an accepted request).
 */
export function expectedOwnInInterval(
  gapsAscending: readonly number[],
  intervalMs: number,
  resolutionMs: number,
  jitterMs: number = JITTER_LEVELS_MS[0],
  weights?: readonly number[],
  steadySpread = false,
): number {
  const reach = reachMs(intervalMs, resolutionMs, jitterMs, steadySpread);
  let sum = 0;
  for (let i = 0; i < gapsAscending.length; i++) {
    const gap = gapsAscending[i] as number;
    if (gap >= reach) break;
    const weight = weights?.[i] ?? 1;
    sum += weight * withinIntervalProbability(gap, intervalMs, resolutionMs, jitterMs, steadySpread);
  }
  return sum;
}

/** P(reject) for own occupancy `ownShare` (E[k]/N, capped at 1) and others' occupancy `foreignShare` of the rest. */
export function rejectionChance(ownShare: number, foreignShare: number): number {
  const own = ownShare >= 1 ? 1 : ownShare;
  return own + (1 - own) * foreignShare;
}

/** Share of processors others keep busy when they send `perSecond` on the key against `rate`: ρ/(1+ρ) with ρ = perSecond/rate. */
export function foreignOccupancy(perSecond: number, rate: number): number {
  if (!(perSecond > 0)) return 0;
  const rho = perSecond / rate;
  return rho / (1 + rho);
}
