// What the ledger says about one event at its time: attribute's contract (codes and numbers, epoch ms).
import type { Confidence, LayerName } from '../types.js';
import type { CounterLayer, CountVariant, DriftBasis, GroupedBy } from './ledger-types.js';

/** One value per counter layer. */
export type PerCounterLayer<T> = Readonly<Record<CounterLayer, T>>;

/** Own requests at the time of one event, this event included when it counts. */
export interface OwnCounts {
  /** Same key, half-open windows (t − 1 s, t] and (t − 100 ms, t]; every request counts. */
  readonly lastSecond: number;
  readonly last100ms: number;
  /** Product bucket: rolling (t − 60 s, t], current UTC minute, current UTC day (counted requests). */
  readonly rollingMinute: number;
  readonly utcMinute: number;
  readonly utcDay: number;
  /** Tenant bucket across every key of the tenant: rolling 60 s and UTC day (counted requests). */
  readonly tenantRollingMinute: number;
  readonly tenantUtcDay: number;
  /** Gap to the same key's previous request, ms; null for the key's first request. */
  readonly gapMs: number | null;
}

/** The server's counter for one layer on this response; null fields where the header was blank. */
export interface ServerReading {
  readonly used: number | null;
  readonly available: number | null;
  readonly limit: number | null;
}

/** Why a foreign estimate is what it is. */
export type ForeignEstimateCode =
  | 'NO_READING' // no server counter for this bucket yet
  | 'NO_READING_IN_WINDOW' // none yet in this UTC minute or day
  | 'READING_STALE' // the latest reading is older than the smoothing window
  | 'LOG_TOO_SHORT' // the log does not yet cover the window the counter counts
  | 'SMOOTHED'; // median of the readings in the smoothing window

/** Other consumers' requests in a layer's window at one time, as far as the counters show. */
export interface ForeignEstimate {
  /** Smoothed server used − own count (never below 0); null when not estimable. */
  readonly requests: number | null;
  readonly basis: DriftBasis | null;
  readonly confidence: Confidence;
  readonly code: ForeignEstimateCode;
  /** While it is unknown whether 429s count toward used: the estimate under the other assumption. */
  readonly ifOtherCounting: number | null;
}

/** Bucket identities one event was booked under. */
export interface BucketIds {
  readonly spike: string;
  readonly product: string;
  readonly productGroupedBy: GroupedBy;
  readonly tenant: string;
  /** Tenant id used, and where it came from: this response, an earlier response of the same key, or the last tenant seen. */
  readonly tenantId: string | null;
  readonly tenantFrom: 'header' | 'key-history' | 'last-seen' | null;
}

/** Per-event context for later stages (429 attribution), returned by observe(). */
export interface LedgerPoint {
  /** Epoch ms UTC of the event. */
  readonly ts: number;
  readonly keyId: string | null;
  readonly buckets: BucketIds;
  /** Whether this event counts toward minute/day buckets under each variant (auth failures never do). */
  readonly counted: { readonly all: boolean; readonly excluding429: boolean };
  /** Variant currently used for `own` and `foreign` (follows the running rejectedCountInUsed verdict). */
  readonly countedVariant: CountVariant;
  readonly own: OwnCounts;
  /** Server counters on this response; spike carries only the header's per-second limit. */
  readonly server: Readonly<Record<LayerName, ServerReading | null>>;
  /** Other consumers of the same bucket, per counter layer (Keap reports no spike counter, so spike has none). */
  readonly foreign: PerCounterLayer<ForeignEstimate>;
  /** The limit in force per layer at this time: the bucket's latest header, else the profile; null when unknown. */
  readonly limits: PerCounterLayer<number | null>;
  /** The bucket's latest `used` reading per layer (this response's or an earlier one); null before any. */
  readonly lastUsed: PerCounterLayer<number | null>;
}
