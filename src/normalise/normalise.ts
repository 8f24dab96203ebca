import type { Counters, NormaliseResult, RawRecord, SkipCode, SourceRef } from '../types.js';
import { readBody } from './body.js';
import { isHeaderColumn, isSecretKeyColumn, mapColumns, type ColumnMap } from './columns.js';
import { readCounters } from './counters.js';
import { parseHeaderBlock } from './header-block.js';
import { headersInOtherColumns } from './header-prints.js';
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
  const layoutOf = (names: readonly string[]): Layout => {
    const columns = mapColumns(names);
    const mapped = new Set<string>(Object.values(columns));
    return {
      columns,
      headerColumns: names.filter(isHeaderColumn),
      otherColumns: names.filter((name) => !mapped.has(name) && !isHeaderColumn(name)),
    };
  };
  const layout = (record: RawRecord): Layout => {
    if (record.columns) {
      let found = byColumns.get(record.columns);
      if (!found) byColumns.set(record.columns, (found = layoutOf(record.columns)));
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
  return (record) => {
    const result = normaliseRecord(record, layout(record), options, latestByFile.get(record.source.file) ?? null);
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
}

function normaliseRecord(
  record: RawRecord,
  layout: Layout,
  options: NormaliseOptions,
  latestMs: number | null,
): NormaliseResult {
  const { columns, headerColumns } = layout;
  const field = (name: string | undefined): string | undefined =>
    name === undefined ? undefined : record.fields.get(name);
  const source = record.source;

  const headers = new Map<string, string>(record.headers);
  const block = field(columns.headers);
  if (block) {
    const parsed = parseHeaderBlock(block);
    if (!parsed) return skip('BAD_FIELD_TYPE', source, 'the headers column holds JSON whose values are not text');
    for (const [name, value] of parsed) if (!headers.has(name)) headers.set(name, value);
  }
  // One column per header; of two columns naming one header (in any case), the first is used, as for fields.
  const fromColumns = new Set<string>();
  for (const name of headerColumns) {
    const header = name.trim().toLowerCase();
    if (fromColumns.has(header)) continue;
    fromColumns.add(header);
    headers.set(header, record.fields.get(name) ?? '');
  }
  headersInOtherColumns(record.fields, layout.otherColumns, headers);

  const statusText = (
    field(columns.status) ??
    headers.get(':status') ??
    (options.defaultStatus == null ? '' : String(options.defaultStatus))
  ).trim();
  const status = Number(statusText);
  if (!/^\d{3}$/.test(statusText) || status < 100 || status > 599) {
    if (statusText === '') return skip('NO_STATUS', source, 'no HTTP status');
    // The detail never quotes the cell: a shifted column may hold anything, a credential included.
    const detail = /^\d{3}$/.test(statusText)
      ? `status ${status} is outside 100–599`
      : 'the status is not a three-digit HTTP status code';
    return skip('BAD_STATUS', source, detail);
  }

  const dateHeader = headers.get('date');
  const serverDateMs = parseHttpDate(dateHeader);
  // A `Date` column that is not an HTTP date is the user's own time column (spreadsheet exports).
  const timeText = field(columns.time) ?? (serverDateMs === null ? dateHeader : undefined);
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

  const keyText = field(columns.key);
  const bodyText = field(columns.body) ?? '';
  const retryAfter = headers.get('retry-after')?.trim();
  return {
    ok: true,
    event: {
      source,
      ts,
      tsFrom,
      status,
      method: shortText(field(columns.method)?.trim().toUpperCase(), 16),
      path: columns.url && field(columns.url)?.trim() ? redactedPath(field(columns.url) ?? '') : null,
      requestId: requestIdText((field(columns.requestId) ?? headers.get('x-request-id'))?.trim()),
      keyId:
        keyText === undefined
          ? null
          : keyIdentity(keyText, columns.key !== undefined && isSecretKeyColumn(columns.key)),
      counters,
      body: status >= 400 || mayBeThrottleBody(bodyText) ? readBody(bodyText) : { kind: 'none' },
      serverDateMs,
      retryAfterS: retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null,
    },
  };
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

function requestIdText(text: string | undefined): string | null {
  return text && UUID.test(text) ? text : shortText(text, 128);
}

function skip(code: SkipCode, source: SourceRef, detail: string): NormaliseResult {
  return { ok: false, skip: { code, source, detail } };
}
