import { open, type FileHandle } from 'node:fs/promises';
import type { CaptureLine } from './capture-line.js';

// Each line is one write() on a file opened for appending: a crash loses at most the line being
// written, and lines from several writers (threads, processes) never interleave inside a line.

/** An NDJSON file exchanges are appended to. */
export interface CaptureLog {
  readonly path: string;
  /** Queues one line; returns at once (the write happens in order, in the background). */
  append(line: CaptureLine): void;
  /** Queues one line and resolves once it is written (or its failure reported). */
  write(line: CaptureLine): Promise<void>;
  /** Lines appended so far (queued or written). */
  appended(): number;
  /** Resolves when every queued line is written. */
  flush(): Promise<void>;
  /** Flushes and closes the file; later appends are ignored. */
  close(): Promise<void>;
}

/** Options of a capture log. */
export interface CaptureLogOptions {
  /** Called once per failed write (disk full, file removed); default: a process warning. */
  readonly onError?: (error: Error) => void;
}

/** Opens (creating if needed) `path` for appending NDJSON capture lines. */
export function createCaptureLog(path: string, options: CaptureLogOptions = {}): CaptureLog {
  const onError =
    options.onError ?? ((error: Error) => process.emitWarning(`keap-throttle capture log ${path}: ${error.message}`));
  let handle: Promise<FileHandle> | null = null;
  let queue: Promise<void> = Promise.resolve();
  let count = 0;
  let closed = false;
  const file = (): Promise<FileHandle> => (handle ??= open(path, 'a'));
  const write = (line: CaptureLine): Promise<void> => {
    if (closed) return queue;
    count++;
    const text = `${JSON.stringify(line)}\n`;
    queue = queue.then(async () => {
      try {
        await (await file()).write(text);
      } catch (error) {
        onError(error instanceof Error ? error : new Error(String(error)));
      }
    });
    return queue;
  };
  return {
    path,
    append(line) {
      void write(line);
    },
    write,
    appended: () => count,
    flush: () => queue,
    async close() {
      closed = true;
      await queue;
      if (handle) await (await handle.catch(() => null))?.close();
      handle = null;
    },
  };
}

/** Opens the file now, so a path that cannot be written is reported before any traffic flows. */
export async function openCaptureLog(path: string, options: CaptureLogOptions = {}): Promise<CaptureLog> {
  const probe = await open(path, 'a');
  await probe.close();
  return createCaptureLog(path, options);
}
