// The words every stage, option and renderer shares for a throttled response: one list each.

/** The limits a throttled response can be blamed on. */
export const THROTTLE_LAYERS = [
  'spike',
  'product-minute',
  'product-day',
  'tenant-minute',
  'tenant-day',
  'legacy-credit',
  'unknown',
] as const;

/** One of THROTTLE_LAYERS. */
export type ThrottleLayer = (typeof THROTTLE_LAYERS)[number];

/** Why a throttled response happened, in the five cases users ask about: (a)–(e). */
export const EXPLANATIONS = ['above-nominal', 'smoothing', 'other-consumers', 'exhaustion', 'unexplained'] as const;

/** One of EXPLANATIONS. */
export type Explanation = (typeof EXPLANATIONS)[number];

/** The key of requests whose log row names no key, wherever a key must be a string (maps, the report's `key`). */
export const NO_KEY = '';

/** The key of a summary over every key of the log. */
export const ALL_KEYS = '*';

/** Where a layer verdict's strongest evidence came from, strongest first. */
export const ATTRIBUTION_BASES = ['fault', 'counters-on-response', 'neighbouring-responses', 'ledger', 'none'] as const;

/** One of ATTRIBUTION_BASES. */
export type AttributionBasis = (typeof ATTRIBUTION_BASES)[number];

/** A zero for every entry of a vocabulary, to count into. */
export function zeroCounts<T extends string>(names: readonly T[]): Record<T, number> {
  return Object.fromEntries(names.map((name) => [name, 0])) as Record<T, number>;
}
