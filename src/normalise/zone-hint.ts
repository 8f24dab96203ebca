import type { ZoneHint } from '../types.js';
import { offsetText } from './time-zone.js';
import { parseTimestamp } from './timestamp.js';

const AS_UTC = { kind: 'fixed', offsetMinutes: 0, name: 'UTC' } as const;
// Offsets come in quarter hours (Nepal +05:45 included); a log line and its response's Date differ by seconds.
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_RESIDUAL_MS = 3 * 60_000;
const MAX_OFFSET_MINUTES = 14 * 60;
// Zones Keap integrators run servers in, in the order a suggestion prefers them; the first with the offset wins.
const COMMON_ZONES = [
  'UTC',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Halifax',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Athens',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Brisbane',
  'Australia/Sydney',
  'Pacific/Auckland',
];
const ZONED_ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}([.,]\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;

/** The offset that would make a zone-less `timeText` agree with `referenceMs` (the row's Date or a zoned field). */
export function zoneHintFor(timeText: string, referenceMs: number, from: ZoneHint['from']): ZoneHint | undefined {
  const wall = parseTimestamp(timeText, AS_UTC);
  if (!wall.ok) return undefined;
  const differenceMs = wall.ms - referenceMs;
  const quarters = Math.round(differenceMs / QUARTER_HOUR_MS);
  if (Math.abs(differenceMs - quarters * QUARTER_HOUR_MS) > MAX_RESIDUAL_MS) return undefined;
  const offsetMinutes = quarters * 15;
  if (Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) return undefined;
  return {
    offsetMinutes,
    zone: COMMON_ZONES.find((zone) => offsetAt(zone, referenceMs) === offsetMinutes) ?? null,
    from,
  };
}

/** The instant of the first other field that holds an ISO time with a zone, or null. */
export function zonedFieldMs(fields: ReadonlyMap<string, string>, except: string | undefined): number | null {
  for (const [name, value] of fields) {
    if (name === except || !ZONED_ISO.test(value.trim())) continue;
    const parsed = parseTimestamp(value, null);
    if (parsed.ok) return parsed.ms;
  }
  return null;
}

/** The hint in words, for a skip detail or an error: how far the times are from the reference, and which --tz fits. */
export function describeZoneHint(hint: ZoneHint): { readonly relation: string; readonly suggestion: string } {
  const against = hint.from === 'date-header' ? "the row's Date header" : 'a zoned time in the same row';
  if (hint.offsetMinutes === 0) return { relation: `the same as ${against} read as UTC`, suggestion: '--tz UTC' };
  const hours = Math.abs(hint.offsetMinutes) / 60;
  const amount = `${Number.isInteger(hours) ? hours : hours.toFixed(2)} h`;
  const fixed = offsetText(hint.offsetMinutes);
  return {
    relation: `${amount} ${hint.offsetMinutes < 0 ? 'behind' : 'ahead of'} ${against}`,
    suggestion: hint.zone ? `--tz ${hint.zone} (or --tz ${fixed})` : `--tz ${fixed}`,
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetAt(zone: string, ms: number): number {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    formatters.set(zone, formatter);
  }
  const name = formatter.formatToParts(new Date(ms)).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}
