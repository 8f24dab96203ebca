import type { Aside, InputNote, RawRecord, Skip } from '../types.js';

/** What a reader yields per input row: a record to normalise, a row it had to skip or set aside; or a note on the file. */
export type ReadItem =
  | { readonly kind: 'record'; readonly record: RawRecord }
  | { readonly kind: 'skip'; readonly skip: Skip }
  | { readonly kind: 'aside'; readonly aside: Aside }
  | { readonly kind: 'note'; readonly note: InputNote };
