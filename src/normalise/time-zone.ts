/** How to read wall-clock times that carry no zone: a fixed offset or an IANA zone. */
export type ZoneSpec =
  | { readonly kind: 'fixed'; readonly offsetMinutes: number; readonly name: string }
  | { readonly kind: 'iana'; readonly name: string };

/** Parses `UTC`, `Z`, `+05:30`, `-0500` or an IANA name (America/Chicago); null when unknown. */
export function parseZone(text: string): ZoneSpec | null {
  const trimmed = text.trim();
  if (/^(utc|z|gmt)$/i.test(trimmed)) return { kind: 'fixed', offsetMinutes: 0, name: 'UTC' };
  const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(trimmed);
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3]);
    return { kind: 'fixed', offsetMinutes: offset[1] === '-' ? -minutes : minutes, name: trimmed };
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: trimmed });
    return { kind: 'iana', name: trimmed };
  } catch {
    return null;
  }
}

/** Wall-clock fields in a zone → epoch ms UTC (DST gaps resolve forward, overlaps to the first instant). */
export function wallTimeToUtc(wall: WallTime, zone: ZoneSpec): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  if (zone.kind === 'fixed') return asUtc - zone.offsetMinutes * 60_000;
  // The offset at the guess may differ from the offset at the answer across a DST change: correct once.
  const first = asUtc - zoneOffsetMs(asUtc, zone.name);
  return asUtc - zoneOffsetMs(first, zone.name);
}

/** A date and time as read off a clock, without a zone. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneOffsetMs(utcMs: number, zone: string): number {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(utcMs))) parts[part.type] = Number(part.value);
  const shown = Date.UTC(
    parts['year'] ?? 0,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
  return shown - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}
