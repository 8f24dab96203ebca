import { describe, expect, it } from 'vitest';
import { parseHttpDate, parseTimestamp } from '../../src/normalise/timestamp.js';
import { parseZone } from '../../src/normalise/time-zone.js';

const chicago = parseZone('America/Chicago');

describe('parseTimestamp', () => {
  it.each([
    ['2026-03-02T21:47:13.120Z', Date.UTC(2026, 2, 2, 21, 47, 13, 120)],
    ['2026-03-02T21:47:13Z', Date.UTC(2026, 2, 2, 21, 47, 13)],
    ['2026-03-02 21:47:13.5Z', Date.UTC(2026, 2, 2, 21, 47, 13, 500)],
    ['2026-03-02T16:47:13-05:00', Date.UTC(2026, 2, 2, 21, 47, 13)],
    ['2026-03-02T23:17:13+0130', Date.UTC(2026, 2, 2, 21, 47, 13)],
    ['2026-03-02T21:47:13.123456789Z', Date.UTC(2026, 2, 2, 21, 47, 13, 123)],
    ['1723642702', Date.UTC(2024, 7, 14, 13, 38, 22)],
    ['1723642702.250', Date.UTC(2024, 7, 14, 13, 38, 22, 250)],
    ['1723642702250', Date.UTC(2024, 7, 14, 13, 38, 22, 250)],
    ['Wed, 14 Aug 2024 13:38:22 GMT', Date.UTC(2024, 7, 14, 13, 38, 22)],
  ])('reads %s as UTC', (text, expected) => {
    expect(parseTimestamp(text, null)).toEqual({ ok: true, ms: expected });
  });

  it('refuses a zone-less time without --tz and names the flag', () => {
    const result = parseTimestamp('7/8/22 4:38:14 PM', null);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('TIMESTAMP_WITHOUT_ZONE');
      expect(result.detail).toContain('--tz');
    }
  });

  it('reads the seed thread CDT times in America/Chicago (UTC-5 in July)', () => {
    expect(parseTimestamp('7/8/22 4:38:14 PM', chicago)).toEqual({ ok: true, ms: Date.UTC(2022, 6, 8, 21, 38, 14) });
    expect(parseTimestamp('7/12/22 10:34:13 PM', chicago)).toEqual({ ok: true, ms: Date.UTC(2022, 6, 13, 3, 34, 13) });
  });

  it('uses the zone offset in force on the date (CST in January)', () => {
    expect(parseTimestamp('2026-01-15 09:00:00', chicago)).toEqual({ ok: true, ms: Date.UTC(2026, 0, 15, 15, 0, 0) });
  });

  it('reads the nonexistent 02:30 of the 2026 spring-forward forward, as 03:30 CDT', () => {
    expect(parseTimestamp('2026-03-08 02:30:00', chicago)).toEqual({ ok: true, ms: Date.UTC(2026, 2, 8, 8, 30) });
    expect(parseTimestamp('3/8/2026 2:30:00 AM', chicago)).toEqual({ ok: true, ms: Date.UTC(2026, 2, 8, 8, 30) });
    expect(parseTimestamp('2026-03-08 01:59:59', chicago)).toEqual({ ok: true, ms: Date.UTC(2026, 2, 8, 7, 59, 59) });
    expect(parseTimestamp('2026-03-08 03:00:00', chicago)).toEqual({ ok: true, ms: Date.UTC(2026, 2, 8, 8, 0) });
  });

  it('reads the repeated fall-back hour by order: CDT first, CST once the local time steps back', () => {
    const cdt = Date.UTC(2026, 10, 1, 6, 30); // 01:30 CDT
    const cst = Date.UTC(2026, 10, 1, 7, 30); // 01:30 CST
    expect(parseTimestamp('2026-11-01 01:30:00', chicago)).toEqual({ ok: true, ms: cdt });
    // After 01:59 CDT the clock shows 01:00 again: the same wall time is now an hour later.
    expect(parseTimestamp('2026-11-01 01:30:00', chicago, Date.UTC(2026, 10, 1, 6, 20))).toEqual({ ok: true, ms: cdt });
    expect(parseTimestamp('2026-11-01 01:30:00', chicago, Date.UTC(2026, 10, 1, 6, 59))).toEqual({ ok: true, ms: cst });
    expect(parseTimestamp('2026-11-01 01:30:00', chicago, Date.UTC(2026, 10, 1, 7, 10))).toEqual({ ok: true, ms: cst });
    // A step back within a minute is rows written out of order, not the clock falling back.
    expect(parseTimestamp('2026-11-01 01:30:00', chicago, cdt + 45_000)).toEqual({ ok: true, ms: cdt });
  });

  it('names no input in its details (a shifted column may hold a credential)', () => {
    for (const text of ['Bearer Zq1SecretValue99', '2026-13-02 10:00:00', '123456', 'x'.repeat(100)]) {
      const result = parseTimestamp(text, null);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.detail).not.toContain(text.slice(0, 6));
    }
  });

  it('reads a fixed offset zone', () => {
    expect(parseTimestamp('2026-01-15 09:00:00', parseZone('+02:00'))).toEqual({
      ok: true,
      ms: Date.UTC(2026, 0, 15, 7, 0, 0),
    });
  });

  it.each(['yesterday', '', '12345', '2026-13-02T00:00:00Z', '99999999999999999', '1900-01-01T00:00:00Z'])(
    'rejects %j as BAD_TIMESTAMP',
    (text) => {
      const result = parseTimestamp(text, null);
      expect(result.ok ? 'ok' : result.code).toBe('BAD_TIMESTAMP');
    },
  );
});

describe('parseHttpDate', () => {
  it('reads an IMF-fixdate and rejects other shapes', () => {
    expect(parseHttpDate('Wed, 14 Aug 2024 13:38:22 GMT')).toBe(Date.UTC(2024, 7, 14, 13, 38, 22));
    expect(parseHttpDate('7/8/22 4:38:14 PM')).toBeNull();
    expect(parseHttpDate(undefined)).toBeNull();
  });
});

describe('parseZone', () => {
  it('knows UTC, offsets and IANA names and rejects nonsense', () => {
    expect(parseZone('UTC')).toEqual({ kind: 'fixed', offsetMinutes: 0, name: 'UTC' });
    expect(parseZone('-05:30')).toEqual({ kind: 'fixed', offsetMinutes: -330, name: '-05:30' });
    expect(parseZone('Europe/Berlin')).toEqual({ kind: 'iana', name: 'Europe/Berlin' });
    expect(parseZone('Mars/Olympus')).toBeNull();
  });
});
