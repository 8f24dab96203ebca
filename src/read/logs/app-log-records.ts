import type { ReadItem } from '../read-item.js';
import { textLines } from '../text-lines.js';
import { entryStart, type EntryStart, type LogFlavor } from './entry-prefix.js';
import { httpFacts } from './http-facts.js';
import { createLineJoiner } from './join-lines.js';
import { notKeapCall } from './keap-call.js';
import { stackTraceStart } from './stack-trace.js';

// An entry longer than this is a dump, not a message: the rest of its lines are counted, not kept.
const MAX_ENTRY_LINES = 5000;

interface Entry {
  readonly start: EntryStart;
  readonly line: number;
  readonly lines: string[];
  extraLines: number;
}

/**
 * Streams a PHP (Monolog, Laravel) or Python (logging) application log: one row per entry, its stack trace
 * a row of its own; entries about one Keap call are joined into one record, the others set aside.
 */
export async function* readAppLogRecords(
  stream: AsyncIterable<Buffer>,
  file: string,
  flavor: LogFlavor,
): AsyncGenerator<ReadItem> {
  const joiner = createLineJoiner();
  let entry: Entry | null = null;
  let preamble: { line: number; count: number } | null = null;
  for await (const { text, line } of textLines(stream)) {
    const start = entryStart(text, flavor);
    if (start) {
      if (preamble) yield leadingLines(file, preamble);
      preamble = null;
      if (entry) yield* finishEntry(entry, file, joiner);
      entry = { start, line, lines: [start.text], extraLines: 0 };
    } else if (entry) {
      if (entry.lines.length < MAX_ENTRY_LINES) entry.lines.push(text);
      else entry.extraLines++;
    } else if (text.trim() !== '') {
      preamble ??= { line, count: 0 };
      preamble.count++;
    }
  }
  if (preamble) yield leadingLines(file, preamble);
  if (entry) yield* finishEntry(entry, file, joiner);
  yield* joiner.flush();
}

function* finishEntry(entry: Entry, file: string, joiner: ReturnType<typeof createLineJoiner>): Generator<ReadItem> {
  const traceAt = stackTraceStart(entry.lines);
  const messageLines = traceAt < 0 ? entry.lines : entry.lines.slice(0, traceAt);
  const source = { file, line: entry.line };
  let facts = httpFacts(messageLines.join('\n'));
  if (facts.role === null && traceAt >= 0) {
    // logger.exception("failed") keeps the HTTPError's own message in the traceback's last line.
    const fromTrace = httpFacts(entry.lines.slice(traceAt).join('\n'));
    if (fromTrace.role === 'exception') facts = fromTrace;
  }
  const notKeap = facts.role === null ? 'no-call' : notKeapCall(facts);
  if (notKeap === null) {
    yield* joiner.add({ source, time: entry.start.time, facts });
  } else {
    yield {
      kind: 'aside',
      aside: {
        code: 'NOT_A_REQUEST',
        source,
        detail:
          notKeap === 'other-host'
            ? `${entry.start.level} entry about an HTTP call to another host`
            : notKeap === 'nothing-to-use'
              ? `${entry.start.level} entry about an HTTP call without status or Keap headers`
              : `${entry.start.level} entry, not about an HTTP call`,
      },
    };
  }
  if (traceAt >= 0) {
    const lines = entry.lines.length - traceAt + entry.extraLines;
    yield {
      kind: 'aside',
      aside: {
        code: 'STACK_TRACE',
        source: { file, line: entry.line + traceAt },
        detail: `${lines} line(s) of stack trace after the entry at line ${entry.line}`,
      },
    };
  }
}

function leadingLines(file: string, preamble: { line: number; count: number }): ReadItem {
  return {
    kind: 'aside',
    aside: {
      code: 'NOT_A_REQUEST',
      source: { file, line: preamble.line },
      detail: `${preamble.count} line(s) before the first log entry`,
    },
  };
}
