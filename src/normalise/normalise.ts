import type {
  Counters,
  NormaliseResult,
  RawRecord,
  RequestEvent,
  ResponseBody,
  SkipCode,
  SourceRef,
} from '../types.js';
import { readBody } from './body.js';
import { isHeaderColumn, isSecretKeyColumn, mapColumns, type ColumnMap } from './columns.js';
import { readCounters } from './counters.js';
import { parseHeaderBlock } from './header-block.js';
import { headersInOtherColumns, looksPrinted } from './header-prints.js';
import { IndexedRow, RowIndex } from '../read/indexed-row.js';
import { keyIdentity, redactedPath, redactText } from './redact.js';
import { parseHttpDate, parseTimestamp } from './timestamp.js';
import type { ZoneSpec } from './time-zone.js';
import { describeZoneHint, zonedFieldMs, zoneHintFor } from './zone-hint.js';

/** Options that change how records are read. */
export interface NormaliseOptions {
  /** Zone for timestamps written without one; null makes them an error. */
  readonly zone: ZoneSpec | null;
  /** Status for rows that carry none (`--status 429` for a list of throttled times); null makes them skips. */
  readonly defaultStatus?: number | null;
}

/** Returns a function that turns raw records into request events (or skips with a reason). */
export function createNormaliser(options: NormaliseOptions): (record: RawRecord) => NormaliseResult {
  // Every CSV row shares its header array, so map its columns once; other records by their field names.
  const byColumns = new WeakMap<readonly string[], Layout>();
  const byNames = new Map<string, Layout>();
  const layoutOf = (names: readonly string[], row?: RowIndex): Layout => {
    const columns = mapColumns(names);
    const mapped = new Set<string>(Object.values(columns));
    const headerColumns = names.filter(isHeaderColumn);
    const otherColumns = names.filter((name) => !mapped.has(name) && !isHeaderColumn(name));
    return {
      columns,
      headerColumns,
      otherColumns,
      ...(row && { at: positionsOf(columns, headerColumns, otherColumns, row) }),
    };
  };
  const layout = (record: RawRecord): Layout => {
    if (record.columns) {
      let found = byColumns.get(record.columns);
      if (!found) {
        const row = record.values && record.fields instanceof IndexedRow ? record.fields.index : undefined;
        byColumns.set(record.columns, (found = layoutOf(record.columns, row)));
      }
      return found;
    }
    const names = [...record.fields.keys()];
    const signature = names.join('\u0000');
    let found = byNames.get(signature);
    if (!found) {
      found = layoutOf(names);
      if (byNames.size < 64) byNames.set(signature, found);
    }
    return found;
  };
  // The latest time read per file: a zone's repeated fall-back hour is resolved by the log's own order.
  const latestByFile = new Map<string, number>();
  const memo = createMemo();
  return (record) => {
    const result = normaliseRecord(record, layout(record), options, latestByFile.get(record.source.file) ?? null, memo);
    if (result.ok && result.event.tsFrom === 'column') {
      const latest = latestByFile.get(record.source.file);
      if (latest === undefined || result.event.ts > latest) latestByFile.set(record.source.file, result.event.ts);
    }
    return result;
  };
}

interface Layout {
  readonly columns: ColumnMap;
  readonly headerColumns: readonly string[];
  /** Columns that are no logical field: one may hold a printed header dict. */
  readonly otherColumns: readonly string[];
  /** CSV rows: where each of the above sits in the row's values. */
  readonly at?: Positions;
}

/** Positions in a CSV row's values (−1: no such column). */
interface Positions {
  readonly time: number;
  readonly status: number;
  readonly method: number;
  readonly url: number;
  readonly requestId: number;
  readonly body: number;
  readonly key: number;
  readonly headers: number;
  /** The header columns by lower-cased name (the first of a repeated name), in column order. */
  readonly headerColumns: RowIndex;
  readonly otherColumns: readonly number[];
}

function positionsOf(
  columns: ColumnMap,
  headerColumns: readonly string[],
  otherColumns: readonly string[],
  row: RowIndex,
): Positions {
  const at = (name: string | undefined) => (name === undefined ? -1 : (row.positionOf(name) ?? -1));
  const names: string[] = [];
  const positions: number[] = [];
  for (const name of headerColumns) {
    const header = name.trim().toLowerCase();
    const position = row.positionOf(name);
    if (names.includes(header)) continue;
    names.push(header);
    // Never absent (a repeated name is skipped above); past the row's end it would read as '', as before.
    positions.push(position ?? 0x7fffffff);
  }
  return {
    time: at(columns.time),
    status: at(columns.status),
    method: at(columns.method),
    url: at(columns.url),
    requestId: at(columns.requestId),
    body: at(columns.body),
    key: at(columns.key),
    headers: at(columns.headers),
    headerColumns: new RowIndex(names, positions),
    otherColumns: otherColumns.map(at),
  };
}

// Successive rows repeat the same key, tenant and fault texts: what is derived from them is kept for the next.
const MEMO_ENTRIES = 256;

function createMemo() {
  const keys = new Map<string, string | null>();
  const bodies = new Map<string, ResponseBody>();
  const bounded = <T>(map: Map<string, T>, text: string, derive: (text: string) => T): T => {
    const known = map.get(text);
    if (known !== undefined) return known;
    const value = derive(text);
    if (map.size >= MEMO_ENTRIES) map.clear();
    map.set(text, value);
    return value;
  };
  return {
    keyIdentity: (text: string, secret: boolean): string | null =>
      bounded(keys, secret ? `s${text}` : `l${text}`, () => keyIdentity(text, secret)),
    // Bodies this short are faults, not data; longer ones are read afresh.
    readBody: (text: string): ResponseBody => (text.length > 1024 ? readBody(text) : bounded(bodies, text, readBody)),
  };
}

function normaliseRecord(
  record: RawRecord,
  layout: Layout,
  options: NormaliseOptions,
  latestMs: number | null,
  memo: ReturnType<typeof createMemo>,
): NormaliseResult {
  const { columns, headerColumns, at } = layout;
  const values = at ? record.values : undefined;
  const value = (position: number): string | undefined =>
    position < 0 ? undefined : ((values as readonly string[])[position] ?? '');
  const field = (name: string | undefined): string | undefined =>
    name === undefined ? undefined : record.fields.get(name);
  const source = record.source;

  const block = values && at ? value(at.headers) : field(columns.headers);
  let headers: ReadonlyMap<string, string>;
  if (values && at && record.headers === undefined && !block && !printedIn(values, at.otherColumns)) {
    // Only the header columns: read them in place.
    headers = new IndexedRow(values, at.headerColumns);
  } else if (
    record.headers !== undefined &&
    !block &&
    headerColumns.length === 0 &&
    (values && at ? !printedIn(values, at.otherColumns) : !printedInFields(record.fields, layout.otherColumns))
  ) {
    // Only the record's own headers (JSON, HAR): nothing to merge into them, so they are read as they are.
    headers = record.headers;
  } else {
    const built = new Map<string, string>(record.headers);
    if (block) {
      const parsed = parseHeaderBlock(block);
      if (!parsed) return skip('BAD_FIELD_TYPE', source, 'the headers column holds JSON whose values are not text');
      for (const [name, value] of parsed) if (!built.has(name)) built.set(name, value);
    }
    // One column per header; of two columns naming one header (in any case), the first is used, as for fields.
    const fromColumns = new Set<string>();
    for (const name of headerColumns) {
      const header = name.trim().toLowerCase();
      if (fromColumns.has(header)) continue;
      fromColumns.add(header);
      built.set(header, record.fields.get(name) ?? '');
    }
    headersInOtherColumns(record.fields, layout.otherColumns, built);
    headers = built;
  }

  const statusText = (
    (values && at ? value(at.status) : field(columns.status)) ??
    headers.get(':status') ??
    (options.defaultStatus == null ? '' : String(options.defaultStatus))
  ).trim();
  const status = threeDigits(statusText);
  if (status < 100 || status > 599) {
    if (statusText === '') return skip('NO_STATUS', source, 'no HTTP status');
    // The detail never quotes the cell: a shifted column may hold anything, a credential included.
    const detail =
      status >= 0 ? `status ${status} is outside 100–599` : 'the status is not a three-digit HTTP status code';
    return skip('BAD_STATUS', source, detail);
  }

  const dateHeader = headers.get('date');
  const serverDateMs = parseHttpDate(dateHeader);
  // A `Date` column that is not an HTTP date is the user's own time column (spreadsheet exports).
  const timeText =
    (values && at ? value(at.time) : field(columns.time)) ?? (serverDateMs === null ? dateHeader : undefined);
  let ts: number;
  let tsFrom: 'column' | 'date-header' = 'column';
  if (timeText !== undefined && timeText.trim() !== '') {
    const parsed = parseTimestamp(timeText, options.zone, latestMs);
    if (!parsed.ok && parsed.code === 'TIMESTAMP_WITHOUT_ZONE')
      return withoutZone(record, timeText, columns, serverDateMs, parsed.detail);
    if (!parsed.ok) return skip(parsed.code, source, parsed.detail);
    ts = parsed.ms;
  } else if (serverDateMs !== null) {
    ts = serverDateMs;
    tsFrom = 'date-header';
  } else {
    return skip('NO_TIMESTAMP', source, 'no time column value and no date header');
  }

  const counters = readCounters(headers);
  const badHeader = impossibleHeader(counters);
  if (badHeader) return skip('BAD_HEADER', source, badHeader);

  const keyText = values && at ? value(at.key) : field(columns.key);
  const bodyText = (values && at ? value(at.body) : field(columns.body)) ?? '';
  const urlText = values && at ? value(at.url) : field(columns.url);
  const requestIdText = (values && at ? value(at.requestId) : field(columns.requestId)) ?? headers.get('x-request-id');
  const retryAfter = headers.get('retry-after')?.trim();
  return {
    ok: true,
    event: new NormalisedEvent(
      source,
      ts,
      tsFrom,
      status,
      shortText(
        values && at ? value(at.method)?.trim().toUpperCase() : field(columns.method)?.trim().toUpperCase(),
        16,
      ),
      columns.url && urlText?.trim() ? urlText : null,
      requestIdText,
      keyText === undefined
        ? null
        : memo.keyIdentity(keyText, columns.key !== undefined && isSecretKeyColumn(columns.key)),
      counters,
      status >= 400 || mayBeThrottleBody(bodyText) ? memo.readBody(bodyText) : NO_BODY,
      serverDateMs,
      retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null,
    ),
  };
}

/**
 * A request event whose path and request id are redacted when first read: redacting a URL costs more than the rest
 * of the row, and only reported (throttled) rows show one. JSON gives every field, as a plain event would.
 */
class NormalisedEvent implements RequestEvent {
  readonly source: SourceRef;
  readonly ts: number;
  readonly tsFrom: 'column' | 'date-header';
  readonly status: number;
  readonly method: string | null;
  readonly keyId: string | null;
  readonly counters: Counters;
  readonly body: ResponseBody;
  readonly serverDateMs: number | null;
  readonly retryAfterS: number | null;
  #url: string | null;
  #path: string | null | undefined = undefined;
  #requestIdText: string | undefined;
  #requestId: string | null | undefined = undefined;

  constructor(
    source: SourceRef,
    ts: number,
    tsFrom: 'column' | 'date-header',
    status: number,
    method: string | null,
    url: string | null,
    requestIdText: string | undefined,
    keyId: string | null,
    counters: Counters,
    body: ResponseBody,
    serverDateMs: number | null,
    retryAfterS: number | null,
  ) {
    this.source = source;
    this.ts = ts;
    this.tsFrom = tsFrom;
    this.status = status;
    this.method = method;
    this.keyId = keyId;
    this.counters = counters;
    this.body = body;
    this.serverDateMs = serverDateMs;
    this.retryAfterS = retryAfterS;
    this.#url = url;
    this.#requestIdText = requestIdText;
  }

  get path(): string | null {
    if (this.#path === undefined) {
      this.#path = this.#url === null ? null : redactedPath(this.#url);
      this.#url = null;
    }
    return this.#path;
  }

  get requestId(): string | null {
    if (this.#requestId === undefined) {
      this.#requestId = readRequestId(this.#requestIdText?.trim());
      this.#requestIdText = undefined;
    }
    return this.#requestId;
  }

  toJSON(): RequestEvent {
    return {
      source: this.source,
      ts: this.ts,
      tsFrom: this.tsFrom,
      status: this.status,
      method: this.method,
      path: this.path,
      requestId: this.requestId,
      keyId: this.keyId,
      counters: this.counters,
      body: this.body,
      serverDateMs: this.serverDateMs,
      retryAfterS: this.retryAfterS,
    };
  }
}

const NO_BODY: ResponseBody = { kind: 'none' };

// The status as a number when the text is exactly three digits, else −1 (and −2 when it is not digits at all).
function threeDigits(text: string): number {
  if (text.length !== 3) return /^\d{3}$/.test(text) ? Number(text) : -2;
  const a = text.charCodeAt(0) - 48;
  const b = text.charCodeAt(1) - 48;
  const c = text.charCodeAt(2) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -2;
  return a * 100 + b * 10 + c;
}

// A printed header dict in a column that is no logical field means the headers must be merged row by row.
function printedIn(values: readonly string[], positions: readonly number[]): boolean {
  for (const position of positions) {
    const text = values[position];
    if (text && looksPrinted(text)) return true;
  }
  return false;
}

function printedInFields(fields: ReadonlyMap<string, string>, names: readonly string[]): boolean {
  for (const name of names) {
    const text = fields.get(name);
    if (text && looksPrinted(text)) return true;
  }
  return false;
}

// Never applied: the row's own Date header or zoned field only suggests which --tz would fit.
function withoutZone(
  record: RawRecord,
  timeText: string,
  columns: ColumnMap,
  serverDateMs: number | null,
  detail: string,
): NormaliseResult {
  const zonedMs = zonedFieldMs(record.fields, columns.time);
  const zoneHint =
    serverDateMs !== null
      ? zoneHintFor(timeText, serverDateMs, 'date-header')
      : zonedMs !== null
        ? zoneHintFor(timeText, zonedMs, 'zoned-field')
        : undefined;
  if (!zoneHint) return skip('TIMESTAMP_WITHOUT_ZONE', record.source, detail);
  const { relation, suggestion } = describeZoneHint(zoneHint);
  const text = `${detail.replace(/; pass --tz.*$/, '')}; it is ${relation}: ${suggestion}?`;
  return { ok: false, skip: { code: 'TIMESTAMP_WITHOUT_ZONE', source: record.source, detail: text, zoneHint } };
}

// Success bodies are data, not faults; parsing each one would dominate the run time on big logs.
function mayBeThrottleBody(text: string): boolean {
  return text.length > 0 && /fault|Throttl|Quota Exceeded|Spike/i.test(text.slice(0, 512));
}

// Rates the model divides by: zero or an absurd rate is a broken header, not a limit (Keap sends 5–25/s).
const MAX_SPIKE_RATE = 1_000_000;

function impossibleHeader(counters: Counters): string | null {
  const rate = counters.spikeLimit?.rate;
  if (rate === null || rate === undefined) return null;
  if (rate <= 0) return 'x-keap-product-spike-limit is 0: no limit allows nothing at all';
  if (rate > MAX_SPIKE_RATE) return `x-keap-product-spike-limit is above ${MAX_SPIKE_RATE.toLocaleString('en-US')}`;
  return null;
}

// A free-text field from the log: redacted first, then shortened, so no cut leaves half a secret.
function shortText(text: string | undefined, max: number): string | null {
  if (!text) return null;
  const redacted = redactText(text);
  return redacted.length > max ? `${redacted.slice(0, max - 3)}...` : redacted;
}

// Gateways write request ids as UUIDs: support needs them as sent, and a UUID is never a credential.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function readRequestId(text: string | undefined): string | null {
  return text && UUID.test(text) ? text : shortText(text, 128);
}

function skip(code: SkipCode, source: SourceRef, detail: string): NormaliseResult {
  return { ok: false, skip: { code, source, detail } };
}
