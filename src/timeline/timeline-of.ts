import { createNormaliser } from '../normalise/normalise.js';
import type { ZoneSpec } from '../normalise/time-zone.js';
import { flattenBatches, singletonBatches } from '../read/batches.js';
import type { ReadItem } from '../read/read-item.js';
import { mergeByTime } from './merge-by-time.js';
import { sortWithinBatches } from './sort-within.js';
import type { TimelineItem } from './timeline-item.js';

/** One input's rows, already read and format-sniffed. */
export interface AnalysisInput {
  readonly name: string;
  readonly format: string;
  readonly items: AsyncIterable<ReadItem>;
  /** The same rows a chunk at a time, when the reader has them so (faster); only one of the two is read. */
  readonly batches?: AsyncIterable<readonly ReadItem[]>;
}

/** Every input normalised, each re-sorted within its lag bound, then merged into one stream in time order. */
export function timelineOf(
  inputs: readonly AnalysisInput[],
  zone: ZoneSpec | null,
  defaultStatus: number | null = null,
): AsyncGenerator<TimelineItem> {
  return flattenBatches(timelineBatches(inputs, zone, defaultStatus));
}

/** {@link timelineOf} a batch at a time. */
export async function* timelineBatches(
  inputs: readonly AnalysisInput[],
  zone: ZoneSpec | null,
  defaultStatus: number | null = null,
): AsyncGenerator<readonly TimelineItem[]> {
  const normalise = createNormaliser({ zone, defaultStatus });
  const sorted = inputs.map((input) =>
    sortWithinBatches(normalised(input.batches ?? singletonBatches(input.items), normalise)),
  );
  // One stream is already in time order, its skips where they were met: merging it would change nothing.
  if (sorted.length === 1) {
    yield* sorted[0] as AsyncGenerator<TimelineItem[]>;
    return;
  }
  for await (const item of mergeByTime(sorted.map((stream) => flattenBatches(stream)))) yield [item];
}

async function* normalised(
  batches: AsyncIterable<readonly ReadItem[]>,
  normalise: ReturnType<typeof createNormaliser>,
): AsyncGenerator<TimelineItem[]> {
  for await (const batch of batches) {
    const out: TimelineItem[] = [];
    for (let index = 0; index < batch.length; index++) {
      const item = batch[index] as ReadItem;
      if (item.kind !== 'record') {
        out.push(item);
        continue;
      }
      const result = normalise(item.record);
      out.push(result.ok ? { kind: 'event', event: result.event } : { kind: 'skip', skip: result.skip });
    }
    yield out;
  }
}
