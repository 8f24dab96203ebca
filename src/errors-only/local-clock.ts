import type { ZoneSpec } from '../normalise/time-zone.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Hour (0–23) and weekday (0 = Sunday) of an instant on the zone's clock. */
export function localClock(ts: number, zone: ZoneSpec): { readonly hour: number; readonly weekday: number } {
  if (zone.kind === 'fixed') {
    const shifted = new Date(ts + zone.offsetMinutes * 60_000);
    return { hour: shifted.getUTCHours(), weekday: shifted.getUTCDay() };
  }
  let formatter = formatters.get(zone.name);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone.name,
      hourCycle: 'h23',
      hour: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone.name, formatter);
  }
  const parts = formatter.formatToParts(new Date(ts));
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? 0) % 24;
  const weekday = WEEKDAYS.indexOf(parts.find((part) => part.type === 'weekday')?.value ?? 'Sun');
  return { hour, weekday: Math.max(0, weekday) };
}
