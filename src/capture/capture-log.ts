import { open, type FileHandle } from 'node:fs/promises';
import type { CaptureLine } from './capture-line.js';

// Lines go out whole in write() calls on a file opened for appending: a crash loses at most the
// lines being written, and lines from several writers (threads, processes) never interleave.

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
  /** Called once per failed write of one or more lines (disk full, file removed); default: a process warning. */
  readonly onError?: (error: Error) => void;
}

/** Opens (creating if needed) `path` for appending NDJSON capture lines. */
export function createCaptureLog(path: string, options: CaptureLogOptions = {}): CaptureLog {
  const onError =
    options.onError ?? ((error: Error) => process.emitWarning(`keap-throttle capture log ${path}: ${error.message}`));
  let handle: Promise<FileHandle> | null = null;
  const building = new Set<Promise<unknown>>();
  // Lines that arrive while a write is under way go out together in the next write: under
  // concurrency a line waits for at most one write, not for every line queued before it.
  let batch: string[] = [];
  let waiting: Array<() => void> = [];
  let draining: Promise<void> | null = null;
  let count = 0;
  let closed = false;
  const file = (): Promise<FileHandle> => (handle ??= open(path, 'a'));
  const drain = async (): Promise<void> => {
    while (batch.length > 0) {
      const bytes = Buffer.from(batch.join(''));
      const done = waiting;
      batch = [];
      waiting = [];
      try {
        const fd = await file();
        for (let offset = 0; offset < bytes.length;) offset += (await fd.write(bytes, offset)).bytesWritten;
      } catch (error) {
        onError(error instanceof Error ? error : new Error(String(error)));
      }
      for (const resolve of done) resolve();
    }
    draining = null;
  };
  const enqueue = (line: CaptureLine): Promise<void> => {
    count++;
    batch.push(`${JSON.stringify(line)}\n`);
    const written = new Promise<void>((resolve) => waiting.push(resolve));
    draining ??= drain();
    return written;
  };
  // Waits until nothing is being built and nothing is left to write.
  const flush = async (): Promise<void> => {
    while (building.size > 0 || draining) {
      if (building.size > 0) await Promise.all(building);
      if (draining) await draining;
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
