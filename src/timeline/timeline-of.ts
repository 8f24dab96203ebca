import { createNormaliser } from '../normalise/normalise.js';
import type { ZoneSpec } from '../normalise/time-zone.js';
import type { ReadItem } from '../read/read-item.js';
import { mergeByTime } from './merge-by-time.js';
import { sortWithin } from './sort-within.js';
import type { TimelineItem } from './timeline-item.js';

/** One input's rows, already read and format-sniffed. */
export interface AnalysisInput {
  readonly name: string;
  readonly format: string;
  readonly items: AsyncIterable<ReadItem>;
}

/** Every input normalised, each re-sorted within its lag bound, then merged into one stream in time order. */
export function timelineOf(
  inputs: readonly AnalysisInput[],
  zone: ZoneSpec | null,
  defaultStatus: number | null = null,
): AsyncGenerator<TimelineItem> {
  const normalise = createNormaliser({ zone, defaultStatus });
  return mergeByTime(inputs.map((input) => sortWithin(normalised(input.items, normalise))));
}

async function* normalised(
  items: AsyncIterable<ReadItem>,
  normalise: ReturnType<typeof createNormaliser>,
): AsyncGenerator<TimelineItem> {
  for await (const item of items) {
    if (item.kind !== 'record') {
      yield item;
      continue;
    }
    const result = normalise(item.record);
    yield result.ok ? { kind: 'event', event: result.event } : { kind: 'skip', skip: result.skip };
  }
}
