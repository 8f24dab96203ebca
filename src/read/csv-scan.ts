// A byte-level reader for canonical CSV (RFC 4180 rows on one line each, one line ending throughout), the
// shape nearly every logger writes, at several times csv-parse's speed. It reads a row only where the result is
// certain to be csv-parse's own (with the options csv-records.ts uses); at anything else (a quoted line break,
// a blank line, a stray CR, text after a closing quote) it stops and says where csv-parse must take over.

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Where scanning stopped: the bytes from `resumeAt` on are an unfinished row, or csv-parse's to read. */
export interface ScanStop {
  /** Offset into the buffer of the first byte not yet read. */
  readonly resumeAt: number;
  /** True when csv-parse must read on from `resumeAt`; false when the buffer ended inside a row. */
  readonly handOver: boolean;
}

/** What csv-parse needs to read on from where the scan stopped, exactly as it would have read the whole file. */
export interface HandOverState {
  /** Lines before the resume offset (csv-parse counts from 1 at its own start). */
  readonly linesBefore: number;
  /** The file's line ending once its first line has ended ('\n' or '\r\n'); null: csv-parse finds it. */
  readonly recordDelimiter: '\n' | '\r\n' | null;
  /** True when no byte was consumed: csv-parse reads the file from its start (BOM included). */
  readonly fromStart: boolean;
}

/** Scans canonical CSV rows out of successive buffers. */
export class CanonicalCsvScanner {
  private readonly delimiter: number;
  private rowsRead = 0;
  private ending: 0 | typeof LF | typeof CR = 0;
  private begun = false;
  private consumed = false;
  // Where each field of the row being read starts and ends, and whether it doubled a quote.
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private escapes = new Uint8Array(64);
  // Where a field with doubled quotes is copied without them before it is decoded (as csv-parse decodes it).
  private scratch = Buffer.alloc(4096);

  /** `delimiter` is one ASCII byte other than a quote or a line break, or every row is handed over. */
  constructor(delimiter: string) {
    const byte = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
    this.delimiter = byte > 0 && byte < 0x80 && byte !== QUOTE && byte !== LF && byte !== CR ? byte : -1;
  }

  /** Where csv-parse starts when the scan hands over. */
  get handOverState(): HandOverState {
    return {
      linesBefore: this.rowsRead,
      recordDelimiter: this.ending === LF ? '\n' : this.ending === CR ? '\r\n' : null,
      fromStart: !this.consumed,
    };
  }

  /**
   * Reads every complete row of `buf`, calling `onRow(fields, line)` for each; `final` says no bytes follow,
   * so a last row without a line ending is complete.
   */
  scan(buf: Buffer, final: boolean, onRow: (fields: string[], line: number) => void): ScanStop {
    const n = buf.length;
    let pos = 0;
    if (!this.begun) {
      // csv-parse waits for three bytes before deciding on a BOM.
      if (n < 3 && !final) return { resumeAt: 0, handOver: false };
      this.begun = true;
      if (this.delimiter < 0 || (buf[0] === 0xff && buf[1] === 0xfe)) return { resumeAt: 0, handOver: true };
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        pos = 3;
        this.consumed = true;
      }
    }
    const delimiter = this.delimiter;
    // Offset just past the last complete row: where an unfinished row is read again with the next bytes.
    let done = pos;
    rows: while (pos < n) {
      let count = 0;
      let ascii = true;
      for (;;) {
        // One field from pos; it ends at a delimiter (another field follows) or at the line ending.
        if (pos >= n) {
          // The buffer ended just after a delimiter: the row goes on, or (at the end) ends in an empty field.
          if (!final) break rows;
          this.field(count++, pos, pos, false);
          break;
        }
        let c = buf[pos] as number;
        if (c === QUOTE) {
          let i = pos + 1;
          let escaped = false;
          for (;;) {
            if (i >= n) {
              if (final) return this.handOver(done);
              break rows;
            }
            c = buf[i] as number;
            if (c === QUOTE) {
              if (i + 1 >= n && !final) break rows;
              if (buf[i + 1] !== QUOTE) break;
              escaped = true;
              i += 2;
              continue;
            }
            if (c === LF || c === CR) return this.handOver(done);
            if (c >= 0x80) ascii = false;
            i++;
          }
          // i is the closing quote: what follows must end the field.
          this.field(count++, pos + 1, i, escaped);
          pos = i + 1;
        } else {
          // Unquoted: up to the delimiter or the line ending; a quote inside is text, as relax_quotes reads it.
          let i = pos;
          while (i < n) {
            c = buf[i] as number;
            if (c === delimiter || c === LF || c === CR) break;
            if (c >= 0x80) ascii = false;
            i++;
          }
          if (i >= n && !final) break rows;
          // A line with nothing on it: csv-parse skips it but counts its line its own way, so it reads it.
          if (i === pos && count === 0 && i < n && c !== delimiter) return this.handOver(done);
          this.field(count++, pos, i, false);
          pos = i;
        }
        if (pos >= n) {
          if (!final) break rows;
          break;
        }
        c = buf[pos] as number;
        if (c === delimiter) {
          pos++;
          continue;
        }
        const ending = this.lineEnd(buf, pos, final);
        if (ending === 0) return this.handOver(done);
        if (ending < 0) break rows;
        pos += ending;
        break;
      }
      this.rowsRead++;
      this.consumed = true;
      onRow(this.fieldsOf(buf, done, pos, count, ascii), this.rowsRead);
      done = pos;
    }
    return { resumeAt: done, handOver: false };
  }

  private field(k: number, start: number, end: number, escaped: boolean): void {
    if (k === this.starts.length) {
      const grown = (array: Int32Array) => {
        const next = new Int32Array(array.length * 2);
        next.set(array);
        return next;
      };
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
      const escapes = new Uint8Array(this.escapes.length * 2);
      escapes.set(this.escapes);
      this.escapes = escapes;
    }
    this.starts[k] = start;
    this.ends[k] = end;
    this.escapes[k] = escaped ? 1 : 0;
  }

  // An ASCII row is decoded once and cut into its fields (a native call per field costs more); others field by field.
  private fieldsOf(buf: Buffer, rowStart: number, rowEnd: number, count: number, ascii: boolean): string[] {
    const fields = new Array<string>(count);
    const text = ascii ? buf.toString('latin1', rowStart, rowEnd) : '';
    for (let k = 0; k < count; k++) {
      const start = this.starts[k] as number;
      const end = this.ends[k] as number;
      if (this.escapes[k] === 1) fields[k] = this.unescaped(buf, start, end, ascii);
      else
        fields[k] =
          start === end ? '' : ascii ? text.slice(start - rowStart, end - rowStart) : buf.toString('utf8', start, end);
    }
    return fields;
  }

  // A quoted field's bytes with each doubled quote kept once, decoded.
  private unescaped(buf: Buffer, start: number, end: number, ascii: boolean): string {
    if (this.scratch.length < end - start) this.scratch = Buffer.alloc(2 * (end - start));
    const scratch = this.scratch;
    let length = 0;
    for (let i = start; i < end; i++) {
      const c = buf[i] as number;
      scratch[length++] = c;
      if (c === QUOTE) i++;
    }
    return scratch.toString(ascii ? 'latin1' : 'utf8', 0, length);
  }

  // The row ends at a line break: its length (1 or 2), 0 when it is not the file's line ending, −1 when unsure yet.
  private lineEnd(buf: Buffer, pos: number, final: boolean): number {
    const c = buf[pos];
    if (this.ending === 0) {
      // csv-parse takes the first line ending it meets as the file's: \r\n, \n, or a lone \r (handed over).
      if (c === LF) this.ending = LF;
      else if (pos + 1 >= buf.length && !final) return -1;
      else if (buf[pos + 1] === LF) this.ending = CR;
      else return 0;
    }
    if (this.ending === LF) return c === LF ? 1 : 0;
    if (c !== CR) return 0;
    if (pos + 1 >= buf.length) return final ? 0 : -1;
    return buf[pos + 1] === LF ? 2 : 0;
  }

  private handOver(resumeAt: number): ScanStop {
    return { resumeAt, handOver: true };
  }
}
