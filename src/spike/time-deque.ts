// Ascending timestamps of recent events; every model only needs "how many since cutoff", so the
// deque is trimmed from the front and memory stays bounded by the window's contents.

/** A queue of ascending times (ms) supporting trim-from-front and count-after-cutoff. */
export interface TimeDeque {
  /** Appends a time (ms); must not be earlier than the last pushed time. */
  push(tMs: number): void;
  /** Drops every time ≤ cutoffMs. */
  trimThrough(cutoffMs: number): void;
  /** Number of stored times strictly greater than cutoffMs. */
  countAfter(cutoffMs: number): number;
  /** Number of stored times. */
  size(): number;
}

/** An empty TimeDeque backed by an array with a moving head (compacted when half is dead). */
export function createTimeDeque(): TimeDeque {
  let items: number[] = [];
  let head = 0;
  const compact = (): void => {
    if (head > 64 && head * 2 > items.length) {
      items = items.slice(head);
      head = 0;
    }
  };
  return {
    push(tMs) {
      items.push(tMs);
    },
    trimThrough(cutoffMs) {
      while (head < items.length && (items[head] as number) <= cutoffMs) head++;
      compact();
    },
    countAfter(cutoffMs) {
      let lo = head;
      let hi = items.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((items[mid] as number) > cutoffMs) hi = mid;
        else lo = mid + 1;
      }
      return items.length - lo;
    },
    size() {
      return items.length - head;
    },
  };
}
