import type { SourceRef } from '../types.js';
import { DEFAULT_MAX_ELEMENT_BYTES, type JsonArrayElement } from './json-elements.js';
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

/** One element of a JSON array as a read item: its skip when the scanner read past it, else what `read` makes of it. */
export function elementItem(
  element: JsonArrayElement,
  file: string,
  read: (value: unknown, source: SourceRef) => ReadItem,
): ReadItem {
  const source = { file, line: element.line };
  return element.tooLarge
    ? tooLargeSkip(source, 'array element', DEFAULT_MAX_ELEMENT_BYTES)
    : read(element.value, source);
}
