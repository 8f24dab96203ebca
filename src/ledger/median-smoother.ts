// Apigee counters sync about every 10 s and can repeat or step back, so single readings are noisy;
// the median of the last few seconds ignores a stray reading without lagging a real change for long.

const MAX_SAMPLES = 25; // bounds memory and per-reading cost when responses are dense

/** Median of the values seen within the last `windowMs` (at most 25 samples). */
export class MedianSmoother {
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  // The same values kept sorted, so the median needs no sort per reading.
  private readonly sorted: number[] = [];
  private readonly windowMs: number;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Adds a reading at `ts` and forgets readings older than the window. */
  add(ts: number, value: number): void {
    this.times.push(ts);
    this.values.push(value);
    this.sorted.splice(lowerBound(this.sorted, value), 0, value);
    while (this.times.length > 0 && ((this.times[0] ?? ts) <= ts - this.windowMs || this.times.length > MAX_SAMPLES)) {
      this.times.shift();
      const old = this.values.shift() ?? 0;
      this.sorted.splice(lowerBound(this.sorted, old), 1);
    }
  }

  /** Median of the readings held (mean of the middle two when even); 0 when empty. */
  median(): number {
    const n = this.sorted.length;
    if (n === 0) return 0;
    const mid = n >> 1;
    return n % 2 === 1 ? (this.sorted[mid] ?? 0) : ((this.sorted[mid - 1] ?? 0) + (this.sorted[mid] ?? 0)) / 2;
  }

  /** Largest minus smallest reading held. */
  spread(): number {
    const n = this.sorted.length;
    return n === 0 ? 0 : (this.sorted[n - 1] ?? 0) - (this.sorted[0] ?? 0);
  }

  /** Readings held. */
  get count(): number {
    return this.values.length;
  }

  /** Time of the earliest held reading ≥ `value`, or null. */
  earliestAtLeast(value: number): number | null {
    for (let i = 0; i < this.values.length; i++)
      if ((this.values[i] ?? -Infinity) >= value) return this.times[i] ?? null;
    return null;
  }

  /** Forgets every reading (a new counting period began). */
  clear(): void {
    this.times.length = 0;
    this.values.length = 0;
    this.sorted.length = 0;
  }
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
