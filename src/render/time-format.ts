import { offsetText, zoneOffsetMs, type ZoneSpec } from '../normalise/time-zone.js';

/** Epoch ms → ISO-8601 UTC with milliseconds (`2026-03-02T21:47:13.120Z`). */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

/** Epoch ms → a short UTC label for tables (`2026-03-02 21:47:13Z`). */
export function shortUtc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** A duration in ms as `6 d 4 h`, `3 min 12 s`, `850 ms`. */
export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  const units: [number, string][] = [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, name] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
  }
  return parts.join(' ');
}

/** A count with thousands separators, locale-independent. */
export function count(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A zone as the report names it: the --tz the CLI parsed. */
export type DisplayZone = ZoneSpec;

/** Epoch ms → local wall time in `zone` with its offset (`2026-02-18 08:00:40 -06:00`). */
export function zonedTime(ms: number, zone: DisplayZone): string {
  const offsetMinutes = zone.kind === 'fixed' ? zone.offsetMinutes : Math.round(zoneOffsetMs(ms, zone.name) / 60_000);
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().replace('T', ' ').slice(0, 19);
  return `${local} ${offsetText(offsetMinutes)}`;
}
