import type { SourceRef } from '../types.js';
import type { ReadItem } from './read-item.js';

/** The skip for a row over a reader's size limit, whose bytes were read past without being held. */
export function tooLargeSkip(source: SourceRef, row: 'line' | 'array element', limitBytes: number): ReadItem {
  const limit = `${limitBytes / 1024 / 1024} MiB`;
  return {
    kind: 'skip',
    skip: {
      code: 'ROW_TOO_LARGE',
      source,
      detail:
        row === 'line'
          ? `the line is longer than ${limit} (its bytes were skipped, not read)`
          : `the array element is larger than ${limit} (its bytes were skipped, not read)`,
    },
  };
}
