import { entryStart } from './logs/entry-prefix.js';
import { timeAtStart } from './time-prefix.js';

/** Text formats that are neither CSV nor JSON: application logs, raw HTTP dumps, pasted lists of times. */
export type TextFormat = 'php-log' | 'python-log' | 'http-dump' | 'times';

const SAMPLE_LINES = 20;
const STATUS_OR_REQUEST_LINE = /^(?:[<>] )?(?:HTTP\/\d(?:\.\d)? \d{3}\b|[A-Z]+ \S+ HTTP\/\d(?:\.\d)?$)/;
// Python's asctime (2026-11-23 08:59:20,760), optionally in brackets (Flask): an ISO-like time, not a US one.
const ISO_START = /^\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/;
// A pasted list may have a one-word heading (time, Date, timestamp) and bullets or quotes before each time.
const HEADING = /^["']?[A-Za-z_ ]{1,24}["']?$/;
const LIST_MARK = /^(?:[-*•]\s+|["'])/;

/** The text format the first lines show, or null when they look like CSV (or anything else). */
export function sniffTextFormat(text: string): TextFormat | null {
  const lines = text
    .split(/\r?\n/, 200)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, SAMPLE_LINES);
  const first = lines[0];
  if (first === undefined) return null;
  if (entryStart(first, 'php')) return 'php-log';
  const second = lines[1] ?? '';
  if (STATUS_OR_REQUEST_LINE.test(first) || (listTime(first) === first.trim() && STATUS_OR_REQUEST_LINE.test(second)))
    return 'http-dump';
  if (ISO_START.test(first) && entryStart(first, 'python')) return 'python-log';
  if (/^(DEBUG|INFO|WARNING|ERROR|CRITICAL):[^:\s]*:/.test(first)) return 'python-log';
  // A first line that is neither a time nor a one-word heading is a CSV header row.
  if (listTime(first) === null && !HEADING.test(first)) return null;
  const body = HEADING.test(first) && lines.length > 1 ? lines.slice(1) : lines;
  const timed = body.filter((line) => listTime(line) !== null).length;
  return timed > 0 && timed >= Math.ceil(body.length * 0.8) ? 'times' : null;
}

/** The time a list line starts with, after a bullet or an opening quote. */
export function listTime(line: string): string | null {
  const trimmed = line.trim();
  const mark = LIST_MARK.exec(trimmed);
  return timeAtStart(mark ? trimmed.slice(mark[0].length) : trimmed);
}
