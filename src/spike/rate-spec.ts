import type { RateUnit } from './units.js';

// Apigee accepts only a whole number followed by `ps` or `pm` (`30.1ps` fails at deploy time, D8).

/** A `<Rate>` value read as rate per unit, or the Apigee error code it would deploy with. */
export type RateSpecResult =
  | { readonly ok: true; readonly rate: number; readonly unit: RateUnit }
  | { readonly ok: false; readonly code: 'INVALID_ALLOWED_RATE'; readonly text: string };

/** Parses an Apigee SpikeArrest `<Rate>` such as `25ps` or `12pm` (whole number > 0 only). */
export function parseRateSpec(text: string): RateSpecResult {
  const m = /^\s*(\d+)\s*(ps|pm)\s*$/i.exec(text);
  const rate = m ? Number(m[1]) : 0;
  if (!m || !(rate > 0)) return { ok: false, code: 'INVALID_ALLOWED_RATE', text };
  return { ok: true, rate, unit: (m[2] as string).toLowerCase() === 'ps' ? 'second' : 'minute' };
}
