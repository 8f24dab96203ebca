import { TimestampQueue } from './timestamp-queue.js';

/** The busiest rolling window seen: its count and the first and last request in it (epoch ms). */
export interface RollingPeak {
  readonly count: number;
  readonly firstTs: number;
  readonly lastTs: number;
}

/** Requests in the half-open window (t − windowMs, t], with the peak seen so far. */
export class RollingCount {
  private readonly queue = new TimestampQueue();
  private best: RollingPeak | null = null;
  private readonly windowMs: number;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Counts a request at `ts`; returns the window's count including it. */
  add(ts: number): number {
    this.queue.dropUpTo(ts - this.windowMs);
    this.queue.push(ts);
    const count = this.queue.length;
    // Ties keep the earliest window so the report names the first time the peak was reached.
    if (this.best === null || count > this.best.count)
      this.best = { count, firstTs: this.queue.front() ?? ts, lastTs: ts };
    return count;
  }

  /** Requests in the window ending at `ts` without counting a new one. */
  countAt(ts: number): number {
    this.queue.dropUpTo(ts - this.windowMs);
    return this.queue.length;
  }

  /** The busiest window so far, or null before any request. */
  get peak(): RollingPeak | null {
    return this.best;
  }

  /** Timestamps held (for memory checks). */
  get size(): number {
    return this.queue.length;
  }
}
