import { isValid, parse } from 'date-fns';
import { wallTimeToUtc, type ZoneSpec } from './time-zone.js';

/** A parsed time (epoch ms UTC), or why the text is not one. */
export type TimestampResult =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly code: 'BAD_TIMESTAMP' | 'TIMESTAMP_WITHOUT_ZONE'; readonly detail: string };

// Plausible log years: guards against seconds read as ms and the like.
const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const HTTP_DATE = /^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} (GMT|UTC)$/;
// Spreadsheet and forum styles, all zone-less (the seeds' "7/8/22 4:38:14 PM" in CDT).
const WALL_FORMATS = [
  'M/d/yy h:mm:ss a',
  'M/d/yyyy h:mm:ss a',
  'M/d/yy H:mm:ss',
  'M/d/yyyy H:mm:ss',
  'M/d/yyyy H:mm',
  'yyyy/MM/dd HH:mm:ss',
  'dd.MM.yyyy HH:mm:ss',
];

/** Reads a log time: ISO-8601 with Z or offset, epoch s/ms, an HTTP date; zone-less forms need `zone`. */
export function parseTimestamp(text: string, zone: ZoneSpec | null): TimestampResult {
  const value = text.trim();
  if (value === '') return { ok: false, code: 'BAD_TIMESTAMP', detail: 'empty time' };
  if (/^\d+(\.\d+)?$/.test(value)) return fromEpoch(value);
  const iso = ISO.exec(value);
  if (iso) return fromIso(iso, value, zone);
  if (HTTP_DATE.test(value)) return plausible(Date.parse(value), value);
  for (const format of WALL_FORMATS) {
    const parsed = parse(value, format, new Date(2000, 0, 1));
    if (!isValid(parsed)) continue;
    if (!zone) return withoutZone(value);
    // date-fns builds a local Date: read its wall fields back, then place them in the user's zone.
    return plausible(
      wallTimeToUtc(
        {
          year: parsed.getFullYear(),
          month: parsed.getMonth() + 1,
          day: parsed.getDate(),
          hour: parsed.getHours(),
          minute: parsed.getMinutes(),
          second: parsed.getSeconds(),
          millisecond: 0,
        },
        zone,
      ),
      value,
    );
  }
  return { ok: false, code: 'BAD_TIMESTAMP', detail: `"${shorten(value)}" is not a time keap-throttle can read` };
}

function fromEpoch(value: string): TimestampResult {
  const number = Number(value);
  const integerDigits = value.split('.')[0]?.length ?? 0;
  // 10 digits are seconds (until 2286), 13 are milliseconds; anything else is ambiguous.
  if (integerDigits >= 9 && integerDigits <= 10) return plausible(Math.round(number * 1000), value);
  if (integerDigits >= 12 && integerDigits <= 13) return plausible(Math.round(number), value);
  return { ok: false, code: 'BAD_TIMESTAMP', detail: `"${shorten(value)}" is neither epoch seconds nor milliseconds` };
}

function fromIso(match: RegExpExecArray, value: string, zone: ZoneSpec | null): TimestampResult {
  const [, year, month, day, hour, minute, second = '0', fraction = '0', offset] = match;
  const millisecond = Number(fraction.padEnd(3, '0').slice(0, 3));
  const wall = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    millisecond,
  };
  if (
    wall.month < 1 ||
    wall.month > 12 ||
    wall.day < 1 ||
    wall.day > 31 ||
    wall.hour > 23 ||
    wall.minute > 59 ||
    wall.second > 60
  ) {
    return { ok: false, code: 'BAD_TIMESTAMP', detail: `"${shorten(value)}" has an out-of-range field` };
  }
  if (offset === undefined) {
    if (!zone) return withoutZone(value);
    return plausible(wallTimeToUtc(wall, zone), value);
  }
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  if (offset.toUpperCase() === 'Z') return plausible(asUtc, value);
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  return plausible(asUtc - sign * minutes * 60_000, value);
}

function withoutZone(value: string): TimestampResult {
  return {
    ok: false,
    code: 'TIMESTAMP_WITHOUT_ZONE',
    detail: `"${shorten(value)}" has no time zone; pass --tz (e.g. --tz America/Chicago or --tz UTC)`,
  };
}

function plausible(ms: number, value: string): TimestampResult {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms >= MAX_MS) {
    return { ok: false, code: 'BAD_TIMESTAMP', detail: `"${shorten(value)}" is outside 2000–2099` };
  }
  return { ok: true, ms };
}

function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}

/** Reads an HTTP `date` header (IMF-fixdate); null when absent or unreadable. */
export function parseHttpDate(text: string | undefined): number | null {
  if (text === undefined || !HTTP_DATE.test(text.trim())) return null;
  const ms = Date.parse(text.trim());
  return Number.isFinite(ms) ? ms : null;
}
