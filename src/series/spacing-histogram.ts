// Gaps between a key's consecutive requests, counted into fixed log-spaced bins for drawing: the
// gaps before accepted responses and before throttled ones, in memory that never grows.

// Bin edges (ms): 0, 10, then ×1.2 up to beyond two minutes; gaps longer than the last edge share the last bin.
const FIRST_EDGE_MS = 10;
const GROWTH = 1.2;
const LAST_EDGE_MS = 120_000;

/** Counts of gaps per bin: bin i holds gaps in [edgesMs[i], edgesMs[i + 1]), the last one everything above. */
export interface SpacingHistogram {
  readonly edgesMs: readonly number[];
  readonly accepted: readonly number[];
  readonly throttled: readonly number[];
}

/** The bin edges, rounded to whole ms. */
export const SPACING_EDGES_MS: readonly number[] = (() => {
  const edges = [0, FIRST_EDGE_MS];
  while ((edges[edges.length - 1] as number) < LAST_EDGE_MS)
    edges.push(Math.round((edges[edges.length - 1] as number) * GROWTH));
  return edges;
})();

/** Counts each gap into its bin. */
export function createSpacingHistogram() {
  const accepted = new Array<number>(SPACING_EDGES_MS.length).fill(0);
  const throttled = new Array<number>(SPACING_EDGES_MS.length).fill(0);
  return {
    observe(gapMs: number | null, wasThrottled: boolean): void {
      if (gapMs === null) return;
      const counts = wasThrottled ? throttled : accepted;
      const index = binOf(gapMs);
      counts[index] = (counts[index] ?? 0) + 1;
    },
    finish(): SpacingHistogram {
      return { edgesMs: SPACING_EDGES_MS, accepted: [...accepted], throttled: [...throttled] };
    },
  };
}

function binOf(gapMs: number): number {
  let low = 0;
  let high = SPACING_EDGES_MS.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((SPACING_EDGES_MS[middle] as number) <= gapMs) low = middle;
    else high = middle - 1;
  }
  return low;
}
