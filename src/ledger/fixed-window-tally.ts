import { windowStart } from './time.js';

/** One fixed UTC window: start (epoch ms) and requests counted in it. */
export interface WindowCount {
  readonly start: number;
  readonly count: number;
}

/** Counts per fixed UTC window (second, minute or day), keeping only the current one and the top N. */
export class FixedWindowTally {
  private currentStart: number | null = null;
  private currentCount = 0;
  private readonly top: WindowCount[] = [];
  private readonly sizeMs: number;
  private readonly keep: number;

  constructor(sizeMs: number, topN: number) {
    this.sizeMs = sizeMs;
    // At least one so the peak is always known even when the report asks for no list.
    this.keep = Math.max(1, topN);
  }

  /** Counts a request at `ts`; returns the count of its window including it. */
  add(ts: number): number {
    this.roll(ts);
    this.currentCount++;
    return this.currentCount;
  }

  /** Count of the window containing `ts` without counting a new request. */
  countAt(ts: number): number {
    this.roll(ts);
    return this.currentCount;
  }

  /** Busiest windows, most requests first (earlier first on ties), at most `limit`. */
  busiest(limit: number = this.keep): WindowCount[] {
    const all = [...this.top];
    if (this.currentStart !== null && this.currentCount > 0)
      insertRanked(all, { start: this.currentStart, count: this.currentCount }, all.length + 1);
    return all.slice(0, limit);
  }

  /** The busiest window so far, or null before any request. */
  peak(): WindowCount | null {
    return this.busiest(1)[0] ?? null;
  }

  /** Entries held (for memory checks). */
  get size(): number {
    return this.top.length + 1;
  }

  private roll(ts: number): void {
    const start = windowStart(ts, this.sizeMs);
    if (start === this.currentStart) return;
    if (this.currentStart !== null && this.currentCount > 0)
      insertRanked(this.top, { start: this.currentStart, count: this.currentCount }, this.keep);
    this.currentStart = start;
    this.currentCount = 0;
  }
}

function insertRanked(list: WindowCount[], entry: WindowCount, keep: number): void {
  let i = list.length;
  while (i > 0) {
    const prev = list[i - 1];
    if (prev === undefined || prev.count > entry.count || (prev.count === entry.count && prev.start <= entry.start))
      break;
    i--;
  }
  if (i >= keep) return;
  list.splice(i, 0, entry);
  if (list.length > keep) list.length = keep;
}
