import type { Aside, RawRecord, Skip } from '../types.js';

/** What a reader yields per input row: a record to normalise, a row it had to skip, or one it set aside. */
export type ReadItem =
  | { readonly kind: 'record'; readonly record: RawRecord }
  | { readonly kind: 'skip'; readonly skip: Skip }
  | { readonly kind: 'aside'; readonly aside: Aside };
