// A RecordStore in a temporary file: records serialised a frame of them at a time (V8's structured-clone format keeps
// every number, -0 and Infinity included) behind the frame's length, each frame written as it closes, read back piece by
// piece into one reused buffer. The file is unlinked as soon as it is open, so nothing is left behind however the process ends.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writevSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { RecordStore, RecordStoreFactory } from '../attribute/record-store.js';
import { CarryBuffer } from '../read/carry-buffer.js';

const PIECE_BYTES = 1 << 20;
// One serialiser per frame, not per record: most of a small record's cost was the serialiser's own set-up. Not more:
// records waiting in a frame of 256 lived long enough to be promoted (half-429s log: 85–94 MB promoted per 200k rows
// against 52–53 with 32), to die in the old space.
const RECORDS_PER_FRAME = 32;

/** Stores whose records live in a temporary file (in `directory`, default the system's temp directory). */
export function fileStores(directory: string = tmpdir()): RecordStoreFactory {
  return <T>() => createFileStore<T>(directory);
}

function createFileStore<T>(directory: string): RecordStore<T> {
  const folder = mkdtempSync(join(directory, 'keap-throttle-'));
  const path = join(folder, 'spool');
  let fd: number | null = openSync(path, 'w+', 0o600);
  unlinkSync(path);
  rmSync(folder, { recursive: true, force: true });
  let frame: T[] = [];
  let written = 0;
  let count = 0;

  // Written at once, not gathered into larger pieces: a buffer kept waiting lived long enough to be promoted, and
  // such buffers piled up outside the heap until a full collection.
  const endFrame = (): void => {
    if (frame.length === 0 || fd === null) return;
    const body = serialize(frame);
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32LE(body.length, 0);
    let done = 0;
    const total = 4 + body.length;
    while (done < total) {
      const rest = done < 4 ? [length.subarray(done), body] : [body.subarray(done - 4)];
      done += writevSync(fd, rest, written + done);
    }
    written += total;
    frame = [];
  };

  return {
    get count() {
      return count;
    },
    append(record: T): void {
      if (fd === null) throw new Error('the record store is closed');
      frame.push(record);
      count++;
      if (frame.length === RECORDS_PER_FRAME) endFrame();
    },
    close(): void {
      if (fd !== null) closeSync(fd);
      fd = null;
      frame = [];
      written = 0;
      count = 0;
    },
    *[Symbol.iterator](): Iterator<T> {
      endFrame();
      const end = written;
      let position = 0;
      // Unread bytes stay at the front of one buffer, grown only for a frame larger than it.
      const unread = new CarryBuffer(Math.min(PIECE_BYTES, end));
      while (position < end && fd !== null) {
        const room = unread.tail(1);
        const read = readSync(fd, room, 0, Math.min(room.length, end - position), position);
        if (read <= 0) break;
        position += read;
        unread.filled(read);
        const bytes = unread.view();
        let offset = 0;
        while (offset + 4 <= bytes.length) {
          const length = bytes.readUInt32LE(offset);
          if (offset + 4 + length > bytes.length) break;
          yield* deserialize(bytes.subarray(offset + 4, offset + 4 + length)) as T[];
          offset += 4 + length;
        }
        unread.keepFrom(bytes, offset);
      }
    },
  };
}
