import { describe, expect, it } from 'vitest';
import { createDelayLine } from '../../src/attribute/delay-line.js';
import { makeEvent, makePoint } from '../helpers/events.js';

// Whole-second rows of one key at the given seconds (several at one second: several rows), in order.
function placesOf(seconds: readonly number[], otherKeyAt: readonly number[] = []) {
  const at = 1_780_000_000_000;
  const line = createDelayLine({ spikeRate: 10 });
  const events = [
    ...seconds.map((second) => makeEvent({ ts: at + second * 1000, status: 200 })),
    ...otherKeyAt.map((second) => makeEvent({ ts: at + second * 1000, status: 200, keyId: 'key#other' })),
  ].sort((a, b) => a.ts - b.ts);
  const released = events.flatMap((event) => line.push(event, makePoint({ ts: event.ts })));
  released.push(...line.finish());
  return released
    .filter((item) => item.event.keyId !== 'key#other')
    .map(({ event, inSecond }) => [(event.ts - at) / 1000, inSecond.index, inSecond.count, inSecond.steady]);
}

describe('an event’s place in its logged second', () => {
  it('is steady where the key logged rows in the seconds just before and after', () => {
    expect(placesOf([0, 1, 1, 2, 3, 3, 3])).toEqual([
      [0, 0, 1, false],
      [1, 0, 2, true],
      [1, 1, 2, true],
      [2, 0, 1, true],
      // The last second has nothing after it.
      [3, 0, 3, false],
      [3, 1, 3, false],
      [3, 2, 3, false],
    ]);
  });

  it('is not steady for a lone second’s burst, nor across a gap, nor through another key’s rows', () => {
    expect(placesOf([0, 0, 0, 5, 6, 8], [7])).toEqual([
      [0, 0, 3, false],
      [0, 1, 3, false],
      [0, 2, 3, false],
      [5, 0, 1, false],
      [6, 0, 1, false],
      [8, 0, 1, false],
    ]);
  });

  it('reads the next second from the rows held ahead, all through a stream longer than the look-ahead', () => {
    // Rows every second for 40 s: all but the first and last are steady, released early or at the end alike.
    const seconds = Array.from({ length: 40 }, (_, second) => second);
    const steady = placesOf(seconds).map((place) => place[3]);
    expect(steady).toEqual(seconds.map((second) => second > 0 && second < 39));
  });
});
