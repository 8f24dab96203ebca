// A RecordStore in a temporary file: records serialised a frame of them at a time (V8's structured-clone format keeps
// every number, -0 and Infinity included) behind the frame's length, written in large pieces, read back piece by piece. The file is
// unlinked as soon as it is open, so nothing is left behind however the process ends.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { RecordStore, RecordStoreFactory } from '../attribute/record-store.js';

const PIECE_BYTES = 1 << 20;
// One serialiser per frame, not per record: most of a small record's cost was the serialiser's own set-up.
const RECORDS_PER_FRAME = 256;

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
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let written = 0;
  let count = 0;

  const endFrame = (): void => {
    if (frame.length === 0) return;
    const body = serialize(frame);
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32LE(body.length, 0);
    pending.push(length, body);
    pendingBytes += 4 + body.length;
    frame = [];
  };

  const flush = (): void => {
    endFrame();
    if (fd === null || pendingBytes === 0) return;
    const piece = Buffer.concat(pending, pendingBytes);
    let offset = 0;
    while (offset < piece.length) offset += writeSync(fd, piece, offset, piece.length - offset, written + offset);
    written += piece.length;
    pending = [];
    pendingBytes = 0;
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
      if (pendingBytes >= PIECE_BYTES) flush();
    },
    close(): void {
      if (fd !== null) closeSync(fd);
      fd = null;
      frame = [];
      pending = [];
      pendingBytes = 0;
      written = 0;
      count = 0;
    },
    *[Symbol.iterator](): Iterator<T> {
      flush();
      let position = 0;
      let buffer = Buffer.alloc(0);
      const end = written;
      while (position < end && fd !== null) {
        const piece = Buffer.allocUnsafe(Math.min(PIECE_BYTES, end - position));
        const read = readSync(fd, piece, 0, piece.length, position);
        if (read <= 0) break;
        position += read;
        buffer = buffer.length === 0 ? piece.subarray(0, read) : Buffer.concat([buffer, piece.subarray(0, read)]);
        let offset = 0;
        while (offset + 4 <= buffer.length) {
          const length = buffer.readUInt32LE(offset);
          if (offset + 4 + length > buffer.length) break;
          yield* deserialize(buffer.subarray(offset + 4, offset + 4 + length)) as T[];
          offset += 4 + length;
        }
        buffer = buffer.subarray(offset);
      }
    },
  };
}
