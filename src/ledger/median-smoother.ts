// Apigee counters sync about every 10 s and can repeat or step back, so single readings are noisy;
// the median of the last few seconds ignores a stray reading without lagging a real change for long.

const MAX_SAMPLES = 25; // bounds memory and sort cost when responses are dense

/** Median of the values seen within the last `windowMs` (at most 25 samples). */
export class MedianSmoother {
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  private readonly windowMs: number;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Adds a reading at `ts` and forgets readings older than the window. */
  add(ts: number, value: number): void {
    this.times.push(ts);
    this.values.push(value);
    while (this.times.length > 0 && ((this.times[0] ?? ts) <= ts - this.windowMs || this.times.length > MAX_SAMPLES)) {
      this.times.shift();
      this.values.shift();
    }
  }

  /** Median of the readings held (mean of the middle two when even); 0 when empty. */
  median(): number {
    if (this.values.length === 0) return 0;
    const sorted = [...this.values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  }

  /** Largest minus smallest reading held. */
  spread(): number {
    if (this.values.length === 0) return 0;
    return Math.max(...this.values) - Math.min(...this.values);
  }

  /** Readings held. */
  get count(): number {
    return this.values.length;
  }

  /** Time of the earliest held reading ≥ `value`, or null. */
  earliestAtLeast(value: number): number | null {
    for (let i = 0; i < this.values.length; i++) if ((this.values[i] ?? -Infinity) >= value) return this.times[i] ?? null;
    return null;
  }

  /** Forgets every reading (a new counting period began). */
  clear(): void {
    this.times.length = 0;
    this.values.length = 0;
  }
}
