// Rolling windows hold many timestamps; a ring buffer avoids one allocation (and shift cost) per request.

/** A FIFO of epoch-ms timestamps in a growable ring buffer; memory is its peak length. */
export class TimestampQueue {
  private buf = new Float64Array(16);
  private head = 0;
  private count = 0;

  /** Number of timestamps held. */
  get length(): number {
    return this.count;
  }

  /** Appends a timestamp (callers keep them in ascending order). */
  push(ts: number): void {
    if (this.count === this.buf.length) this.grow();
    this.buf[(this.head + this.count) % this.buf.length] = ts;
    this.count++;
  }

  /** Oldest timestamp held, or null when empty. */
  front(): number | null {
    return this.count === 0 ? null : (this.buf[this.head] ?? null);
  }

  /** Drops every timestamp ≤ `limit` from the front. */
  dropUpTo(limit: number): void {
    while (this.count > 0 && (this.buf[this.head] ?? Infinity) <= limit) {
      this.head = (this.head + 1) % this.buf.length;
      this.count--;
    }
  }

  private grow(): void {
    const next = new Float64Array(this.buf.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.buf[(this.head + i) % this.buf.length] ?? 0;
    this.buf = next;
    this.head = 0;
  }
}
