import { describe, expect, it } from 'vitest';
import { createEmptyWindows } from '../../src/attribute/empty-windows.js';
import { makeEvent, quota, window } from '../helpers/events.js';

const T0 = Date.UTC(2026, 1, 18, 14, 0, 0);
// One response of the key at T0 + ms, its minute and day counters showing this much left.
const reading = (ms: number, minuteLeft: number, dayLeft: number) =>
  makeEvent({
    ts: T0 + ms,
    status: 429,
    counters: { productThrottle: window(240, 240 - minuteLeft), productQuota: quota(30_000, 30_000 - dayLeft) },
  });

describe('quota windows a key last read as empty', () => {
  it('keeps a day empty through later readings of a little room, and a minute only until one reads room', () => {
    const windows = createEmptyWindows();
    windows.observe(reading(0, 0, 0));
    // Straight after an empty reading, "2 left" is a lagging reading of both.
    const second = reading(400, 2, 2);
    expect(windows.emptyBefore(second)).toMatchObject({ 'product-minute': true, 'product-day': true });
    windows.observe(second);
    // The minute read room in between: a rolling minute frees room as requests age out, so "1 left" is room now;
    // a day read empty stays empty, whatever room a lagging reading shows.
    const third = reading(800, 1, 1);
    expect(windows.emptyBefore(third)).toMatchObject({ 'product-minute': false, 'product-day': true });
    windows.observe(third);
    windows.observe(reading(1200, 0, 0));
    expect(windows.emptyBefore(reading(1600, 3, 3))).toMatchObject({ 'product-minute': true, 'product-day': true });
  });

  it('lets a minute read empty go after 60 s and a day at 00:00 UTC', () => {
    const windows = createEmptyWindows();
    windows.observe(reading(0, 0, 0));
    expect(windows.emptyBefore(reading(60_001, 1, 1))).toMatchObject({ 'product-minute': false, 'product-day': true });
    const nextDay = Date.UTC(2026, 1, 19, 0, 0, 1) - T0;
    expect(windows.emptyBefore(reading(nextDay, 1, 1))['product-day']).toBe(false);
  });
});
