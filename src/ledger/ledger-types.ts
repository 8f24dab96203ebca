// The ledger's shared vocabulary, its options and its interface. What observe() returns per event is
// attribute's contract (ledger-point.ts); what finish() returns is render's contract (ledger-report-types.ts).
import type { Confidence, LayerName, Profile, RequestEvent } from '../types.js';
import type { LedgerPoint } from './ledger-point.js';
import type { LedgerReport } from './ledger-report-types.js';

export type { Confidence };

/** The four layers Keap reports counters for (spike has no used/available headers). */
export type CounterLayer = Exclude<LayerName, 'spike'>;

/** Every counter layer, in report order. */
export const COUNTER_LAYERS = [
  'product-minute',
  'product-day',
  'tenant-minute',
  'tenant-day',
] as const satisfies readonly CounterLayer[];

/** The layers counted per UTC day (the others per minute). */
export function isDayLayer(layer: string): layer is 'product-day' | 'tenant-day' {
  return layer === 'product-day' || layer === 'tenant-day';
}

/** Apigee counters lag, repeat and step back a few units (domain §5.3): differences this small are jitter. */
export const COUNTER_JITTER_UNITS = 3;

/** Which own requests are compared with the server's `used`: every request, or every request but 429s. */
export type CountVariant = 'all' | 'excluding-429';

/** Minute models the server may use: a rolling 60 s (announced in 2020) or fixed UTC minutes (Apigee's default quota). */
export type MinuteModel = 'rolling-60s' | 'utc-minute';

/** What a counter bucket is keyed by in this log (domain §1.3), or the whole log when it cannot tell. */
export type GroupedBy = 'key' | 'tenant' | 'developer-app' | 'whole-log';

/** How a foreign estimate or an episode was measured: own rolling 60 s, own UTC minute, or since the day's first response. */
export type DriftBasis = 'rolling-60s' | 'utc-minute' | 'utc-day';

/** Options of createLedger. */
export interface LedgerOptions {
  /** Resolved credential profile (limits and counter scope), or null when unknown. */
  readonly profile: Profile | null;
  /** Units of server − own difference treated as counter jitter, not other consumers (default COUNTER_JITTER_UNITS). */
  readonly jitterTolerance?: number;
  /** Window (ms) over which server readings are median-smoothed (default 15000). */
  readonly smoothingWindowMs?: number;
  /** How many busiest windows each group lists (default 5). */
  readonly topWindows?: number;
}

/** Internal entry counts, for checking that memory stays bounded. */
export interface LedgerStateSize {
  readonly spikeKeys: number;
  readonly buckets: number;
  /** Timestamps held by rolling windows (bounded by the busiest window's contents). */
  readonly queuedTimestamps: number;
  /** Gap-histogram buckets (a constant per key). */
  readonly histogramBuckets: number;
  /** Smoothing samples, stored episodes and window tallies of the counter comparisons. */
  readonly trackerEntries: number;
  /** Key→tenant map, stored resets and examples. */
  readonly otherEntries: number;
  readonly total: number;
}

/** The ledger: feed events in time order, then ask for the report. */
export interface Ledger {
  /** Books one event (ascending `ts`) and returns its context at that time. */
  observe(event: RequestEvent): LedgerPoint;
  /** The whole-dataset picture; the ledger may keep observing afterwards. */
  finish(): LedgerReport;
  /** Internal entry counts (memory check). */
  stateSize(): LedgerStateSize;
}
