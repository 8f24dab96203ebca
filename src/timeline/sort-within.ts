import type { RequestEvent } from '../types.js';
import { MinHeap } from './min-heap.js';
import { eventBefore, type TimelineItem } from './timeline-item.js';

/** How far back a row may reach and how many rows may wait before the order is fixed. */
export interface ReorderBounds {
  readonly lagMs: number;
  readonly maxBuffered: number;
}

// Concurrent workers write log lines a little out of order; a minute of slack covers that in constant memory.
export const DEFAULT_REORDER: ReorderBounds = { lagMs: 60_000, maxBuffered: 100_000 };

/** Re-sorts a nearly sorted stream in bounded memory; rows too far behind become OUT_OF_ORDER skips. */
export async function* sortWithin(
  items: AsyncIterable<TimelineItem>,
  bounds: ReorderBounds = DEFAULT_REORDER,
): AsyncGenerator<TimelineItem> {
  const heap = new MinHeap<RequestEvent>(eventBefore);
  let newest = -Infinity;
  let lastEmitted = -Infinity;
  for await (const item of items) {
    if (item.kind !== 'event') {
      yield item;
      continue;
    }
    const event = item.event;
    if (event.ts < lastEmitted) {
      const behindS = ((lastEmitted - event.ts) / 1000).toFixed(1);
      yield {
        kind: 'skip',
        skip: {
          code: 'OUT_OF_ORDER',
          source: event.source,
          detail: `${behindS} s earlier than rows already analysed; sort the file by time`,
        },
      };
      continue;
    }
    heap.push(event);
    newest = Math.max(newest, event.ts);
    while (heap.size > 0) {
      const top = heap.peek() as RequestEvent;
      if (top.ts > newest - bounds.lagMs && heap.size <= bounds.maxBuffered) break;
      heap.pop();
      lastEmitted = top.ts;
      yield { kind: 'event', event: top };
    }
  }
  while (heap.size > 0) yield { kind: 'event', event: heap.pop() as RequestEvent };
}
