// Public entry of the ledger stage.
/** createLedger(options) → { observe, finish, stateSize }. */
export { createLedger } from './ledger.js';
export { COUNTER_JITTER_UNITS, COUNTER_LAYERS, isDayLayer } from './ledger-types.js';
export { NO_KEY_BUCKET, UNKNOWN_TENANT, spikeBucketId, tenantBucketId } from './bucket-identity.js';
export { GapHistogram } from './gap-histogram.js';
export type * from './ledger-types.js';
/** Attribute's contract: one event's context. */
export type * from './ledger-point.js';
/** Render's contract: the whole log. */
export type * from './ledger-report-types.js';
