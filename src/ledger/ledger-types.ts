// Public shapes of the ledger: what observe() returns per event and what finish() returns for the log.
// Report values are plain JSON: times are ISO-8601 UTC strings, durations ms, counts requests.
import type { Confidence, LayerName, Profile, RequestEvent } from '../types.js';

export type { Confidence };

/** The four layers Keap reports counters for (spike has no used/available headers). */
export type CounterLayer = Exclude<LayerName, 'spike'>;

/** Which own requests are compared with the server's `used`: every request, or every request but 429s. */
export type CountVariant = 'all' | 'excluding-429';

/** What a counter bucket is keyed by in this log (domain §1.3), or the whole log when it cannot tell. */
export type GroupedBy = 'key' | 'tenant' | 'developer-app' | 'whole-log';

/** How a foreign estimate or an episode was measured: own rolling 60 s, own UTC minute, or since the day's first response. */
export type DriftBasis = 'rolling-60s' | 'utc-minute' | 'utc-day';

/** Options of createLedger. */
export interface LedgerOptions {
  /** Resolved credential profile (limits and counter scope), or null when unknown. */
  readonly profile: Profile | null;
  /** Units of server − own difference treated as counter jitter, not other consumers (default 3). */
  readonly jitterTolerance?: number;
  /** Window (ms) over which server readings are median-smoothed (default 15000). */
  readonly smoothingWindowMs?: number;
  /** How many busiest windows each group lists (default 5). */
  readonly topWindows?: number;
}

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
}

/** The server's counter for one layer on this response; null fields where the header was blank. */
export interface ServerReading {
  readonly used: number | null;
  readonly available: number | null;
  readonly limit: number | null;
}

/** Other consumers' requests in a layer's window at one time, as far as the counters show. */
export interface ForeignEstimate {
  /** Smoothed server used − own count (never below 0); null when not estimable. */
  readonly requests: number | null;
  readonly basis: DriftBasis | null;
  readonly confidence: Confidence;
  readonly reason: string;
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
  /** Gap to the same key's previous request, ms; null for the key's first request. */
  readonly gapMs: number | null;
  /** Server counters on this response; spike carries only the header's per-second limit. */
  readonly server: Readonly<Record<LayerName, ServerReading | null>>;
  /** Other consumers of the same bucket, per layer; spike is never estimable (no spike counters). */
  readonly foreign: Readonly<Record<LayerName, ForeignEstimate>>;
}

/** Where a layer's limit came from. */
export interface LimitInfo {
  readonly value: number | null;
  readonly source: 'header' | 'profile' | null;
  readonly profileId: string | null;
  readonly note: string | null;
}

/** A busiest window: rolling → first and last request in it; fixed → window start and (exclusive) end. */
export interface WindowPeak {
  readonly count: number;
  readonly start: string;
  readonly end: string;
}

/** One fixed UTC window and its request count. */
export interface WindowCountReport {
  readonly start: string;
  readonly count: number;
}

/** limit − peak, in requests and as % of the limit (one decimal). */
export interface Headroom {
  readonly requests: number;
  readonly percent: number;
}

/** Gap statistics between a key's consecutive requests (ms). */
export interface SpacingStats {
  readonly gaps: number;
  readonly minMs: number | null;
  readonly p5Ms: number | null;
  readonly medianMs: number | null;
  readonly resolution: string;
}

/** A run of responses where the server counted more than the log explains. */
export interface ServerAheadEpisode {
  readonly layer: CounterLayer;
  readonly bucket: string;
  readonly basis: DriftBasis;
  /** First response showing the excess, and the last response before it that did not (the traffic began in between). */
  readonly start: string;
  readonly startAfter: string | null;
  /** Last response of the run (for utc-day: the first response that showed the final total). */
  readonly end: string;
  /** Largest smoothed server − own difference in the layer's window. */
  readonly maxExcess: number;
  /** Other consumers' requests estimated over the run. */
  readonly foreignRequests: number;
  readonly responses: number;
  readonly confidence: Confidence;
}

/** Spike layer, one key. */
export interface SpikeGroupReport {
  readonly bucket: string;
  readonly keyId: string | null;
  readonly scopeNote: string | null;
  /** Per-second SpikeArrest rate. */
  readonly limit: LimitInfo;
  readonly requests: number;
  readonly first: string;
  readonly last: string;
  readonly peakPerSecond: WindowPeak | null;
  readonly peakPer100ms: WindowPeak | null;
  /** Per-second limit − per-second peak. */
  readonly headroom: Headroom | null;
  readonly busiestSeconds: readonly WindowCountReport[];
  readonly spacing: SpacingStats;
}

/** A minute or day layer, one bucket. */
export interface CounterGroupReport {
  readonly layer: CounterLayer;
  readonly bucket: string;
  readonly groupedBy: GroupedBy;
  readonly scopeNote: string | null;
  /** Keys seen in this bucket (first 20). */
  readonly keys: readonly string[];
  readonly keysTruncated: boolean;
  readonly limit: LimitInfo;
  /** Own requests in the log: counted under the chosen variant, every request, and all but 429s. */
  readonly requests: { readonly counted: number; readonly all: number; readonly excluding429: number };
  readonly first: string;
  readonly last: string;
  /** Minute layers: busiest rolling 60 s; day layers: null. */
  readonly peakRolling: WindowPeak | null;
  /** Busiest UTC minute (minute layers) or UTC day (day layers). */
  readonly peakFixed: WindowPeak | null;
  /** Which peak the headroom uses (the minute behaviour in force). */
  readonly headroomBasis: DriftBasis;
  readonly headroom: Headroom | null;
  /** Busiest UTC minutes or days. */
  readonly busiestWindows: readonly WindowCountReport[];
  readonly server: { readonly snapshots: number; readonly maxUsed: number | null; readonly lastUsed: number | null };
  readonly serverAhead: readonly ServerAheadEpisode[];
  readonly episodesOmitted: number;
  readonly foreignRequests: number;
}

/** A daily bucket reset seen in the counters. */
export interface DailyReset {
  readonly layer: 'product-day' | 'tenant-day';
  readonly bucket: string;
  /** When the bucket reset: the old expiry-time, else the UTC midnight between the two responses, else the response time. */
  readonly at: string;
  readonly detectedAt: string;
  readonly atMidnight: boolean;
  readonly evidence: readonly ('expiry-time' | 'used-drop')[];
  readonly usedBefore: number;
  readonly usedAfter: number;
  readonly expiryBefore: string | null;
  readonly expiryAfter: string | null;
}

/** Whether the server's minute counter behaves like a rolling 60 s or a fixed UTC minute. */
export interface MinuteBehaviour {
  readonly verdict: 'rolling' | 'fixed' | 'undetermined';
  /** Layer the verdict was taken from (product-minute, else tenant-minute), null without data. */
  readonly layer: 'product-minute' | 'tenant-minute' | null;
  /** Mean |server used − own count| under each hypothesis. */
  readonly meanAbsErrorRolling: number | null;
  readonly meanAbsErrorFixed: number | null;
  readonly samples: number;
  readonly reason: string;
}

/** One snapshot where used + available ≠ limit. */
export interface InconsistentExample {
  readonly at: string;
  readonly source: string;
  readonly layer: CounterLayer;
  readonly limit: number;
  readonly used: number;
  readonly available: number;
  /** over-limit: available 0 with used ≥ limit (normal at exhaustion); mismatch: anything else. */
  readonly kind: 'over-limit' | 'mismatch';
}

/** Whether 429 responses themselves increment the server's used. */
export interface RejectedCountInUsed {
  readonly verdict: 'yes' | 'no' | 'undetermined';
  readonly layer: 'product-day' | 'tenant-day' | null;
  /** 429s between two responses with counters in the same bucket and day. */
  readonly rejectedSeen: number;
  /** Σ (Δused − own non-429 requests) over those intervals. */
  readonly excessAcrossRejected: number;
  /** Other consumers' requests expected in those intervals from the rest of the log. */
  readonly expectedForeign: number;
  readonly errorIfCounted: number | null;
  readonly errorIfNotCounted: number | null;
  readonly reason: string;
}

/** Everything the ledger detected about the server's counters. */
export interface LedgerDetections {
  readonly dailyResets: readonly DailyReset[];
  readonly dailyResetsOmitted: number;
  readonly minuteBehaviour: MinuteBehaviour;
  readonly tenantMinuteBehaviour: MinuteBehaviour;
  readonly inconsistentSnapshots: {
    readonly count: number;
    readonly byLayer: Readonly<Record<CounterLayer, number>>;
    readonly mismatches: number;
    readonly overLimit: number;
    readonly examples: readonly InconsistentExample[];
  };
  readonly rejectedCountInUsed: RejectedCountInUsed;
}

/** The whole-log picture returned by finish(). */
export interface LedgerReport {
  readonly profile: {
    readonly id: string;
    readonly label: string;
    readonly source: string;
    readonly validFrom: string | null;
    readonly checkedAt: string;
  } | null;
  readonly options: {
    readonly jitterTolerance: number;
    readonly smoothingWindowMs: number;
    readonly topWindows: number;
  };
  readonly coverage: { readonly first: string | null; readonly last: string | null; readonly events: number };
  /** Own requests compared with `used`, chosen from rejectedCountInUsed. */
  readonly countedRequests: { readonly variant: CountVariant; readonly reason: string };
  /** Minute model used for foreign estimates and headroom, chosen from minuteBehaviour. */
  readonly minuteModel: { readonly model: 'rolling-60s' | 'utc-minute'; readonly reason: string };
  readonly layers: {
    readonly spike: readonly SpikeGroupReport[];
    readonly 'product-minute': readonly CounterGroupReport[];
    readonly 'product-day': readonly CounterGroupReport[];
    readonly 'tenant-minute': readonly CounterGroupReport[];
    readonly 'tenant-day': readonly CounterGroupReport[];
  };
  readonly detections: LedgerDetections;
  /** Other consumers' requests per layer, summed over serverAhead episodes. */
  readonly foreign: Readonly<Record<CounterLayer, { readonly requests: number; readonly episodes: number }>>;
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
