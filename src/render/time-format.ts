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

/** A zone as the report names it: an IANA name or a fixed offset (plain data from the CLI's --tz). */
export type DisplayZone =
  | { readonly kind: 'fixed'; readonly offsetMinutes: number; readonly name: string }
  | { readonly kind: 'iana'; readonly name: string };

/** Epoch ms → local wall time in `zone` with its offset (`2026-02-18 08:00:40 -06:00`). */
export function zonedTime(ms: number, zone: DisplayZone): string {
  const offsetMinutes = zone.kind === 'fixed' ? zone.offsetMinutes : ianaOffsetMinutes(ms, zone.name);
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().replace('T', ' ').slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local} ${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

// The zone's offset at that instant, from the platform's time-zone data.
function ianaOffsetMinutes(ms: number, name: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}
