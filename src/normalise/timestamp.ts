// The two functions by their own paths: date-fns' index loads every one of its hundreds of modules.
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';
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

// Details name the shape of the problem, never the text: a misplaced column may hold a credential.
const UNREADABLE =
  'the time is in no format keap-throttle reads (ISO-8601 with Z or an offset, epoch s or ms, HTTP date)';

/**
 * Reads a log time: ISO-8601 with Z or offset, epoch s/ms, an HTTP date; zone-less forms need `zone`.
 * `latestMs`, the latest time already read from the same log, resolves the repeated fall-back hour by order.
 */
export function parseTimestamp(text: string, zone: ZoneSpec | null, latestMs: number | null = null): TimestampResult {
  const canonical = canonicalUtcMs(text);
  if (canonical !== null) return plausible(canonical);
  const value = text.trim();
  if (value === '') return { ok: false, code: 'BAD_TIMESTAMP', detail: 'empty time' };
  // Longer than any time format: not worth running patterns over.
  if (value.length > 64) return { ok: false, code: 'BAD_TIMESTAMP', detail: UNREADABLE };
  if (/^\d+(\.\d+)?$/.test(value)) return fromEpoch(value);
  const iso = ISO.exec(value);
  if (iso) return fromIso(iso, zone, latestMs);
  if (HTTP_DATE.test(value)) return plausible(Date.parse(value));
  for (const format of WALL_FORMATS) {
    const parsed = parse(value, format, new Date(2000, 0, 1));
    if (!isValid(parsed)) continue;
    if (!zone) return withoutZone();
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
        latestMs,
      ),
    );
  }
  return { ok: false, code: 'BAD_TIMESTAMP', detail: UNREADABLE };
}

// `2026-03-02T21:47:13.120Z`, as nearly every logger writes UTC: read digit by digit, the same value the ISO
// pattern gives; null for any other text (or an out-of-range field, which the pattern path words).
function canonicalUtcMs(text: string): number | null {
  if (text.length !== 24 || text.charCodeAt(23) !== 0x5a || text.charCodeAt(10) !== 0x54) return null;
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(19) !== 0x2e) return null;
  if (text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millisecond = digits(text, 20, 3);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23) return null;
  if (minute < 0 || minute > 59 || second < 0 || second > 60 || millisecond < 0) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
}

// The number written by `length` ASCII digits from `start`, or −1.
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function fromEpoch(value: string): TimestampResult {
  const number = Number(value);
  const integerDigits = value.split('.')[0]?.length ?? 0;
  // 10 digits are seconds (until 2286), 13 are milliseconds; anything else is ambiguous.
  if (integerDigits >= 9 && integerDigits <= 10) return plausible(Math.round(number * 1000));
  if (integerDigits >= 12 && integerDigits <= 13) return plausible(Math.round(number));
  return {
    ok: false,
    code: 'BAD_TIMESTAMP',
    detail: `a number of ${integerDigits} digits is neither epoch seconds (10) nor milliseconds (13)`,
  };
}

function fromIso(match: RegExpExecArray, zone: ZoneSpec | null, latestMs: number | null): TimestampResult {
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
  const outOfRange = (
    [
      ['month', wall.month < 1 || wall.month > 12],
      ['day', wall.day < 1 || wall.day > 31],
      ['hour', wall.hour > 23],
      ['minute', wall.minute > 59],
      ['second', wall.second > 60],
    ] as const
  ).find(([, bad]) => bad);
  if (outOfRange) return { ok: false, code: 'BAD_TIMESTAMP', detail: `the time's ${outOfRange[0]} is out of range` };
  if (offset === undefined) {
    if (!zone) return withoutZone();
    return plausible(wallTimeToUtc(wall, zone, latestMs));
  }
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  if (offset.toUpperCase() === 'Z') return plausible(asUtc);
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  return plausible(asUtc - sign * minutes * 60_000);
}

function withoutZone(): TimestampResult {
  return {
    ok: false,
    code: 'TIMESTAMP_WITHOUT_ZONE',
    detail: 'the time has no time zone; pass --tz (e.g. --tz America/Chicago or --tz UTC)',
  };
}

function plausible(ms: number): TimestampResult {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms >= MAX_MS) {
    return { ok: false, code: 'BAD_TIMESTAMP', detail: 'the time is outside the years 2000–2099' };
  }
  return { ok: true, ms };
}

/** Reads an HTTP `date` header (IMF-fixdate); null when absent or unreadable. */
export function parseHttpDate(text: string | undefined): number | null {
  if (text === undefined || !HTTP_DATE.test(text.trim())) return null;
  const ms = Date.parse(text.trim());
  return Number.isFinite(ms) ? ms : null;
}
