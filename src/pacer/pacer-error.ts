import type { LayerName } from '../types.js';

// The few ways a paced call fails instead of answering: the day is used up, time ran out, or the caller gave up.

/** Why a paced call failed. */
export type PacerErrorCode = 'DAY_QUOTA_EXHAUSTED' | 'DEADLINE_EXCEEDED' | 'ABORTED';

/** A paced call that could not be sent (or sent again) in time. */
export class PacerError extends Error {
  readonly code: PacerErrorCode;
  /** The limit that held the call back, when one did. */
  readonly layer: LayerName | null;
  /** When that limit resets (epoch ms), for the day quota. */
  readonly resetMs: number | null;
  /** Requests this call sent. */
  readonly attempts: number;

  constructor(
    code: PacerErrorCode,
    message: string,
    details: { layer?: LayerName | null; resetMs?: number | null; attempts: number; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'PacerError';
    this.code = code;
    this.layer = details.layer ?? null;
    this.resetMs = details.resetMs ?? null;
    this.attempts = details.attempts;
  }
}

/** The error for a day bucket that is empty until after the call's deadline. */
export function dayQuotaError(layer: 'product-day' | 'tenant-day', resetMs: number, attempts: number): PacerError {
  const reset = new Date(resetMs).toISOString();
  const header =
    layer === 'product-day'
      ? `x-keap-product-quota-expiry-time ${resetMs} (${reset})`
      : `the tenant's daily ceiling (x-keap-tenant-throttle-available day = 0), which resets at ${reset}`;
  return new PacerError(
    'DAY_QUOTA_EXHAUSTED',
    `daily quota used up: no retry before ${header}, after this call's deadline`,
    { layer, resetMs, attempts },
  );
}
