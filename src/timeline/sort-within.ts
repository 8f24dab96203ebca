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
  const sorter = createReorderer(bounds);
  const out: TimelineItem[] = [];
  for await (const item of items) {
    sorter.push(item, out);
    yield* out.splice(0);
  }
  sorter.finish(out);
  yield* out;
}

/** {@link sortWithin} a batch at a time: each batch out holds what its batch in released. */
export async function* sortWithinBatches(
  batches: AsyncIterable<readonly TimelineItem[]>,
  bounds: ReorderBounds = DEFAULT_REORDER,
): AsyncGenerator<TimelineItem[]> {
  const sorter = createReorderer(bounds);
  for await (const batch of batches) {
    const out: TimelineItem[] = [];
    for (let index = 0; index < batch.length; index++) sorter.push(batch[index] as TimelineItem, out);
    if (out.length > 0) yield out;
  }
  const out: TimelineItem[] = [];
  sorter.finish(out);
  if (out.length > 0) yield out;
}

// The re-sorting itself: items go in one at a time, and what can no longer be overtaken comes out.
function createReorderer(bounds: ReorderBounds) {
  const heap = new MinHeap<RequestEvent>(eventBefore);
  let newest = -Infinity;
  let lastEmitted = -Infinity;
  return {
    push(item: TimelineItem, out: TimelineItem[]): void {
      if (item.kind !== 'event') {
        out.push(item);
        return;
      }
      const event = item.event;
      if (event.ts < lastEmitted) {
        const behindS = ((lastEmitted - event.ts) / 1000).toFixed(1);
        out.push({
          kind: 'skip',
          skip: {
            code: 'OUT_OF_ORDER',
            source: event.source,
            detail: `${behindS} s earlier than rows already analysed; sort the file by time`,
          },
        });
        return;
      }
      heap.push(event);
      newest = Math.max(newest, event.ts);
      while (heap.size > 0) {
        const top = heap.peek() as RequestEvent;
        if (top.ts > newest - bounds.lagMs && heap.size <= bounds.maxBuffered) break;
        heap.pop();
        lastEmitted = top.ts;
        out.push(top === event ? item : { kind: 'event', event: top });
      }
    },
    finish(out: TimelineItem[]): void {
      while (heap.size > 0) out.push({ kind: 'event', event: heap.pop() as RequestEvent });
    },
  };
}
