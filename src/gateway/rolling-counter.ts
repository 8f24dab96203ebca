import { createTimeDeque } from '../spike/time-deque.js';

// Keap's minute throttle is a rolling 60 s window (2020 Apigee migration post): a count can fall as old calls age out.

/** Counted requests in the last `windowMs`, as a rolling window. */
export interface RollingCounter {
  /** Requests counted in (nowMs − window, nowMs]. */
  used(nowMs: number): number;
  /** Counts one request at nowMs (times must not go backwards). */
  add(nowMs: number): void;
}

/** A rolling counter over `windowMs`; memory is bounded by the requests inside the window. */
export function createRollingCounter(windowMs: number): RollingCounter {
  const times = createTimeDeque();
  return {
    used(nowMs) {
      times.trimThrough(nowMs - windowMs);
      return times.size();
    },
    add(nowMs) {
      times.push(nowMs);
    },
  };
}
