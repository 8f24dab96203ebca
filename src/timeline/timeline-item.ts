import type { Aside, InputNote, RequestEvent, Skip } from '../types.js';

/** A normalised row: an event for the analysis, or a skip or aside for the tally; or a note on a file for the tally. */
export type TimelineItem =
  | { readonly kind: 'event'; readonly event: RequestEvent }
  | { readonly kind: 'skip'; readonly skip: Skip }
  | { readonly kind: 'aside'; readonly aside: Aside }
  | { readonly kind: 'note'; readonly note: InputNote };

/** Deterministic event order: time, then file, then line. */
export function eventBefore(a: RequestEvent, b: RequestEvent): boolean {
  if (a.ts !== b.ts) return a.ts < b.ts;
  if (a.source.file !== b.source.file) return a.source.file < b.source.file;
  return a.source.line < b.source.line;
}
