// Keap's daily buckets are calendar UTC days: `x-keap-product-quota-expiry-time` is the next 00:00 UTC in epoch ms.
const DAY_MS = 86_400_000;

/** Requests counted since the last 00:00 UTC. */
export interface UtcDayCounter {
  used(nowMs: number): number;
  add(nowMs: number): void;
  /** The next 00:00 UTC after nowMs, epoch ms: when the bucket empties. */
  expiryMs(nowMs: number): number;
}

/** A counter that resets at every 00:00 UTC. */
export function createUtcDayCounter(): UtcDayCounter {
  let dayStart = Number.NEGATIVE_INFINITY;
  let count = 0;
  const roll = (nowMs: number): void => {
    const start = Math.floor(nowMs / DAY_MS) * DAY_MS;
    if (start !== dayStart) {
      dayStart = start;
      count = 0;
    }
  };
  return {
    used(nowMs) {
      roll(nowMs);
      return count;
    },
    add(nowMs) {
      roll(nowMs);
      count++;
    },
    expiryMs(nowMs) {
      return Math.floor(nowMs / DAY_MS) * DAY_MS + DAY_MS;
    },
  };
}
