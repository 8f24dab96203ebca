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
