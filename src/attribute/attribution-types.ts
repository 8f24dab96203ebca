import type { Confidence, SourceRef } from '../types.js';

export type { Confidence };

/** The limit a throttled response is blamed on. */
export type ThrottleLayer =
  'spike' | 'product-minute' | 'product-day' | 'tenant-minute' | 'tenant-day' | 'legacy-credit' | 'unknown';

/** Where the strongest evidence came from, strongest first. */
export type AttributionBasis = 'fault' | 'counters-on-response' | 'neighbouring-responses' | 'ledger' | 'none';

/** What the client's own log shows around a response (from the ledger). */
export interface OwnTraffic {
  /** Own requests of the same key in the last 1 s and 100 ms, this one included. */
  readonly lastSecond: number;
  readonly last100ms: number;
  /** Own requests counted in the rolling 60 s and the UTC day of the product bucket, this one included. */
  readonly rollingMinute: number;
  readonly utcDay: number;
  /** Gap to the same key's previous request, ms; null for the first. */
  readonly gapMs: number | null;
}

/** Remaining capacity per layer as the server reported it (null when not reported). */
export interface Headroom {
  readonly productMinute: number | null;
  readonly productDay: number | null;
  readonly tenantMinute: number | null;
  readonly tenantDay: number | null;
}

/** Requests by other consumers of the same bucket, estimated by the ledger (null when unknown). */
export interface ForeignTraffic {
  readonly productMinute: number | null;
  readonly productDay: number | null;
  readonly tenantMinute: number | null;
}

/** The verdict on one throttled response. */
export interface Attribution {
  readonly source: SourceRef;
  readonly ts: number;
  readonly status: number;
  readonly keyId: string | null;
  /** Request method and path (credentials redacted), to see which endpoints were throttled. */
  readonly method: string | null;
  readonly path: string | null;
  readonly layer: ThrottleLayer;
  readonly confidence: Confidence;
  readonly basis: AttributionBasis;
  /** Plain facts behind the verdict, e.g. "x-keap-product-throttle-available 0 on this response". */
  readonly evidence: readonly string[];
  /** Neighbouring rows consulted, as file:line. */
  readonly neighbours: readonly SourceRef[];
  readonly own: OwnTraffic;
  readonly headroom: Headroom;
  readonly foreign: ForeignTraffic;
  /** For spike faults: the rate and processor count the fault string encodes. */
  readonly faultRate: { readonly rate: number; readonly unit: 'second' | 'minute'; readonly processors: number } | null;
}
