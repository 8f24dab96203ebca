import type { RequestEvent } from '../types.js';
import { MinHeap } from './min-heap.js';
import { eventBefore, type TimelineItem } from './timeline-item.js';

interface Head {
  readonly event: RequestEvent;
  readonly source: AsyncIterator<TimelineItem>;
}

/** Merges time-sorted streams into one time-sorted stream; skips, asides and notes pass through as they are met. */
export async function* mergeByTime(streams: readonly AsyncIterable<TimelineItem>[]): AsyncGenerator<TimelineItem> {
  const heads = new MinHeap<Head>((a, b) => eventBefore(a.event, b.event));
  const pending: TimelineItem[] = [];
  // Advances one stream to its next event, collecting the skips met on the way.
  const advance = async (source: AsyncIterator<TimelineItem>): Promise<void> => {
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      if (next.value.kind !== 'event') {
        pending.push(next.value);
        continue;
      }
      heads.push({ event: next.value.event, source });
      return;
    }
  };
  for (const stream of streams) await advance(stream[Symbol.asyncIterator]());
  yield* pending.splice(0);
  while (heads.size > 0) {
    const head = heads.pop() as Head;
    yield { kind: 'event', event: head.event };
    await advance(head.source);
    yield* pending.splice(0);
  }
}
