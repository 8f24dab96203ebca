/** `1500ms`, `1.5s`, `2m` or a bare number of ms → milliseconds; null when unreadable. */
export function parseDurationMs(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = (match[2] ?? 'ms').toLowerCase();
  return unit === 's' ? value * 1000 : unit === 'm' ? value * 60_000 : value;
}
