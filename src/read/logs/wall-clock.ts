const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** An ISO-like log time as milliseconds for comparing lines of one log (a missing zone is read as UTC); null otherwise. */
export function wallClockMs(text: string | null): number | null {
  const match = text === null ? null : ISO.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction = '0', zone] = match;
  const ms = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  );
  if (!zone || zone.toUpperCase() === 'Z') return ms;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return ms - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}
