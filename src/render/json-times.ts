// The report keeps times as epoch ms; JSON readers get ISO-8601 UTC beside each one, in one place.
import { isoUtc } from './time-format.js';

// Fields of the ledger report that hold an epoch-ms time (durations and counts never use these names).
const TIME_FIELDS = new Set([
  'first',
  'last',
  'start',
  'end',
  'startAfter',
  'at',
  'detectedAt',
  'expiryBefore',
  'expiryAfter',
]);

/** A deep copy where every time field `x` becomes its ISO-8601 UTC string, with the epoch ms kept as `xMs`. */
export function withIsoTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withIsoTimes);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (TIME_FIELDS.has(key) && (typeof item === 'number' || item === null)) {
      out[key] = item === null ? null : isoUtc(item);
      out[`${key}Ms`] = item;
    } else {
      out[key] = withIsoTimes(item);
    }
  }
  return out;
}
