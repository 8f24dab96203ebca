import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { KeapThrottleError } from '../errors.js';

/** A named byte stream: a file or standard input. */
export interface OpenedInput {
  readonly name: string;
  readonly stream: AsyncIterable<Buffer>;
  /** Lower-case extension without the dot ('' for stdin or none), used only to break sniffing ties. */
  readonly extension: string;
}

/** What the caller supplies for `-`. */
export interface StdinSource {
  readonly stream: Readable;
  readonly isTTY: boolean;
}

/** Opens a path (or `-` for stdin) for streaming; fails early with a user error when it cannot be read. */
export async function openInput(path: string, stdin: StdinSource): Promise<OpenedInput> {
  if (path === '-') {
    // Waiting silently on a terminal looks like a hang; say what is expected instead.
    if (stdin.isTTY) {
      throw new KeapThrottleError('INPUT_IS_TTY', 'standard input is a terminal, not a log', {
        location: { file: '-' },
        hint: 'pipe a log in (cat logs.csv | keap-throttle analyze -) or name the file',
      });
    }
    return { name: '<stdin>', stream: stdin.stream, extension: '' };
  }
  // Opening first turns ENOENT/EACCES/EISDIR into a clear message before any parsing starts.
  let handle;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (error) {
    await handle?.close();
    throw openError(path, error);
  }
  // The handle owns the descriptor and closes it when the stream ends.
  const stream = handle.createReadStream({ highWaterMark: 256 * 1024 });
  const dot = path.lastIndexOf('.');
  const extension = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
  return { name: path, stream, extension };
}

function openError(path: string, error: unknown): KeapThrottleError {
  const code = (error as { code?: string }).code;
  const location = { file: path };
  if (code === 'ENOENT') {
    return new KeapThrottleError('INPUT_NOT_FOUND', 'no such file', {
      location,
      hint: 'check the path; use - to read standard input',
    });
  }
  if (code === 'EISDIR') {
    return new KeapThrottleError('INPUT_IS_DIRECTORY', 'is a directory, not a log file', {
      location,
      hint: 'name the log files inside it, e.g. dir/*.csv',
    });
  }
  return new KeapThrottleError('INPUT_UNREADABLE', `cannot be read (${code ?? 'unknown error'})`, {
    location,
    hint: 'check the file permissions',
    cause: error,
  });
}
