// Reads values off a JsonTape as JSON.parse followed by json-value.ts would give them, decoding only what is asked for.
import {
  S_ESCAPED,
  S_KNOWN,
  T_ARRAY,
  T_FALSE,
  T_NULL,
  T_NUMBER,
  T_OBJECT,
  T_STRING,
  T_TRUE,
  type JsonTape,
} from './json-tape.js';

/** One scanned value's bytes and tape; an ASCII value is decoded once and cut, as the CSV scan does. */
export class TapeValues {
  tape: JsonTape;
  private buf: Buffer = Buffer.alloc(0);
  private base = 0;
  private text: string | null = null;

  constructor(tape: JsonTape) {
    this.tape = tape;
  }

  /** Points at the value the tape last scanned, lying in `buf[from..to)`. */
  reset(buf: Buffer, from: number, to: number): void {
    this.buf = buf;
    this.base = from;
    this.text = this.tape.nonAscii ? null : buf.toString('latin1', from, to);
  }

  /**
   * Which of `names` an object key token is (its index, −1 for none), noted on the key's bytes so a key repeated at its
   * place is matched once; null when it is one of `spelled` written with escapes (such records are the old reader's).
   */
  memberSlot(key: number, names: readonly Buffer[], spelled: readonly string[]): number | null {
    const tape = this.tape;
    const flags = tape.flags[key] as number;
    const known = flags & S_KNOWN ? tape.keys[key] : undefined;
    if (known && known.owner === names) return known.slot;
    let slot = -1;
    for (let i = 0; i < names.length && slot < 0; i++) if (this.is(key, names[i] as Buffer)) slot = i;
    if (slot < 0 && flags & S_ESCAPED && spelled.includes(this.string(key))) return null;
    if (known) {
      known.owner = names;
      known.slot = slot;
    }
    return slot;
  }

  /** A string token's value. */
  string(token: number): string {
    const tape = this.tape;
    const start = tape.starts[token] as number;
    const end = tape.ends[token] as number;
    if ((tape.flags[token] as number) & S_ESCAPED) return JSON.parse(this.slice(start - 1, end + 1)) as string;
    return this.slice(start, end);
  }

  /** scalarText: a scalar's text ('' for null), undefined for an object or array. */
  scalar(token: number): string | undefined {
    switch (this.tape.kinds[token]) {
      case T_STRING:
        return this.string(token);
      case T_NUMBER:
        return this.number(token);
      case T_TRUE:
        return 'true';
      case T_FALSE:
        return 'false';
      case T_NULL:
        return '';
      default:
        return undefined;
    }
  }

  /** fieldText: scalars as text, objects and arrays as JSON.stringify gives them (the tape bounds their depth). */
  field(token: number): string {
    const kind = this.tape.kinds[token];
    if (kind === T_OBJECT || kind === T_ARRAY) return JSON.stringify(JSON.parse(this.raw(token)));
    return this.scalar(token) as string;
  }

  /** headerValueText: a scalar, or a list of scalars joined by ", "; undefined when anything else. */
  headerValue(token: number): string | undefined {
    const tape = this.tape;
    if (tape.kinds[token] !== T_ARRAY) return this.scalar(token);
    const parts: string[] = [];
    for (let item = token + 1; item < (tape.next[token] as number); item = this.after(item)) {
      const text = this.scalar(item);
      if (text === undefined) return undefined;
      parts.push(text);
    }
    return parts.join(', ');
  }

  /** The index of the token after `token` and everything inside it. */
  after(token: number): number {
    const kind = this.tape.kinds[token];
    return kind === T_OBJECT || kind === T_ARRAY ? (this.tape.next[token] as number) : token + 1;
  }

  /** True when a string token without escapes holds exactly `bytes`. */
  is(token: number, bytes: Uint8Array): boolean {
    const tape = this.tape;
    const start = tape.starts[token] as number;
    if ((tape.ends[token] as number) - start !== bytes.length || tape.kinds[token] !== T_STRING) return false;
    const buf = this.buf;
    for (let k = 0; k < bytes.length; k++) if (buf[start + k] !== bytes[k]) return false;
    return true;
  }

  /** A copy of a string token's bytes as written, or null when it has escapes (matched by its text instead). */
  bytesOf(token: number): Buffer | null {
    const tape = this.tape;
    if ((tape.flags[token] as number) & S_ESCAPED) return null;
    return Buffer.from(this.buf.subarray(tape.starts[token] as number, tape.ends[token] as number));
  }

  /** The token's JSON text as written. */
  raw(token: number): string {
    const tape = this.tape;
    const kind = tape.kinds[token];
    const start = tape.starts[token] as number;
    if (kind === T_STRING) return this.slice(start - 1, (tape.ends[token] as number) + 1);
    return this.slice(start, tape.ends[token] as number);
  }

  private number(token: number): string {
    const start = this.tape.starts[token] as number;
    const end = this.tape.ends[token] as number;
    const raw = this.slice(start, end);
    // A plain integer of up to 15 digits prints as written; any other form as JSON.parse's number prints.
    if (end - start <= 15) {
      let plain = true;
      for (let k = start; k < end; k++) {
        const c = this.buf[k] as number;
        if (c < 0x30 || c > 0x39) {
          plain = false;
          break;
        }
      }
      if (plain) return raw;
    }
    return String(Number(raw));
  }

  private slice(start: number, end: number): string {
    if (start === end) return '';
    const text = this.text;
    if (text !== null) return text.slice(start - this.base, end - this.base);
    return this.buf.toString('utf8', start, end);
  }
}
