// Domain types shared by every stage (read → normalise → ledger → attribute → render).
// This file imports nothing from the rest of src/ so any stage may depend on it.

/** `T` with its fields writable: for a record a stage fills in, then hands on as `T`. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Where a record came from: the input's display name and its 1-based line (first line of the record). */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/** One record as a reader produced it, before any interpretation. */
export interface RawRecord {
  readonly source: SourceRef;
  /** Top-level fields: CSV columns by their header name, or JSON/HAR properties flattened to strings. */
  readonly fields: ReadonlyMap<string, string>;
  /** Response headers when the format carries them apart from fields (HAR, JSON `headers` object). */
  readonly headers?: ReadonlyMap<string, string>;
  /** The field names shared by every record of one CSV file (same array object), so column mapping is done once. */
  readonly columns?: readonly string[];
  /** CSV rows: the values in column order (`columns[i]` holds `values[i]`), so fields are read by position. */
  readonly values?: readonly string[];
}

/** Why a row did not become a request event. Stable codes; wording lives in the render layer. */
export type SkipCode =
  | 'BAD_TIMESTAMP'
  | 'NO_TIMESTAMP'
  | 'TIMESTAMP_WITHOUT_ZONE'
  | 'BAD_STATUS'
  | 'NO_STATUS'
  | 'MALFORMED_ROW'
  | 'NOT_AN_OBJECT'
  | 'OUT_OF_ORDER'
  | 'FIELD_TOO_LARGE'
  /** A JSON record holds an object or array where text belongs (a header value, the method, the status). */
  | 'BAD_FIELD_TYPE'
  /** A JSON record nests objects/arrays deeper than any logger writes. */
  | 'TOO_DEEP'
  /** A limit header holds an impossible value (a spike limit of 0). */
  | 'BAD_HEADER'
  /** One record (NDJSON line) is larger than the record size limit; its bytes were never held whole. */
  | 'ROW_TOO_LARGE'
  /** The input ends inside this row (a quoted CSV field never closed): the row is cut off. */
  | 'TRUNCATED_ROW';

/** A fact about a whole input that changes how it was read (not a row: it counts neither used nor skipped). */
export interface InputNote {
  /** Two or more columns share a name (ignoring case): the first is used, the others are ignored. */
  readonly code: 'DUPLICATE_COLUMN';
  readonly file: string;
  /** The name as written in the header (redacted like any text from the log). */
  readonly column: string;
  /** 1-based column positions. */
  readonly usedColumn: number;
  readonly ignoredColumns: readonly number[];
}

/** A row that was read but not used, with its reason. */
export interface Skip {
  readonly code: SkipCode;
  readonly source: SourceRef;
  readonly detail: string;
  /** For TIMESTAMP_WITHOUT_ZONE: the offset the same row's Date header or zoned field implies. */
  readonly zoneHint?: ZoneHint;
}

/** The UTC offset a zone-less time would need to agree with a zoned time in the same row (a hint, never applied). */
export interface ZoneHint {
  /** The log's offset from UTC in minutes (wall = UTC + offset): -360 for Chicago in winter. */
  readonly offsetMinutes: number;
  /** A common IANA zone with that offset at that instant, or null when none is known. */
  readonly zone: string | null;
  readonly from: 'date-header' | 'zoned-field';
}

/** Why a row of an application log or dump is not a request of its own. Stable codes; counted apart from skips. */
export type AsideCode =
  | 'JOINED' // another line about a request already read (its response line, its exception): merged into it
  | 'NOT_A_REQUEST' // a log entry that is not about a Keap API call
  | 'STACK_TRACE'; // a stack trace or traceback after a log entry

/** A row set aside: read and counted, but not a request of its own (rows read = used + skipped + aside). */
export interface Aside {
  readonly code: AsideCode;
  readonly source: SourceRef;
  /** For JOINED: the row of the request it was merged into. */
  readonly into?: SourceRef;
  readonly detail: string;
}

/** One window of a Keap counter family as the server reported it; null where the header was blank. */
export interface CounterSnapshot {
  readonly limit: number | null;
  readonly used: number | null;
  readonly available: number | null;
  /** 'minute' | 'day' as sent; null when blank or absent. */
  readonly timeUnit: string | null;
  readonly interval: number | null;
}

/** The daily product quota adds the bucket's expiry (epoch ms UTC; null when absent or implausible). */
export interface QuotaSnapshot extends CounterSnapshot {
  readonly expiryMs: number | null;
  /** The header's text when it could not be read as a plausible epoch-ms time (e.g. the docs' `158663200`). */
  readonly expiryRaw: string | null;
}

/** `x-keap-product-spike-limit`: `10ps` → rate 10 per second; present-but-empty → rate null. */
export interface SpikeLimit {
  readonly raw: string;
  readonly rate: number | null;
  readonly unit: 'second' | 'minute' | null;
}

/** Which generation of header names a response used. */
export type HeaderGeneration = 'x-keap' | 'x-apigee' | 'both' | 'none';

/** Every counter family found on one response. Absent family → undefined. */
export interface Counters {
  readonly productQuota?: QuotaSnapshot;
  readonly productThrottle?: CounterSnapshot;
  readonly tenantMinute?: CounterSnapshot;
  readonly tenantDay?: CounterSnapshot;
  readonly spikeLimit?: SpikeLimit;
  readonly tenantId?: string;
  readonly generation: HeaderGeneration;
}

/** Apigee SpikeArrest `MessageRate{…}` as printed in the fault string. */
export interface MessageRate {
  readonly messagesPerPeriod: number;
  readonly periodMicros: number;
  readonly maxBurst: number;
}

/** What a response body says, as far as throttling is concerned. */
export type ResponseBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'keap-generic'; readonly code: string; readonly message: string; readonly status: string }
  | { readonly kind: 'spike-arrest'; readonly faultstring: string; readonly messageRate: MessageRate | null }
  | { readonly kind: 'quota-violation'; readonly faultstring: string; readonly identifier: string | null }
  | { readonly kind: 'auth-fault'; readonly errorcode: string; readonly faultstring: string }
  | { readonly kind: 'apigee-fault'; readonly errorcode: string; readonly faultstring: string }
  | { readonly kind: 'xmlrpc-throttle'; readonly faultString: string }
  | { readonly kind: 'gateway-spike'; readonly message: string }
  | { readonly kind: 'other'; readonly excerpt: string };

/** One normalised request/response, the unit every later stage works on. */
export interface RequestEvent {
  readonly source: SourceRef;
  /** When the request was sent (or logged), epoch ms UTC. */
  readonly ts: number;
  /** Which field the time came from. */
  readonly tsFrom: 'column' | 'date-header';
  readonly status: number;
  readonly method: string | null;
  /** Path (and query, secrets redacted) without scheme and host. */
  readonly path: string | null;
  readonly requestId: string | null;
  /** Credential identity as logged (a key name or a redacted fingerprint), never a secret. */
  readonly keyId: string | null;
  readonly counters: Counters;
  readonly body: ResponseBody;
  /** Server `date` header, epoch ms, when present (second resolution). */
  readonly serverDateMs: number | null;
  /** `Retry-After` in seconds when present. */
  readonly retryAfterS: number | null;
}

/** Result of normalising one raw record. */
export type NormaliseResult =
  { readonly ok: true; readonly event: RequestEvent } | { readonly ok: false; readonly skip: Skip };

/** How sure an estimate or a verdict is. */
export type Confidence = 'high' | 'medium' | 'low';

/** Limit layers keap-throttle reasons about. */
export type LayerName = 'spike' | 'product-minute' | 'product-day' | 'tenant-minute' | 'tenant-day';

/** A credential profile: Keap's limits for one kind of credential at one time, with its source. */
export interface Profile {
  readonly id: string;
  readonly label: string;
  readonly credential: 'oauth2' | 'pat-sak' | 'legacy-key' | 'custom';
  /** SpikeArrest rate in requests per second (null when unknown). */
  readonly spikePerSecond: number | null;
  readonly perMinute: number | null;
  readonly perDay: number | null;
  readonly tenantPerMinute: number | null;
  readonly tenantPerDay: number | null;
  /** Which key the minute/day counters are shared by (domain §1.3). */
  readonly counterScope: 'developer-app' | 'tenant' | 'key' | 'unknown';
  /** First date these figures are known to apply (ISO date) and when they were last checked. */
  readonly validFrom: string | null;
  readonly checkedAt: string;
  readonly source: string;
  readonly note?: string;
}
