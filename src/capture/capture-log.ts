import { open, type FileHandle } from 'node:fs/promises';
import type { CaptureLine } from './capture-line.js';

// Each line is one write() on a file opened for appending: a crash loses at most the line being
// written, and lines from several writers (threads, processes) never interleave inside a line.

/** An NDJSON file exchanges are appended to. */
export interface CaptureLog {
  readonly path: string;
  /**
   * Queues one line, or a line still being built (an error body being read); returns at once and
   * writes in the background, in the order the lines are ready. flush() and close() wait for both.
   */
  append(line: CaptureLine | Promise<CaptureLine>): void;
  /** Queues one line and resolves once it is written (or its failure reported). */
  write(line: CaptureLine): Promise<void>;
  /** Lines appended so far (queued or written; a line still being built counts once it is ready). */
  appended(): number;
  /** Resolves when every line appended so far is written. */
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
  const building = new Set<Promise<unknown>>();
  let count = 0;
  let closed = false;
  const file = (): Promise<FileHandle> => (handle ??= open(path, 'a'));
  const enqueue = (line: CaptureLine): Promise<void> => {
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
  // Waits until nothing is being built and no write was queued meanwhile.
  const flush = async (): Promise<void> => {
    for (;;) {
      while (building.size > 0) await Promise.all(building);
      const last = queue;
      await last;
      if (last === queue && building.size === 0) return;
    }
  };
  return {
    path,
    append(line) {
      if (closed) return;
      if (!(line instanceof Promise)) return void enqueue(line);
      const ready = line.then(enqueue, (error: unknown) =>
        onError(error instanceof Error ? error : new Error(String(error))),
      );
      building.add(ready);
      void ready.finally(() => building.delete(ready));
    },
    write: (line) => (closed ? Promise.resolve() : enqueue(line)),
    appended: () => count,
    flush,
    async close() {
      closed = true;
      await flush();
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
