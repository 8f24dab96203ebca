// Time shapes a log line or a pasted list starts with, matching what normalise/timestamp.ts reads: the reader
// only cuts the time off the line; parsing it (and refusing a zone-less one) stays with normalise.
const SHAPES = [
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:\s?(?:Z|[+-]\d{2}(?::?\d{2})?)(?![\w]))?/i,
  /^\d{1,2}\/\d{1,2}\/(?:\d{4}|\d{2}) \d{1,2}:\d{2}(?::\d{2})?(?: [AP]M)?/i,
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} (?:GMT|UTC)/,
  /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/,
  /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}/,
  /^(?:\d{13}|\d{10}(?:\.\d{1,6})?)/,
];
// A time ends the token: what follows is a separator, never more digits or letters of the same word.
const BOUNDARY = /^(?:$|[\s,;|\]\t)"'])/;

/** The time text a line starts with (after `from`), or null. */
export function timeAtStart(text: string, from = 0): string | null {
  const rest = from === 0 ? text : text.slice(from);
  for (const shape of SHAPES) {
    const match = shape.exec(rest);
    if (match && BOUNDARY.test(rest.slice(match[0].length))) return match[0];
  }
  return null;
}
