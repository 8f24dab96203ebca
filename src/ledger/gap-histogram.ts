// Spacing statistics must not keep every gap: a fixed log-bucket histogram costs the same per key
// whether the key made ten requests or ten million.

const EXACT_LIMIT = 1024; // gaps below 1024 ms (where SpikeArrest effects live) are kept to the millisecond
const SUB_BUCKETS = 32; // above that, 32 buckets per power of two: at most ~3 % relative error
const FIRST_OCTAVE = 10; // 2^10 = EXACT_LIMIT
const LAST_OCTAVE = 36; // 2^37 ms ≈ 4.4 years; larger gaps share the top bucket
const BUCKETS = EXACT_LIMIT + (LAST_OCTAVE - FIRST_OCTAVE + 1) * SUB_BUCKETS;

// The shortest cluster of gaps (errors in a row) ends before this multiple of its low end: see shortClusterMedian.
const SHORT_CLUSTER_END = 1.5;

/** How the histogram rounds, for the report: exact below `exactBelowMs`, longer gaps rounded down within `relativeError`. */
export const GAP_RESOLUTION = { exactBelowMs: EXACT_LIMIT, relativeError: 0.03 } as const;

/** Distribution of gaps (ms) between consecutive requests of one key, in O(1) memory. */
export class GapHistogram {
  private counts: Uint32Array | null = null;
  private total = 0;
  private minGap: number | null = null;
  private maxGap: number | null = null;

  /** Records one gap in ms (negative gaps are treated as 0; fractions are floored). */
  add(gapMs: number): void {
    const gap = Math.max(0, Math.floor(gapMs));
    this.counts ??= new Uint32Array(BUCKETS);
    const index = bucketOf(gap);
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.total++;
    if (this.minGap === null || gap < this.minGap) this.minGap = gap;
    if (this.maxGap === null || gap > this.maxGap) this.maxGap = gap;
  }

  /** Number of gaps recorded. */
  get count(): number {
    return this.total;
  }

  /** Smallest gap in ms (exact), or null with no gaps. */
  get min(): number | null {
    return this.minGap;
  }

  /** Nearest-rank quantile `q` (0–1) in ms: exact below 1024 ms, else the bucket's lower bound clamped to [min, max]. */
  quantile(q: number): number | null {
    return this.atRank(Math.ceil(q * this.total));
  }

  /** The rank-th shortest gap (1-based, clamped to the gaps recorded) in ms, rounded as {@link quantile} is. */
  atRank(wanted: number): number | null {
    if (this.counts === null || this.total === 0 || this.minGap === null || this.maxGap === null) return null;
    const rank = Math.min(this.total, Math.max(1, wanted));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.maxGap, Math.max(this.minGap, lowerBoundOf(i)));
    }
    return this.maxGap;
  }

  /**
   * The median of the gaps up to 1.5 × the 5th percentile. Gaps between consecutive logged errors cluster at whole
   * multiples of the spacing (successes unlogged between them): the shortest cluster ends before 1.5 × its low end,
   * and its middle is the spacing, where its low end is not.
   */
  shortClusterMedian(): number | null {
    const low = this.quantile(0.05);
    if (low === null) return null;
    return this.atRank(Math.ceil(this.countAtMost(SHORT_CLUSTER_END * low) / 2));
  }

  /** How many gaps were at most `gapMs` (exact below 1024 ms, to the bucket above). */
  countAtMost(gapMs: number): number {
    if (this.counts === null) return 0;
    const last = bucketOf(Math.max(0, Math.floor(gapMs)));
    let seen = 0;
    for (let i = 0; i <= last; i++) seen += this.counts[i] ?? 0;
    return seen;
  }

  /** Calls `visit` with each bucket's gap (exact below 1024 ms, else its lower bound) and count, shortest first. */
  forEachBucket(visit: (gapMs: number, count: number) => void): void {
    if (this.counts === null) return;
    for (let i = 0; i < BUCKETS; i++) {
      const count = this.counts[i] ?? 0;
      if (count > 0) visit(lowerBoundOf(i), count);
    }
  }

  /** Buckets allocated (for memory checks): 0 before the first gap, then a constant. */
  get size(): number {
    return this.counts === null ? 0 : BUCKETS;
  }
}

function bucketOf(gap: number): number {
  if (gap < EXACT_LIMIT) return gap;
  const octave = Math.min(LAST_OCTAVE, Math.floor(Math.log2(gap)));
  const base = 2 ** octave;
  const sub = Math.min(SUB_BUCKETS - 1, Math.floor(((gap - base) / base) * SUB_BUCKETS));
  return EXACT_LIMIT + (octave - FIRST_OCTAVE) * SUB_BUCKETS + sub;
}

function lowerBoundOf(index: number): number {
  if (index < EXACT_LIMIT) return index;
  const offset = index - EXACT_LIMIT;
  const octave = FIRST_OCTAVE + Math.floor(offset / SUB_BUCKETS);
  const sub = offset % SUB_BUCKETS;
  const base = 2 ** octave;
  return base + (sub * base) / SUB_BUCKETS;
}
