import { IndexedRow, type RowIndex } from '../read/indexed-row.js';
import { redactText } from './redact.js';
import type { CounterSnapshot, Counters, HeaderGeneration, Mutable, QuotaSnapshot, SpikeLimit } from '../types.js';

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

// Every header the counters read, by slot: quota fields 0–4 and expiry 5, throttle 6–10 (each the x-keap name,
// else the x-apigee one), tenant 11–15, spike limit 16, tenant id 17.
const PRODUCT_SLOTS: readonly HeaderNames[] = [...QUOTA_NAMES, EXPIRY_NAMES, ...THROTTLE_NAMES];
const PLAIN_SLOTS: readonly string[] = [...TENANT_NAMES, 'x-keap-product-spike-limit', 'x-keap-tenant-id'];
const QUOTA_SLOT = 0;
const EXPIRY_SLOT = 5;
const THROTTLE_SLOT = 6;
const TENANT_SLOT = 11;
const SPIKE_SLOT = 16;
const TENANT_ID_SLOT = 17;
const SLOTS = PRODUCT_SLOTS.length + PLAIN_SLOTS.length;

/** One response's header text per slot. */
interface SlotReader {
  text(slot: number): string | undefined;
}

class MapSlots implements SlotReader {
  private readonly headers: ReadonlyMap<string, string>;
  constructor(headers: ReadonlyMap<string, string>) {
    this.headers = headers;
  }
  text(slot: number): string | undefined {
    if (slot >= PRODUCT_SLOTS.length) return this.headers.get(PLAIN_SLOTS[slot - PRODUCT_SLOTS.length] as string);
    const names = PRODUCT_SLOTS[slot] as HeaderNames;
    return this.headers.get(names.keap) ?? this.headers.get(names.apigee);
  }
}

// A CSV file's header columns are the same on every row: each slot's position is worked out once per file.
class RowSlots implements SlotReader {
  private readonly row: IndexedRow;
  private readonly positions: Int32Array;
  constructor(row: IndexedRow, positions: Int32Array) {
    this.row = row;
    this.positions = positions;
  }
  text(slot: number): string | undefined {
    const position = this.positions[slot] as number;
    return position < 0 ? undefined : this.row.valueAt(position);
  }
}

const slotPositions = new WeakMap<RowIndex, Int32Array>();

function positionsFor(index: RowIndex): Int32Array {
  let positions = slotPositions.get(index);
  if (positions) return positions;
  positions = new Int32Array(SLOTS);
  PRODUCT_SLOTS.forEach((names, slot) => {
    (positions as Int32Array)[slot] = index.positionOf(names.keap) ?? index.positionOf(names.apigee) ?? -1;
  });
  PLAIN_SLOTS.forEach((name, k) => {
    (positions as Int32Array)[PRODUCT_SLOTS.length + k] = index.positionOf(name) ?? -1;
  });
  slotPositions.set(index, positions);
  return positions;
}

/** Reads every Keap/Apigee counter family from lower-cased response headers. */
export function readCounters(headers: ReadonlyMap<string, string>): Counters {
  const slots =
    headers instanceof IndexedRow ? new RowSlots(headers, positionsFor(headers.index)) : new MapSlots(headers);
  const generation = generationOf(headers);
  const productQuota = readQuota(slots);
  const productThrottle = readFamily(slots, THROTTLE_SLOT);
  const [tenantMinute, tenantDay] = readTenant(slots);
  const spikeText = slots.text(SPIKE_SLOT);
  const tenantId = shortText(slots.text(TENANT_ID_SLOT)?.trim());
  // Built in the order the report has always listed them; absent families stay absent.
  const counters: Mutable<Counters> = { generation };
  if (productQuota) counters.productQuota = productQuota;
  if (productThrottle) counters.productThrottle = productThrottle;
  if (tenantMinute) counters.tenantMinute = tenantMinute;
  if (tenantDay) counters.tenantDay = tenantDay;
  if (spikeText !== undefined) counters.spikeLimit = spikeLimitOf(spikeText);
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

function readFamily(slots: SlotReader, first: number): CounterSnapshot | undefined {
  const limit = slots.text(first);
  const used = slots.text(first + 1);
  const available = slots.text(first + 2);
  const timeUnit = slots.text(first + 3);
  const interval = slots.text(first + 4);
  if (noneGiven(limit, used, available, timeUnit, interval)) return undefined;
  return windowOf(limit, used, available, timeUnit, interval);
}

// Five texts of one family, not an array of them: this runs for every family of every row.
function noneGiven(
  limit: string | undefined,
  used: string | undefined,
  available: string | undefined,
  timeUnit: string | undefined,
  interval: string | undefined,
): boolean {
  return (
    limit === undefined &&
    used === undefined &&
    available === undefined &&
    timeUnit === undefined &&
    interval === undefined
  );
}

function windowOf(
  limit: string | undefined,
  used: string | undefined,
  available: string | undefined,
  timeUnit: string | undefined,
  interval: string | undefined,
): CounterSnapshot {
  return {
    limit: readInteger(limit),
    used: readInteger(used),
    available: readInteger(available),
    timeUnit: readText(timeUnit),
    interval: readInteger(interval),
  };
}

function readQuota(slots: SlotReader): QuotaSnapshot | undefined {
  const family = readFamily(slots, QUOTA_SLOT);
  const expiryText = slots.text(EXPIRY_SLOT)?.trim();
  if (!family && expiryText === undefined) return undefined;
  const base = family ?? NO_FAMILY;
  let expiryMs: number | null = null;
  let expiryRaw: string | null = null;
  // The docs' example `158663200` is neither seconds nor ms of a real date: keep the text, trust nothing.
  if (expiryText !== undefined && expiryText !== '') {
    if (EPOCH_MS.test(expiryText)) expiryMs = Number(expiryText);
    else expiryRaw = shortText(expiryText);
  }
  return {
    limit: base.limit,
    used: base.used,
    available: base.available,
    timeUnit: base.timeUnit,
    interval: base.interval,
    expiryMs,
    expiryRaw,
  };
}

const NO_FAMILY: CounterSnapshot = { limit: null, used: null, available: null, timeUnit: null, interval: null };

// Since 2026-06 the tenant family is `minute|day` pipe-delimited; before, a scalar minute window.
function readTenant(slots: SlotReader): [CounterSnapshot | undefined, CounterSnapshot | undefined] {
  const limit = slots.text(TENANT_SLOT);
  const used = slots.text(TENANT_SLOT + 1);
  const available = slots.text(TENANT_SLOT + 2);
  const unit = slots.text(TENANT_SLOT + 3);
  const interval = slots.text(TENANT_SLOT + 4);
  if (noneGiven(limit, used, available, unit, interval)) return NO_TENANT;
  if (!piped(limit) && !piped(used) && !piped(available) && !piped(unit) && !piped(interval)) {
    // One window (no pipes): the minute window unless its unit says otherwise.
    const window = windowOf(limit, used, available, unit, interval);
    const minute = window.timeUnit === 'minute' || window.timeUnit === null ? window : undefined;
    return [minute, window.timeUnit === 'day' ? window : undefined];
  }
  // Keap sends two windows; a few more are tolerated, a flood of pipes is not a reason to allocate.
  const columns = [limit, used, available, unit, interval].map((text) => text?.split('|', 4));
  const [limits, useds, availables, units, intervals] = columns;
  const width = Math.max(...columns.map((column) => column?.length ?? 0));
  const windows: CounterSnapshot[] = [];
  for (let index = 0; index < width; index++) {
    windows.push({
      limit: readInteger(limits?.[index]),
      used: readInteger(useds?.[index]),
      available: readInteger(availables?.[index]),
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

const NO_TENANT: [undefined, undefined] = [undefined, undefined];

function piped(text: string | undefined): boolean {
  return text !== undefined && text.includes('|');
}

// Successive responses carry the same spike limit: its reading (never changed by anyone) is kept for the next.
let lastSpikeText: string | null = null;
let lastSpikeLimit: SpikeLimit | null = null;

function spikeLimitOf(text: string): SpikeLimit {
  if (text !== lastSpikeText || lastSpikeLimit === null) {
    lastSpikeLimit = readSpikeLimit(text);
    lastSpikeText = text;
  }
  return lastSpikeLimit;
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
