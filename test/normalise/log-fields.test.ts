import { describe, expect, it } from 'vitest';
import { parseHeaderBlock } from '../../src/normalise/header-block.js';
import { parseMessageRate } from '../../src/normalise/message-rate.js';
import { createNormaliser } from '../../src/normalise/normalise.js';
import { describeZoneHint, zoneHintFor } from '../../src/normalise/zone-hint.js';
import type { RawRecord } from '../../src/types.js';

const record = (fields: Record<string, string>, headers?: Record<string, string>): RawRecord => ({
  source: { file: 'app.log', line: 3 },
  fields: new Map(Object.entries(fields)),
  ...(headers && { headers: new Map(Object.entries(headers)) }),
});
const normalise = createNormaliser({ zone: null });

describe('zone hints from the row itself', () => {
  it("says how far a zone-less time is from the row's Date header and which --tz fits, without applying it", () => {
    const result = normalise(
      record({ time: '2026-12-01 02:51:11,689', status: '429' }, { date: 'Tue, 01 Dec 2026 08:51:11 GMT' }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.skip.code).toBe('TIMESTAMP_WITHOUT_ZONE');
    expect(result.skip.zoneHint).toEqual({ offsetMinutes: -360, zone: 'America/Chicago', from: 'date-header' });
    expect(result.skip.detail).toContain("6 h behind the row's Date header: --tz America/Chicago (or --tz -06:00)?");
  });

  it('uses a zoned time in another column, in summer as in winter, and half-hour zones', () => {
    expect(zoneHintFor('7/8/22 4:38:14 PM', Date.UTC(2022, 6, 8, 21, 38, 15), 'zoned-field')).toEqual({
      offsetMinutes: -300,
      zone: 'America/Chicago',
      from: 'zoned-field',
    });
    expect(zoneHintFor('2026-01-10 15:30:00', Date.UTC(2026, 0, 10, 10, 0, 2), 'date-header')?.zone).toBe(
      'Asia/Kolkata',
    );
    const result = normalise(record({ time: '2026-03-02 10:00:00', status: '200', utc: '2026-03-02T15:00:01Z' }));
    expect(!result.ok && result.skip.zoneHint).toEqual({
      offsetMinutes: -300,
      zone: 'America/New_York',
      from: 'zoned-field',
    });
    expect(describeZoneHint({ offsetMinutes: 0, zone: 'UTC', from: 'date-header' }).suggestion).toBe('--tz UTC');
  });

  it('gives no hint when the difference is no whole quarter hour (a slow response, a wrong clock)', () => {
    expect(zoneHintFor('2026-03-02 10:00:00', Date.UTC(2026, 2, 2, 15, 7, 0), 'date-header')).toBeUndefined();
    const result = normalise(record({ time: '2026-03-02 10:00:00', status: '200' }));
    expect(!result.ok && result.skip.zoneHint).toBeUndefined();
  });
});

describe('printed Python headers', () => {
  const DICT =
    "{'Date': 'Tue, 01 Dec 2026 08:51:11 GMT', 'x-keap-product-throttle-available': '238', 'x-keap-product-throttle-limit': '240'}";

  it('reads str(response.headers) in a headers column', () => {
    expect(parseHeaderBlock(DICT)?.get('x-keap-product-throttle-available')).toBe('238');
    expect(parseHeaderBlock(`Headers(${DICT})`)?.get('date')).toBe('Tue, 01 Dec 2026 08:51:11 GMT');
  });

  it('reads it in any other column too, but not a printed body', () => {
    const result = normalise(
      record({ time: '2026-12-01T08:51:11Z', status: '429', meta: DICT, extra: "{'code': '429', 'message': 'x'}" }),
    );
    expect(result.ok && result.event.counters.productThrottle).toMatchObject({ limit: 240, available: 238 });
    expect(result.ok && result.event.serverDateMs).toBe(Date.UTC(2026, 11, 1, 8, 51, 11));
  });
});

describe('--status for rows without one', () => {
  it('fills in the status only where the row has none', () => {
    const withDefault = createNormaliser({ zone: null, defaultStatus: 429 });
    const bare = withDefault(record({ time: '2022-07-08T21:38:14Z' }));
    expect(bare.ok && bare.event.status).toBe(429);
    const own = withDefault(record({ time: '2022-07-08T21:38:14Z', status: '200' }));
    expect(own.ok && own.event.status).toBe(200);
    const none = normalise(record({ time: '2022-07-08T21:38:14Z' }));
    expect(!none.ok && none.skip.code).toBe('NO_STATUS');
  });
});

describe('a MessageRate cut off by the client', () => {
  it('is unknown, never the digits before the cut', () => {
    expect(parseMessageRate('MessageRate{messagesPerPeriod=25, periodInMicroseconds=6 (truncated...)')).toBeNull();
    expect(
      parseMessageRate(
        'MessageRate{messagesPerPeriod=25, periodInMicroseconds=6 (truncated...)\n at /x.php:113)"} {"maxBurstMessageCount":1}',
      ),
    ).toBeNull();
    expect(
      parseMessageRate('MessageRate{messagesPerPeriod=25, periodInMicroseconds=6000000, maxBurstMessageCount=1.0}'),
    ).toEqual({ messagesPerPeriod: 25, periodMicros: 6e6, maxBurst: 1 });
  });
});
