// The SpikeArrest bucket is the individual key (domain §1.3); its rates matter at 40–1,400 ms.
import { FixedWindowTally } from './fixed-window-tally.js';
import { GapHistogram } from './gap-histogram.js';
import { RollingCount } from './rolling-count.js';
import { SECOND_MS } from './time.js';

/** Own counts of one key at one request. */
export interface SpikeObservation {
  readonly lastSecond: number;
  readonly last100ms: number;
  readonly gapMs: number | null;
}

/** Per-key spike state: rolling 1 s and 100 ms counts, busiest UTC seconds, gap histogram. */
export class SpikeKey {
  readonly id: string;
  readonly keyId: string | null;
  readonly second = new RollingCount(SECOND_MS);
  readonly tenth = new RollingCount(100);
  readonly seconds: FixedWindowTally;
  readonly gaps = new GapHistogram();
  requests = 0;
  firstTs: number | null = null;
  lastTs: number | null = null;
  limitHeader: number | null = null;
  /** The latest request's own counts (set by observe). */
  lastSecond = 0;
  last100ms = 0;
  gapMs: number | null = null;

  constructor(id: string, keyId: string | null, topWindows: number) {
    this.id = id;
    this.keyId = keyId;
    this.seconds = new FixedWindowTally(SECOND_MS, topWindows);
  }

  /** Books one request at `ts` (every request counts: SpikeArrest runs before anything else). */
  observe(ts: number): SpikeObservation {
    this.book(ts);
    return { lastSecond: this.lastSecond, last100ms: this.last100ms, gapMs: this.gapMs };
  }

  /** {@link observe} without the result object: the counts are left in lastSecond, last100ms and gapMs. */
  book(ts: number): void {
    const gapMs = this.lastTs === null ? null : ts - this.lastTs;
    if (gapMs !== null) this.gaps.add(gapMs);
    this.firstTs ??= ts;
    this.lastTs = ts;
    this.requests++;
    this.seconds.add(ts);
    this.lastSecond = this.second.add(ts);
    this.last100ms = this.tenth.add(ts);
    this.gapMs = gapMs;
  }

  /** Entries held (for memory checks). */
  size(): { readonly timestamps: number; readonly histogram: number; readonly other: number } {
    return { timestamps: this.second.size + this.tenth.size, histogram: this.gaps.size, other: this.seconds.size };
  }
}
