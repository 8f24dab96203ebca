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
