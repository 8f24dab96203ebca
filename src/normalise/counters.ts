import { IndexedRow, type RowIndex } from '../read/indexed-row.js';
import { redactText } from './redact.js';
import type { CounterSnapshot, Counters, HeaderGeneration, QuotaSnapshot, SpikeLimit } from '../types.js';

// Pre-Oct-2022 responses used X-Apigee-Product-*; during the transition both were sent (domain §2.5).
const PREFIXES = { keap: 'x-keap-product-', apigee: 'x-apigee-product-' } as const;
const FIELDS = ['limit', 'used', 'available', 'time-unit', 'interval'] as const;
// Header names built once: this runs for every row of logs with millions of rows.
interface HeaderNames {
  readonly keap: string;
  readonly apigee: string;
}
const namesFor = (family: string, field: string): HeaderNames => ({
  keap: `${PREFIXES.keap}${family}-${field}`,
  apigee: `${PREFIXES.apigee}${family}-${field}`,
});
const THROTTLE_NAMES = FIELDS.map((field) => namesFor('throttle', field));
const QUOTA_NAMES = FIELDS.map((field) => namesFor('quota', field));
const EXPIRY_NAMES = namesFor('quota', 'expiry-time');
const TENANT_NAMES = FIELDS.map((field) => `x-keap-tenant-throttle-${field}`);
// The expiry of a daily bucket is the next UTC midnight in epoch ms: 13 digits from 2001 to 2286.
const EPOCH_MS = /^\d{13}$/;

/** Reads every Keap/Apigee counter family from lower-cased response headers. */
export function readCounters(headers: ReadonlyMap<string, string>): Counters {
  const generation = generationOf(headers);
  const get = (names: HeaderNames): string | undefined => headers.get(names.keap) ?? headers.get(names.apigee);

  const productQuota = readQuota(get);
  const productThrottle = readFamily(THROTTLE_NAMES, get);
  const [tenantMinute, tenantDay] = readTenant(headers);
  const spikeText = headers.get('x-keap-product-spike-limit');
  const tenantId = shortText(headers.get('x-keap-tenant-id')?.trim());
  // Built in the order the report has always listed them; absent families stay absent.
  const counters: { -readonly [K in keyof Counters]: Counters[K] } = { generation };
  if (productQuota) counters.productQuota = productQuota;
  if (productThrottle) counters.productThrottle = productThrottle;
  if (tenantMinute) counters.tenantMinute = tenantMinute;
  if (tenantDay) counters.tenantDay = tenantDay;
  if (spikeText !== undefined) counters.spikeLimit = readSpikeLimit(spikeText);
  if (tenantId) counters.tenantId = tenantId;
  return counters;
}

// Rows of one CSV file share their header names: the generation they imply is worked out once.
const generationByIndex = new WeakMap<RowIndex, HeaderGeneration>();

function generationOf(headers: ReadonlyMap<string, string>): HeaderGeneration {
  if (headers instanceof IndexedRow) {
    let known = generationByIndex.get(headers.index);
    if (known === undefined) generationByIndex.set(headers.index, (known = generationOfNames(headers.index.names)));
    return known;
  }
  return generationOfNames(headers.keys());
}

function generationOfNames(names: Iterable<string>): HeaderGeneration {
  let hasKeap = false;
  let hasApigee = false;
  for (const name of names) {
    if (name.startsWith('x-keap-')) hasKeap = true;
    else if (name.startsWith('x-apigee-')) hasApigee = true;
  }
  return hasKeap && hasApigee ? 'both' : hasKeap ? 'x-keap' : hasApigee ? 'x-apigee' : 'none';
}

function readFamily(
  names: readonly HeaderNames[],
  get: (names: HeaderNames) => string | undefined,
): CounterSnapshot | undefined {
  const limit = get(names[0] as HeaderNames);
  const used = get(names[1] as HeaderNames);
  const available = get(names[2] as HeaderNames);
  const timeUnit = get(names[3] as HeaderNames);
  const interval = get(names[4] as HeaderNames);
  if (
    limit === undefined &&
    used === undefined &&
    available === undefined &&
    timeUnit === undefined &&
    interval === undefined
  )
    return undefined;
  return {
    limit: readInteger(limit),
    used: readInteger(used),
    available: readInteger(available),
    timeUnit: readText(timeUnit),
    interval: readInteger(interval),
  };
}

function readQuota(get: (names: HeaderNames) => string | undefined): QuotaSnapshot | undefined {
  const family = readFamily(QUOTA_NAMES, get);
  const expiryText = get(EXPIRY_NAMES)?.trim();
  if (!family && expiryText === undefined) return undefined;
  const base = family ?? { limit: null, used: null, available: null, timeUnit: null, interval: null };
  if (expiryText === undefined || expiryText === '') return { ...base, expiryMs: null, expiryRaw: null };
  // The docs' example `158663200` is neither seconds nor ms of a real date: keep the text, trust nothing.
  if (EPOCH_MS.test(expiryText)) return { ...base, expiryMs: Number(expiryText), expiryRaw: null };
  return { ...base, expiryMs: null, expiryRaw: shortText(expiryText) };
}

// Since 2026-06 the tenant family is `minute|day` pipe-delimited; before, a scalar minute window.
function readTenant(headers: ReadonlyMap<string, string>): [CounterSnapshot | undefined, CounterSnapshot | undefined] {
  const texts = TENANT_NAMES.map((name) => headers.get(name));
  if (texts.every((text) => text === undefined)) return [undefined, undefined];
  if (texts.every((text) => text === undefined || !text.includes('|'))) {
    // One window (no pipes): the minute window unless its unit says otherwise.
    const [limit, used, available, unit, interval] = texts;
    const window: CounterSnapshot = {
      limit: readInteger(limit),
      used: readInteger(used),
      available: readInteger(available),
      timeUnit: readText(unit),
      interval: readInteger(interval),
    };
    const minute = window.timeUnit === 'minute' || window.timeUnit === null ? window : undefined;
    return [minute, window.timeUnit === 'day' ? window : undefined];
  }
  // Keap sends two windows; a few more are tolerated, a flood of pipes is not a reason to allocate.
  const columns = texts.map((text) => text?.split('|', 4));
  const [limits, used, available, units, intervals] = columns;
  const width = Math.max(...columns.map((column) => column?.length ?? 0));
  const windows: CounterSnapshot[] = [];
  for (let index = 0; index < width; index++) {
    windows.push({
      limit: readInteger(limits?.[index]),
      used: readInteger(used?.[index]),
      available: readInteger(available?.[index]),
      timeUnit: readText(units?.[index]) ?? (width === 2 ? (index === 0 ? 'minute' : 'day') : null),
      interval: readInteger(intervals?.[index]),
    });
  }
  const minute =
    windows.find((window) => window.timeUnit === 'minute') ??
    (width === 1 && windows[0]?.timeUnit === null ? windows[0] : undefined);
  const day = windows.find((window) => window.timeUnit === 'day');
  return [minute, day];
}

/** `10ps` → 10 per second; `300pm` → per minute; empty (as Keap sends since 2026) → rate null. */
export function readSpikeLimit(text: string): SpikeLimit {
  const raw = shortText(text.trim());
  const match = /^(\d+)\s*(ps|pm)$/i.exec(raw);
  if (!match) return { raw, rate: null, unit: null };
  return { raw, rate: Number(match[1]), unit: match[2]?.toLowerCase() === 'pm' ? 'minute' : 'second' };
}

// Header values reach the report only as short redacted text.
function shortText(text: string | undefined): string {
  if (!text) return '';
  const redacted = redactText(text);
  return redacted.length > 64 ? `${redacted.slice(0, 61)}...` : redacted;
}

// An integer as /^-?\d+$/ reads it after trimming, else null; plain digit runs skip the regex.
function readInteger(text: string | undefined): number | null {
  if (text === undefined) return null;
  const length = text.length;
  if (length > 0 && length < 16) {
    let value = 0;
    let i = 0;
    for (; i < length; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (i === length) return value;
  }
  const trimmed = text.trim();
  if (!trimmed || !/^-?\d+$/.test(trimmed)) return null;
  return Number(trimmed);
}

function readText(text: string | undefined): string | null {
  const trimmed = text?.trim().toLowerCase();
  return trimmed ? shortText(trimmed) : null;
}
