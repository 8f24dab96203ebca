import type { ReadItem } from './read-item.js';
import { listTime } from './sniff-text.js';
import { textLines } from './text-lines.js';

// The first three-digit token after the time is the status ("…, 429", "| 429 Too Many Requests").
const STATUS_TOKEN = /(?:^|[\s,;|(])([1-5]\d\d)(?=$|[\s,;|)])/;
// Text that says the response was throttled: Keap answers every one of these with HTTP 429 (since 2020).
const THROTTLE_TEXT =
  /Spike arrest violation|SpikeArrestViolation|QuotaViolation|Rate limit quota violation|Quota Exceeded|Too Many Requests|Request Throttled/i;
const HEADING = /^["']?[A-Za-z_ ]{1,24}["']?$/;

interface Row {
  line: number;
  time: string;
  rest: string;
}

/**
 * Streams a pasted list of times, one per line, each optionally with a status or a fault: a fault says the
 * response was a 429. A line without a time continues the row above it (a fault pasted under its time) and is
 * counted as JOINED; a one-word heading on the first line is no row.
 */
export async function* readTimeListRecords(stream: AsyncIterable<Buffer>, file: string): AsyncGenerator<ReadItem> {
  let row: Row | null = null;
  let seenLine = false;
  for await (const { text, line } of textLines(stream)) {
    const trimmed = text.trim();
    if (trimmed === '') continue;
    const isFirst = !seenLine;
    seenLine = true;
    const time = listTime(trimmed);
    if (time === null) {
      if (isFirst && HEADING.test(trimmed)) continue;
      if (row) {
        row.rest += `\n${trimmed}`;
        yield {
          kind: 'aside',
          aside: {
            code: 'JOINED',
            source: { file, line },
            into: { file, line: row.line },
            detail: `continues the time at line ${row.line}`,
          },
        };
      } else {
        // Before any time there is nothing to continue; the line's text stays out of the detail (it may hold a token).
        yield {
          kind: 'skip',
          skip: { code: 'BAD_TIMESTAMP', source: { file, line }, detail: 'the line does not start with a time' },
        };
      }
      continue;
    }
    if (row) yield recordOf(row, file);
    const start = trimmed.indexOf(time);
    row = { line, time, rest: trimmed.slice(start + time.length).replace(/^["']/, '') };
  }
  if (row) yield recordOf(row, file);
}

function recordOf(row: Row, file: string): ReadItem {
  const fields = new Map<string, string>([['time', row.time]]);
  const rest = row.rest.replace(/^[\s,;|\t-]+/, '');
  const status = STATUS_TOKEN.exec(rest)?.[1] ?? (THROTTLE_TEXT.test(rest) ? '429' : undefined);
  if (status !== undefined) fields.set('status', status);
  if (THROTTLE_TEXT.test(rest) || /fault/i.test(rest)) fields.set('body', rest.slice(rest.search(/[{A-Za-z]/)));
  return { kind: 'record', record: { source: { file, line: row.line }, fields } };
}
