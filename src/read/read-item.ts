import type { InputNote, RawRecord, Skip } from '../types.js';

/** What a reader yields per input row: a record to normalise, or a row it had to skip; or a note on the file. */
export type ReadItem =
  | { readonly kind: 'record'; readonly record: RawRecord }
  | { readonly kind: 'skip'; readonly skip: Skip }
  | { readonly kind: 'note'; readonly note: InputNote };
