// A SpikeArrest rejection probably never reaches the Quota policy, but Apigee counts rejected
// requests in SpikeArrest's own used.count; only Δused across the 429s tells which applies to Keap.
import type { RejectedCountInUsed } from './ledger-report-types.js';

/** Two consecutive counter readings of one daily bucket (same day, no reset) and the own requests between them. */
export interface CounterInterval {
  /** used(later) − used(earlier). */
  readonly deltaUsed: number;
  /** Own requests after the earlier reading up to and including the later one: all, and all but 429s. */
  readonly ownAll: number;
  readonly ownExcluding429: number;
  readonly durationMs: number;
}

/** Decides from Δused across intervals that contain 429s whether 429s increment the server's used. */
export class RejectedCountDetector {
  private excess = 0; // Σ (Δused − own non-429) over intervals with 429s
  private rejected = 0;
  private rejectedDuration = 0;
  private otherExcess = 0; // Σ (Δused − own non-429) elsewhere: the background rate of other consumers
  private otherDuration = 0;
  private readonly layer: 'product-day' | 'tenant-day';
  private readonly tolerance: number;
  // Asked for per event and changed only by add(): kept until then.
  private known: RejectedCountInUsed['verdict'] | null = null;

  constructor(layer: 'product-day' | 'tenant-day', tolerance: number) {
    this.layer = layer;
    this.tolerance = tolerance;
  }

  /** Adds one interval between two readings of the same bucket and day. */
  add(interval: CounterInterval): void {
    this.addCounts(interval.deltaUsed, interval.ownAll, interval.ownExcluding429, interval.durationMs);
  }

  /** {@link add} with the interval's numbers as arguments. */
  addCounts(deltaUsed: number, ownAll: number, ownExcluding429: number, durationMs: number): void {
    const k = ownAll - ownExcluding429;
    const residual = deltaUsed - ownExcluding429;
    if (k > 0) {
      this.excess += residual;
      this.rejected += k;
      this.rejectedDuration += durationMs;
    } else {
      this.otherExcess += residual;
      this.otherDuration += durationMs;
    }
    this.known = null;
  }

  /** Number of 429s seen inside intervals. */
  get rejectedSeen(): number {
    return this.rejected;
  }

  /** The verdict alone, without building the report object (called per event). */
  verdict(): RejectedCountInUsed['verdict'] {
    this.known ??= this.numbers().verdict;
    return this.known;
  }

  /** The verdict with the numbers behind it. */
  result(): RejectedCountInUsed {
    const { k, expectedForeign, errorIfCounted, errorIfNotCounted, verdict, confounded } = this.numbers();
    const base = { layer: this.layer, rejectedSeen: k, excessAcrossRejected: this.excess, expectedForeign, verdict };
    if (k === 0) return { ...base, errorIfCounted: null, errorIfNotCounted: null, code: 'NO_429_BETWEEN_READINGS' };
    const numbers = { ...base, errorIfCounted, errorIfNotCounted };
    if (k < 2 || k <= this.tolerance / 2) return { ...numbers, code: 'WITHIN_JITTER' };
    if (confounded) return { ...numbers, code: 'OTHERS_BEFORE_429S' };
    return { ...numbers, code: verdict === 'undetermined' ? 'NEITHER_FITS' : 'MEASURED' };
  }

  private numbers(): {
    k: number;
    expectedForeign: number;
    errorIfCounted: number;
    errorIfNotCounted: number;
    verdict: RejectedCountInUsed['verdict'];
    confounded: boolean;
  } {
    const k = this.rejected;
    // Other consumers also raise used; expect them at the rate seen in intervals without 429s.
    const rate = this.otherDuration > 0 ? Math.max(0, this.otherExcess) / this.otherDuration : 0;
    const expectedForeign = Math.round(rate * this.rejectedDuration * 10) / 10;
    const errorIfCounted = Math.round(Math.abs(this.excess - k - expectedForeign) * 10) / 10;
    const errorIfNotCounted = Math.round(Math.abs(this.excess - expectedForeign) * 10) / 10;
    let verdict: RejectedCountInUsed['verdict'] = 'undetermined';
    const best = Math.min(errorIfCounted, errorIfNotCounted);
    if (k >= 2 && k > this.tolerance / 2 && errorIfCounted !== errorIfNotCounted && best <= k / 2)
      verdict = errorIfCounted < errorIfNotCounted ? 'yes' : 'no';
    // Others' requests come just before the 429s they cause, so the intervals with 429s hold more of them than the
    // rest of the log: up to one more per 429, the rise counting would give. With others about, only a rise beyond
    // that says the 429s were counted.
    const confounded = verdict === 'yes' && expectedForeign >= 1 && this.excess - expectedForeign <= k;
    if (confounded) verdict = 'undetermined';
    return { k, expectedForeign, errorIfCounted, errorIfNotCounted, verdict, confounded };
  }
}
