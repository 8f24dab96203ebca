import { timeAtStart } from '../time-prefix.js';

/** The start of one application log entry: its time as written (null when the format has none) and the text after it. */
export interface EntryStart {
  readonly time: string | null;
  readonly level: string;
  readonly text: string;
}

/** Which logger wrote the file. */
export type LogFlavor = 'php' | 'python';

// Monolog's LineFormatter (and Laravel's use of it): [2026-11-23T08:58:58.709780-06:00] channel.ERROR: message
const MONOLOG =
  /^\[(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)\] ([^\s\]]+?)\.(DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL|ALERT|EMERGENCY): ?/;
// logging's level names, as %(levelname)s writes them, near the start of the line.
const PYTHON_LEVEL = /\b(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)\b/;
// logging.BASIC_FORMAT (basicConfig without a format): LEVEL:logger:message, no time.
const PYTHON_BASIC = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL):[^:\s]*:/;
// How far into a line the level may come after the time (`2026-… - app.sync - ERROR - …`).
const LEVEL_WITHIN = 80;

/** Reads the entry prefix of a line, or null when the line continues the previous entry. */
export function entryStart(line: string, flavor: LogFlavor): EntryStart | null {
  if (flavor === 'php') {
    const match = MONOLOG.exec(line);
    return match ? { time: match[1] as string, level: match[3] as string, text: line.slice(match[0].length) } : null;
  }
  const bracketed = line.startsWith('[');
  const time = timeAtStart(line, bracketed ? 1 : 0);
  if (time) {
    const after = line.slice((bracketed ? 1 : 0) + time.length);
    const level = PYTHON_LEVEL.exec(after.slice(0, LEVEL_WITHIN));
    if (level) return { time, level: level[1] as string, text: after.replace(/^\]/, '') };
    return null;
  }
  const basic = PYTHON_BASIC.exec(line);
  return basic ? { time: null, level: basic[1] as string, text: line.slice(basic[0].length) } : null;
}
