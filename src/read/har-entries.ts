// HAR entries read a chunk at a time. The streaming scanner (json-elements.ts) reads the document up to the
// entries array; the entries are then read off the bytes (json-tape.ts) until anything the byte reader does not
// take (bad JSON, the array's end, an entry too large to carry), where the scanner reads on as if it had read all.
import { CarryBuffer } from './carry-buffer.js';
import { ArrayElementScanner, type ArrayResumePoint } from './json-elements.js';
import { TAPE_INCOMPLETE } from './json-tape.js';
import { TapeHarReader } from './har-tape-record.js';
import { recordFromHarEntry } from './har-record.js';
import type { ReadItem } from './read-item.js';
import { elementItem } from './too-large.js';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const COMMA = 0x2c;
const LBRACE = 0x7b;

// An entry not finished within this many bytes is the scanner's to read (it has its own size limit).
const MAX_CARRIED_BYTES = 8 * 1024 * 1024;

/** The records of a HAR file's log.entries; throws JsonStreamError where jsonArrayElements would. */
export async function* readHarBatches(stream: AsyncIterable<Buffer>, file: string): AsyncGenerator<ReadItem[]> {
  const scanner = new ArrayElementScanner({ arrayPath: ['log', 'entries'] }, true);
  let decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const exact = new TextDecoder('utf-8', { ignoreBOM: true });
  const har = new TapeHarReader();
  const tape = har.tape;
  let mode: 'prefix' | 'bytes' | 'scanner' = 'prefix';
  // Reading off the bytes: the bytes from the last entry's end on, and where that is.
  const carry = new CarryBuffer();
  // Before the entries: bytes fed to the decoder, the UTF-8 length of the text it gave, and whether none was replaced.
  let prefixBytes = 0;
  let prefixTextBytes = 0;
  let clean = true;
  let at: { line: number; column: number; afterElement: boolean } = { line: 1, column: 0, afterElement: false };

  const pull = (into: ReadItem[]): void => {
    for (let element = scanner.pull(); element !== undefined; element = scanner.pull())
      into.push(elementItem(element, file, recordFromHarEntry));
  };
  const handOver = (into: ReadItem[], bytes: Buffer, point: ArrayResumePoint): void => {
    mode = 'scanner';
    scanner.resume(point);
    decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    scanner.feed(decoder.decode(bytes, { stream: true }));
    pull(into);
  };
  // Reads every entry complete in `buf`; keeps the rest as the carry, or hands over.
  const readBytes = (into: ReadItem[], buf: Buffer, final: boolean): void => {
    const n = buf.length;
    let pos = 0;
    for (;;) {
      let p = pos;
      let line = at.line;
      let lastLf = -1;
      const skip = () => {
        while (p < n) {
          const c = buf[p];
          if (c === LF) {
            line++;
            lastLf = p;
          } else if (c !== SPACE && c !== TAB && c !== CR) break;
          p++;
        }
      };
      skip();
      if (p < n && at.afterElement && buf[p] === COMMA) {
        p++;
        skip();
      } else if (p < n && at.afterElement) {
        return handOver(into, buf.subarray(pos), at);
      }
      if (p < n && buf[p] !== LBRACE) return handOver(into, buf.subarray(pos), at);
      const stop = p < n ? tape.scan(buf, p, n) : TAPE_INCOMPLETE;
      if (stop === TAPE_INCOMPLETE && !final && n - pos <= MAX_CARRIED_BYTES) {
        carry.keepFrom(buf, pos);
        return;
      }
      if (stop < 0) return handOver(into, buf.subarray(pos), at);
      const source = { file, line };
      const item = har.read(buf, p, stop, source) ?? recordFromHarEntry(JSON.parse(textOf(buf, p, stop)), source);
      into.push(item);
      if (tape.lastNewline >= 0) lastLf = tape.lastNewline;
      const from = lastLf >= 0 ? lastLf + 1 : pos;
      const units = tape.nonAscii ? exact.decode(buf.subarray(from, stop)).length : stop - from;
      at = { line: line + tape.newlines, column: lastLf >= 0 ? units : at.column + units, afterElement: true };
      pos = stop;
    }
  };
  const textOf = (buf: Buffer, from: number, to: number): string =>
    tape.nonAscii ? exact.decode(buf.subarray(from, to)) : buf.toString('latin1', from, to);

  const readChunk = (batch: ReadItem[], chunk: Buffer): void => {
    if (mode === 'prefix') {
      const text = decoder.decode(chunk, { stream: true });
      scanner.feed(text);
      pull(batch);
      if (scanner.pausedAt >= 0) {
        const prefix = text.slice(0, scanner.pausedAt);
        // Bytes of an earlier chunk the decoder held back, which begin this chunk's text.
        const held = prefixBytes - prefixTextBytes;
        const start = Buffer.byteLength(prefix) - held;
        // The entries' bytes are found from the text only when no byte before them was replaced in decoding.
        if (clean && start >= 0 && !prefix.includes('\uFFFD')) {
          mode = 'bytes';
          at = scanner.pausePoint();
          readBytes(batch, chunk.subarray(start), false);
        } else {
          mode = 'scanner';
          scanner.noPause();
          pull(batch);
        }
      } else {
        prefixBytes += chunk.length;
        prefixTextBytes += Buffer.byteLength(text);
        clean &&= !text.includes('\uFFFD');
      }
    } else if (mode === 'bytes') {
      readBytes(batch, carry.length > 0 ? carry.append(chunk) : chunk, false);
    } else {
      scanner.feed(decoder.decode(chunk, { stream: true }));
      pull(batch);
    }
  };
  const readEnd = (batch: ReadItem[]): void => {
    // The byte reader reads what it can and hands the rest, if only the array's end, to the scanner.
    if (mode === 'bytes') readBytes(batch, carry.view(), true);
    scanner.feed(decoder.decode());
    pull(batch);
    scanner.finish();
  };

  for await (const chunk of stream) yield* settled((batch) => readChunk(batch, chunk));
  yield* settled(readEnd);
}

// The items read before a fault go downstream before the fault does, as they did one at a time.
function* settled(read: (batch: ReadItem[]) => void): Generator<ReadItem[]> {
  const batch: ReadItem[] = [];
  try {
    read(batch);
  } finally {
    if (batch.length > 0) yield batch;
  }
}
