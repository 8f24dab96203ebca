import { describe, expect, it } from 'vitest';
import { mergeByTime } from '../../src/timeline/merge-by-time.js';
import { sortWithin } from '../../src/timeline/sort-within.js';
import type { TimelineItem } from '../../src/timeline/timeline-item.js';
import { makeEvent } from '../helpers/events.js';

const event = (file: string, line: number, ts: number): TimelineItem => ({
  kind: 'event',
  event: makeEvent({ source: { file, line }, ts }),
});

async function* from(items: TimelineItem[]): AsyncGenerator<TimelineItem> {
  yield* items;
}
async function collect(source: AsyncIterable<TimelineItem>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of source)
    out.push(
      item.kind === 'event'
        ? `${item.event.source.file}:${item.event.ts}`
        : item.kind === 'skip'
          ? `skip:${item.skip.code}:${item.skip.source.line}`
          : item.kind === 'aside'
            ? `aside:${item.aside.code}:${item.aside.source.line}`
            : `note:${item.note.code}`,
    );
  return out;
}

describe('sortWithin', () => {
  it('reorders rows that are out of order by less than the lag', async () => {
    expect(
      await collect(
        sortWithin(from([event('a', 2, 1000), event('a', 3, 500), event('a', 4, 2000)]), {
          lagMs: 1000,
          maxBuffered: 10,
        }),
      ),
    ).toEqual(['a:500', 'a:1000', 'a:2000']);
  });

  it('skips a row that arrives after later rows were already emitted', async () => {
    const out = await collect(
      sortWithin(from([event('a', 2, 0), event('a', 3, 5000), event('a', 4, 10_000), event('a', 5, 100)]), {
        lagMs: 1000,
        maxBuffered: 10,
      }),
    );
    expect(out).toEqual(['a:0', 'a:5000', 'skip:OUT_OF_ORDER:5', 'a:10000']);
  });

  it('never holds more than maxBuffered rows', async () => {
    // Rows the source has handed over minus rows sortWithin has given back is what it holds.
    let pulled = 0;
    async function* counted(items: TimelineItem[]): AsyncGenerator<TimelineItem> {
      for (const item of items) {
        pulled += 1;
        yield item;
      }
    }
    const items = Array.from({ length: 50 }, (_, i) => event('a', i + 2, 1000 + i));
    let emitted = 0;
    let mostHeld = 0;
    const order: number[] = [];
    for await (const item of sortWithin(counted(items), { lagMs: 1_000_000, maxBuffered: 5 })) {
      emitted += 1;
      mostHeld = Math.max(mostHeld, pulled - emitted);
      if (item.kind === 'event') order.push(item.event.ts);
    }
    expect(mostHeld).toBe(5);
    expect(emitted).toBe(50);
    expect(order).toEqual(items.map((_, i) => 1000 + i));
  });
});

describe('mergeByTime', () => {
  it('interleaves sorted files by time, file name breaking ties', async () => {
    const out = await collect(
      mergeByTime([from([event('b', 2, 100), event('b', 3, 300)]), from([event('a', 2, 100), event('a', 3, 200)])]),
    );
    expect(out).toEqual(['a:100', 'b:100', 'a:200', 'b:300']);
  });
});
