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

/** An offset in minutes as parseZone reads it back: `+05:30`, `-06:00`. */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
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

// A step back this small is rows written a little out of order (the timeline re-sorts a minute), not the
// clock falling back an hour.
export const REPEATED_HOUR_STEP_BACK_MS = 60_000;

/**
 * Wall-clock fields in a zone → epoch ms UTC. A time in a spring-forward gap does not exist and resolves
 * forward (02:30 → 03:30 on the new offset). A time in the repeated fall-back hour resolves by the log's
 * order: the earlier offset, unless that would put it more than a minute before `latestMs` (the latest
 * time already read from the same log), which means the clock has stepped back, so the later offset.
 */
export function wallTimeToUtc(wall: WallTime, zone: ZoneSpec, latestMs: number | null = null): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  if (zone.kind === 'fixed') return asUtc - zone.offsetMinutes * 60_000;
  // Real zones change offset at most once within a day: the offsets a day either side bracket any change.
  const before = zoneOffsetMs(asUtc - 86_400_000, zone.name);
  const after = zoneOffsetMs(asUtc + 86_400_000, zone.name);
  const candidates = [...new Set([before, after])]
    .map((offset) => ({ offset, instant: asUtc - offset }))
    .filter((candidate) => zoneOffsetMs(candidate.instant, zone.name) === candidate.offset)
    .map((candidate) => candidate.instant)
    .sort((a, b) => a - b);
  const [earlier, later] = candidates;
  // No instant shows this wall time: it is in the gap, so read it with the offset before the change.
  if (earlier === undefined) return asUtc - before;
  if (later === undefined || latestMs === null) return earlier;
  return earlier < latestMs - REPEATED_HOUR_STEP_BACK_MS ? later : earlier;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
// Offsets by zone and UTC minute: logs hold many rows per minute and Intl formatting is slow.
const offsetCache = new Map<string, number>();
const OFFSET_CACHE_SIZE = 4096;

/** An IANA zone's offset from UTC at an instant, in ms. */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  const minute = Math.floor(utcMs / 60_000);
  const key = `${zone} ${minute}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const offset = computeOffsetMs(minute * 60_000, zone);
  if (offsetCache.size >= OFFSET_CACHE_SIZE) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

function computeOffsetMs(utcMs: number, zone: string): number {
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
  return shown - utcMs;
}
