// Time arithmetic for the ledger. Epoch ms has no leap seconds, so epoch-aligned windows are UTC windows.

/** One second in ms. */
export const SECOND_MS = 1000;
/** One minute in ms. */
export const MINUTE_MS = 60_000;
/** One day in ms. */
export const DAY_MS = 86_400_000;

/** Start (epoch ms) of the fixed UTC window of `sizeMs` that contains `ts`. */
export function windowStart(ts: number, sizeMs: number): number {
  return Math.floor(ts / sizeMs) * sizeMs;
}
