// Running summary of inter-request gaps (ms) with fixed histogram edges, so per-key spacing can be
// reported without keeping every gap.

/** Upper bounds (ms, exclusive) of the histogram bins; the last bin is open-ended. */
export const GAP_BIN_EDGES_MS: readonly number[] = [
  50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10_000, 60_000,
];

/** One histogram bin: gaps below upToMs (null = no upper bound) and at or above the previous edge. */
export interface GapBin {
  readonly upToMs: number | null;
  readonly count: number;
}

/** Summary of gaps in ms; min/max/mean are null when count is 0. */
export interface GapStats {
  readonly count: number;
  readonly minMs: number | null;
  readonly maxMs: number | null;
  readonly meanMs: number | null;
  readonly bins: readonly GapBin[];
}

/** A mutable gap accumulator. */
export interface GapAccumulator {
  /** Adds one gap in ms. */
  add(gapMs: number): void;
  /** The summary so far. */
  stats(): GapStats;
}

/** An empty gap accumulator. */
export function createGapAccumulator(): GapAccumulator {
  const counts = new Array<number>(GAP_BIN_EDGES_MS.length + 1).fill(0);
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  return {
    add(gapMs) {
      count++;
      sum += gapMs;
      min = Math.min(min, gapMs);
      max = Math.max(max, gapMs);
      // The first edge above the gap (a loop: this runs for every request).
      let bin = 0;
      while (bin < GAP_BIN_EDGES_MS.length && !(gapMs < (GAP_BIN_EDGES_MS[bin] as number))) bin++;
      counts[bin] = (counts[bin] as number) + 1;
    },
    stats() {
      return {
        count,
        minMs: count ? min : null,
        maxMs: count ? max : null,
        meanMs: count ? sum / count : null,
        bins: counts.map((c, i) => ({ upToMs: GAP_BIN_EDGES_MS[i] ?? null, count: c })),
      };
    },
  };
}
