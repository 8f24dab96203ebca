import type { SourceRef } from '../types.js';
import { jsonSyntaxProblem } from './json-syntax.js';
import { MAX_RECORD_BYTES } from './limits.js';
import type { ReadItem } from './read-item.js';
import { recordFromJson } from './json-record.js';
import { TAPE_INCOMPLETE } from './json-tape.js';
import { TapeRecordReader } from './json-tape-record.js';
import { tooLargeSkip } from './too-large.js';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** Streams one JSON object per line; a line that is not a JSON object, or is too large, is a counted skip. */
export async function* readNdjsonRecords(
  stream: AsyncIterable<Buffer>,
  file: string,
  maxLineBytes = MAX_RECORD_BYTES,
): AsyncGenerator<ReadItem> {
  for await (const batch of readNdjsonBatches(stream, file, maxLineBytes)) yield* batch;
}

/**
 * {@link readNdjsonRecords} a chunk at a time. Lines are split at LF (one CR before it dropped) on the bytes; a line
 * longer than `maxLineBytes` is dropped as it arrives, so memory never exceeds the limit.
 */
export async function* readNdjsonBatches(
  stream: AsyncIterable<Buffer>,
  file: string,
  maxLineBytes = MAX_RECORD_BYTES,
): AsyncGenerator<ReadItem[]> {
  const reader = new TapeRecordReader();
  // A line begun in an earlier chunk: its pieces, their size, and whether it already went past the limit.
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let number = 1;
  const take = (piece: Buffer): void => {
    if (tooLong || piece.length === 0) return;
    size += piece.length;
    if (size > maxLineBytes) {
      tooLong = true;
      parts = [];
      return;
    }
    parts.push(piece);
  };
  const finish = (into: ReadItem[]): void => {
    const source = { file, line: number };
    if (tooLong) into.push(tooLargeSkip(source, 'line', maxLineBytes));
    else {
      const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
      readLine(into, reader, bytes, 0, bytes.length, source);
    }
    parts = [];
    size = 0;
    tooLong = false;
    number++;
  };
  for await (const chunk of stream) {
    const batch: ReadItem[] = [];
    let start = 0;
    for (let lf = chunk.indexOf(LF); lf >= 0; lf = chunk.indexOf(LF, start)) {
      if (size === 0 && !tooLong && lf - start <= maxLineBytes) {
        readLine(batch, reader, chunk, start, lf, { file, line: number });
        number++;
      } else {
        take(chunk.subarray(start, lf));
        finish(batch);
      }
      start = lf + 1;
    }
    take(chunk.subarray(start));
    if (batch.length > 0) yield batch;
  }
  if (size > 0 || tooLong) {
    const batch: ReadItem[] = [];
    finish(batch);
    if (batch.length > 0) yield batch;
  }
}

// The line's record read off its bytes; what the scan does not take is read by JSON.parse, worded as always.
function readLine(
  into: ReadItem[],
  reader: TapeRecordReader,
  buf: Buffer,
  from: number,
  to: number,
  source: SourceRef,
): void {
  const end = to > from && buf[to - 1] === CR ? to - 1 : to;
  const stop = reader.tape.scan(buf, from, end);
  if (stop === TAPE_INCOMPLETE && onlySpace(buf, from, end)) return;
  if (stop >= 0 && onlySpace(buf, stop, end)) {
    const item = reader.read(buf, from, end, source);
    if (item !== null) {
      into.push(item);
      return;
    }
  }
  const text = buf.toString('utf8', from, end);
  const trimmed = (source.line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
  if (trimmed === '') return;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    into.push({ kind: 'skip', skip: { code: 'MALFORMED_ROW', source, detail: jsonSyntaxProblem(error) } });
    return;
  }
  into.push(recordFromJson(value, source));
}

// Whitespace as JSON reads it (what trim() removes besides is left to the old reading).
function onlySpace(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c !== SPACE && c !== TAB && c !== CR) return false;
  }
  return true;
}
