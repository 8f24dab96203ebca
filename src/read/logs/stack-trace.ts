// Lines that open a stack trace: Monolog's includeStacktraces, PHP's own, Python's traceback.
const TRACE_START = /^(\[stacktrace\]$|Stack trace:$|Traceback \(most recent call last\):$|#0 \S)/;

/** Index of the line where a stack trace starts inside an entry's lines (never the first), or -1. */
export function stackTraceStart(lines: readonly string[]): number {
  for (let index = 1; index < lines.length; index++)
    if (TRACE_START.test((lines[index] as string).trim())) return index;
  return -1;
}
