// Apigee counters sync about every 10 s and can repeat or step back, so single readings are noisy;
// the median of the last few seconds ignores a stray reading without lagging a real change for long.

const MAX_SAMPLES = 25; // bounds memory and per-reading cost when responses are dense
// Room for one reading past the bound (it is added before the oldest is dropped), in a power of two.
const CAPACITY = 32;

/** Median of the values seen within the last `windowMs` (at most 25 samples). */
export class MedianSmoother {
  // Readings in time order in a ring; the same values kept sorted, so the median needs no sort per reading.
  private readonly times = new Float64Array(CAPACITY);
  private readonly values = new Float64Array(CAPACITY);
  private readonly sorted = new Float64Array(CAPACITY);
  private head = 0;
  private length = 0;
  private readonly windowMs: number;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Adds a reading at `ts` and forgets readings older than the window. */
  add(ts: number, value: number): void {
    const slot = (this.head + this.length) & (CAPACITY - 1);
    this.times[slot] = ts;
    this.values[slot] = value;
    // Shifted by hand: at most 32 values, where a copyWithin call costs more than the moves.
    const sorted = this.sorted;
    let at = this.length;
    while (at > 0 && (sorted[at - 1] as number) >= value) {
      sorted[at] = sorted[at - 1] as number;
      at--;
    }
    sorted[at] = value;
    this.length++;
    while (this.length > 0 && ((this.times[this.head] as number) <= ts - this.windowMs || this.length > MAX_SAMPLES)) {
      const old = this.values[this.head] as number;
      this.head = (this.head + 1) & (CAPACITY - 1);
      const last = this.length - 1;
      for (let from = lowerBound(sorted, this.length, old); from < last; from++)
        sorted[from] = sorted[from + 1] as number;
      this.length--;
    }
  }

  /** Median of the readings held (mean of the middle two when even); 0 when empty. */
  median(): number {
    const n = this.length;
    if (n === 0) return 0;
    const mid = n >> 1;
    return n % 2 === 1
      ? (this.sorted[mid] as number)
      : ((this.sorted[mid - 1] as number) + (this.sorted[mid] as number)) / 2;
  }

  /** Largest minus smallest reading held. */
  spread(): number {
    const n = this.length;
    return n === 0 ? 0 : (this.sorted[n - 1] as number) - (this.sorted[0] as number);
  }

  /** Readings held. */
  get count(): number {
    return this.length;
  }

  /** Time of the earliest held reading ≥ `value`, or null. */
  earliestAtLeast(value: number): number | null {
    for (let i = 0; i < this.length; i++) {
      const slot = (this.head + i) & (CAPACITY - 1);
      if ((this.values[slot] as number) >= value) return this.times[slot] as number;
    }
    return null;
  }

  /** Forgets every reading (a new counting period began). */
  clear(): void {
    this.head = 0;
    this.length = 0;
  }
}

function lowerBound(sorted: Float64Array, length: number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
