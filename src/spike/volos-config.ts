import type { SmoothingOptions } from './smoothing.js';

// Reads loosely-typed volos-style settings (`timeUnit`, `allow`, `bufferSize`, per-request `key` and
// `weight`) the way volos does, so its option tests (V3–V5) hold for our smoothing model too.

/** Why a volos-style setting was refused. */
export type VolosConfigCode =
  'INVALID_TIME_UNIT' | 'NOT_A_NUMBER' | 'NOT_POSITIVE' | 'KEY_NOT_STRING' | 'WEIGHT_NOT_NUMBER';

/** A refused setting: its code and the field it concerns. */
export interface VolosConfigError {
  readonly ok: false;
  readonly code: VolosConfigCode;
  readonly field: string;
}

/** Raw limiter settings as a volos user would write them. */
export interface VolosRawOptions {
  readonly timeUnit?: unknown;
  readonly allow?: unknown;
  readonly bufferSize?: unknown;
}

/** Raw per-request settings as a volos user would pass them to apply(). */
export interface VolosRawRequest {
  readonly key?: unknown;
  readonly weight?: unknown;
}

type NumberRead = { readonly ok: true; readonly value: number | undefined } | { readonly ok: false };

// volos: falsy → unset (default applies), numbers as-is, strings through parseInt, anything else fails.
function readLooseNumber(value: unknown): NumberRead {
  if (!value) return { ok: true, value: undefined };
  if (typeof value === 'number') return { ok: true, value };
  if (typeof value === 'string') {
    const n = Number.parseInt(value, 10);
    return Number.isNaN(n) ? { ok: false } : { ok: true, value: n };
  }
  return { ok: false };
}

/** SmoothingOptions from volos-style settings (defaults: second, allow 1, bufferSize 0), or the error volos would throw. */
export function readVolosOptions(
  raw: VolosRawOptions,
): { readonly ok: true; readonly options: SmoothingOptions } | VolosConfigError {
  const allow = readLooseNumber(raw.allow);
  if (!allow.ok) return { ok: false, code: 'NOT_A_NUMBER', field: 'allow' };
  const bufferSize = readLooseNumber(raw.bufferSize);
  if (!bufferSize.ok) return { ok: false, code: 'NOT_A_NUMBER', field: 'bufferSize' };
  const timeUnit = raw.timeUnit || 'second';
  if (timeUnit !== 'second' && timeUnit !== 'minute')
    return { ok: false, code: 'INVALID_TIME_UNIT', field: 'timeUnit' };
  const rate = allow.value ?? 1;
  // volos would accept a negative allow and divide by it; a model has no use for that.
  if (!(rate > 0) || !Number.isFinite(rate)) return { ok: false, code: 'NOT_POSITIVE', field: 'allow' };
  return { ok: true, options: { rate, unit: timeUnit, bufferSize: Math.max(0, bufferSize.value ?? 0) } };
}

/** The key (default `_default`) and weight (default 1) volos would use for one apply(), or its error. */
export function readVolosRequest(
  raw: VolosRawRequest,
): { readonly ok: true; readonly key: string; readonly weight: number } | VolosConfigError {
  const weight = readLooseNumber(raw.weight);
  if (!weight.ok) return { ok: false, code: 'WEIGHT_NOT_NUMBER', field: 'weight' };
  const key = raw.key || '_default';
  if (typeof key !== 'string') return { ok: false, code: 'KEY_NOT_STRING', field: 'key' };
  return { ok: true, key, weight: weight.value ?? 1 };
}
