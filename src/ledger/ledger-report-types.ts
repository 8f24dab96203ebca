// What the ledger found over the whole log: render's contract. Plain data: times are epoch ms UTC
// (renderers write ISO-8601), durations ms, counts requests.
import type { Confidence } from '../types.js';
import type { CounterLayer, CountVariant, DriftBasis, GroupedBy, MinuteModel } from './ledger-types.js';

/** Why the own count compared with `used` includes 429s or not: no 429s, measured, or assumed not (undetermined). */
export type CountedRequestsCode = 'NO_429S' | 'MEASURED' | 'ASSUMED_NOT_COUNTED';

/** Where a layer's limit came from. */
export interface LimitInfo {
  readonly value: number | null;
  readonly source: 'header' | 'profile' | null;
  readonly profileId: string | null;
  /** FROM_HEADER, FROM_PROFILE, NO_PROFILE, PROFILE_HAS_NO_FIGURE, TENANT_CEILING_NOT_IN_FORCE (traffic before 2026-06-08). */
  readonly code:
    'FROM_HEADER' | 'FROM_PROFILE' | 'NO_PROFILE' | 'PROFILE_HAS_NO_FIGURE' | 'TENANT_CEILING_NOT_IN_FORCE';
}

/** A busiest window: rolling → first and last request in it; fixed → window start and (exclusive) end. */
export interface WindowPeak {
  readonly count: number;
  readonly start: number;
  readonly end: number;
}

/** One fixed UTC window and its request count. */
export interface WindowCountReport {
  readonly start: number;
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
  /** Median of the gaps up to 1.5 × p5Ms: the usual gap of two requests in a row when the log shows only some of them. */
  readonly shortMedianMs: number | null;
  /** Gaps below exactBelowMs are exact to 1 ms; longer ones are rounded down within relativeError; min is always exact. */
  readonly resolution: { readonly exactBelowMs: number; readonly relativeError: number };
}

/** A run of responses where the server counted more than the log explains. */
export interface ServerAheadEpisode {
  readonly layer: CounterLayer;
  readonly bucket: string;
  readonly basis: DriftBasis;
  /** First response showing the excess, and the last response before it that did not (the traffic began in between). */
  readonly start: number;
  readonly startAfter: number | null;
  /** Last response of the run (for utc-day: the first response that showed the final total). */
  readonly end: number;
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
  readonly first: number;
  readonly last: number;
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
  readonly first: number;
  readonly last: number;
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
  readonly at: number;
  readonly detectedAt: number;
  readonly atMidnight: boolean;
  readonly evidence: readonly ('expiry-time' | 'used-drop')[];
  readonly usedBefore: number;
  readonly usedAfter: number;
  readonly expiryBefore: number | null;
  readonly expiryAfter: number | null;
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
  /** Readings needed before a verdict. */
  readonly minSamples: number;
  /** NO_READINGS, TOO_FEW_READINGS (< minSamples), INDISTINGUISHABLE (errors too close), MEASURED (verdict holds). */
  readonly code: 'NO_READINGS' | 'TOO_FEW_READINGS' | 'INDISTINGUISHABLE' | 'MEASURED';
}

/** One snapshot where used + available ≠ limit. */
export interface InconsistentExample {
  readonly at: number;
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
  /**
   * NO_429_BETWEEN_READINGS, WITHIN_JITTER (too few 429s), NEITHER_FITS, OTHERS_BEFORE_429S (the rise is no more than
   * others causing the 429s would bring), MEASURED (verdict holds).
   */
  readonly code: 'NO_429_BETWEEN_READINGS' | 'WITHIN_JITTER' | 'NEITHER_FITS' | 'OTHERS_BEFORE_429S' | 'MEASURED';
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
  readonly coverage: { readonly first: number | null; readonly last: number | null; readonly events: number };
  /** Own requests compared with `used`, chosen from rejectedCountInUsed. */
  readonly countedRequests: { readonly variant: CountVariant; readonly code: CountedRequestsCode };
  /** Minute model used for foreign estimates and headroom, chosen from minuteBehaviour. */
  readonly minuteModel: { readonly model: MinuteModel; readonly code: 'MEASURED' | 'ASSUMED_ROLLING' };
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
