import { describe, expect, it } from 'vitest';
import { createEmptyWindows } from '../../src/attribute/empty-windows.js';
import { makeEvent, makePoint, quota, window } from '../helpers/events.js';

const T0 = Date.UTC(2026, 1, 18, 14, 0, 0);
// One response of the key at T0 + ms, its minute and day counters showing this much left.
const reading = (ms: number, minuteLeft: number, dayLeft: number) =>
  makeEvent({
    ts: T0 + ms,
    status: 429,
    counters: { productThrottle: window(240, 240 - minuteLeft), productQuota: quota(30_000, 30_000 - dayLeft) },
  });

// The ledger's own counts, the same at every reading unless a case says otherwise.
const POINT = makePoint({ own: { rollingMinute: 240 } });

describe('quota windows a key last read as empty', () => {
  it('keeps a day empty through later readings of a little room, and a minute only until one reads room', () => {
    const windows = createEmptyWindows();
    windows.observe(reading(0, 0, 0), POINT);
    // Straight after an empty reading, "2 left" is a lagging reading of both.
    const second = reading(400, 2, 2);
    expect(windows.emptyBefore(second, POINT)).toMatchObject({ 'product-minute': true, 'product-day': true });
    windows.observe(second, POINT);
    // The minute read room in between: a rolling minute frees room as requests age out, so "1 left" is room now;
    // a day read empty stays empty, whatever room a lagging reading shows.
    const third = reading(800, 1, 1);
    expect(windows.emptyBefore(third, POINT)).toMatchObject({ 'product-minute': false, 'product-day': true });
    windows.observe(third, POINT);
    windows.observe(reading(1200, 0, 0), POINT);
    expect(windows.emptyBefore(reading(1600, 3, 3), POINT)).toMatchObject({
      'product-minute': true,
      'product-day': true,
    });
  });

  it('lets a minute read empty go after 60 s and a day at 00:00 UTC', () => {
    const windows = createEmptyWindows();
    windows.observe(reading(0, 0, 0), POINT);
    expect(windows.emptyBefore(reading(60_001, 1, 1), POINT)).toMatchObject({
      'product-minute': false,
      'product-day': true,
    });
    const nextDay = Date.UTC(2026, 1, 19, 0, 0, 1) - T0;
    expect(windows.emptyBefore(reading(nextDay, 1, 1), POINT)['product-day']).toBe(false);
  });

  it('lets a minute read empty go once more own requests aged out of it than the room read now', () => {
    const windows = createEmptyWindows();
    windows.observe(reading(0, 0, 0), makePoint({ own: { rollingMinute: 240 } }));
    const oneLeft = reading(200, 1, 1);
    // One own request aged out since the empty reading: the 1 left read now may be true.
    expect(windows.emptyBefore(oneLeft, makePoint({ own: { rollingMinute: 239 } }))['product-minute']).toBe(false);
    // None aged out: the 1 left is a lagging reading of the empty minute.
    expect(windows.emptyBefore(oneLeft, makePoint({ own: { rollingMinute: 240 } }))['product-minute']).toBe(true);
    // One aged out cannot free the 2 read now: still a lagging reading.
    const twoLeft = reading(200, 2, 2);
    expect(windows.emptyBefore(twoLeft, makePoint({ own: { rollingMinute: 239 } }))['product-minute']).toBe(true);
    // A day frees nothing as the hours pass: it stays empty whatever own requests aged out of the minute.
    expect(windows.emptyBefore(oneLeft, makePoint({ own: { rollingMinute: 100 } }))['product-day']).toBe(true);
  });
});
