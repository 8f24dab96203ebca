// A validating JSON tokenizer over UTF-8 bytes that records where each value lies instead of building it, so a
// reader can take the few fields it needs. It accepts exactly what JSON.parse accepts (nothing more); anything it
// does not accept is the caller's to read with JSON.parse, which words the fault as before.

/** Token kinds. */
export const T_OBJECT = 1;
export const T_ARRAY = 2;
export const T_STRING = 3;
export const T_NUMBER = 4;
export const T_TRUE = 5;
export const T_FALSE = 6;
export const T_NULL = 7;

/** {@link JsonTape.scan} results below zero. */
export const TAPE_INVALID = -1;
export const TAPE_INCOMPLETE = -2;

/** Deepest nesting taken (the record readers' own limit, so a deeper record reads as before). */
const MAX_DEPTH = 64;
// Far beyond any logged response's token count; past it the caller reads the value its old way.
const MAX_TOKENS = 1 << 20;

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

// Per byte inside a string: 0 plain text, 1 quote, 2 backslash, 3 control (invalid), 4 non-ASCII.
const IN_STRING = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) IN_STRING[c] = 3;
IN_STRING[QUOTE] = 1;
IN_STRING[BACKSLASH] = 2;
for (let c = 0x80; c < 0x100; c++) IN_STRING[c] = 4;

// Bytes JSON allows after a backslash (u is checked apart).
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;

const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/** A string's bytes (between the quotes, without escapes) and its string flags, as last scanned at one place. */
export interface KnownKey {
  readonly bytes: Buffer;
  readonly flags: number;
  /** The bytes as little-endian 32-bit words, as many as fit whole. */
  readonly words: Uint32Array;
  /** One consumer's note of what it made of these bytes, and which consumer made it. */
  owner: unknown;
  slot: number;
}

function knownKey(bytes: Buffer, flags: number): KnownKey {
  const words = new Uint32Array(bytes.length >> 2);
  for (let w = 0; w < words.length; w++) words[w] = bytes.readUInt32LE(4 * w);
  return { bytes, flags, words, owner: null, slot: -1 };
}

/** String token flags. */
export const S_ESCAPED = 1;
export const S_NON_ASCII = 2;
/** {@link JsonTape.keys} holds this string's bytes at its index (this scan's, not an earlier one's). */
export const S_KNOWN = 4;

/**
 * The tokens of one JSON value in document order. For a container, `ends` is the byte after its closing bracket
 * and `next` the index of the first token after its contents; for a string, `starts`/`ends` bound its text
 * between the quotes. An object's contents alternate key and value tokens.
 */
export class JsonTape {
  kinds = new Uint8Array(256);
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  next = new Int32Array(256);
  flags = new Uint8Array(256);
  // By place: how often the string value there differed from the one before (from 2 on it is no longer compared).
  private misses = new Uint8Array(256);
  count = 0;
  /** True when some string holds a byte above 0x7f. */
  nonAscii = false;
  /** Line feeds between tokens, and the offset of the last one (−1: none). */
  newlines = 0;
  lastNewline = -1;
  private readonly open = new Int32Array(MAX_DEPTH);
  /**
   * The key last scanned at each token index: records of one log repeat their keys, so a key is compared with it
   * first. Consumers may cache what they derived from a key by this object (it is replaced when the key changes).
   */
  readonly keys: (KnownKey | null | undefined)[] = [];
  private viewed: Uint8Array | null = null;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  /**
   * Reads one value from `buf[from..to)` after optional whitespace; returns the offset just past it,
   * {@link TAPE_INVALID}, or {@link TAPE_INCOMPLETE} when the bytes end before the value does.
   */
  scan(buf: Uint8Array, from: number, to: number): number {
    this.count = 0;
    this.nonAscii = false;
    this.newlines = 0;
    this.lastNewline = -1;
    const open = this.open;
    let depth = 0;
    let pos = from;
    for (;;) {
      // A value is expected at pos.
      pos = this.skipSpace(buf, pos, to);
      if (pos >= to) return TAPE_INCOMPLETE;
      let c = buf[pos] as number;
      if (c === LBRACE || c === LBRACKET) {
        if (depth === MAX_DEPTH) return TAPE_INVALID;
        const token = this.push(c === LBRACE ? T_OBJECT : T_ARRAY, pos, 0);
        if (token < 0) return TAPE_INVALID;
        open[depth++] = token;
        pos = this.skipSpace(buf, pos + 1, to);
        if (pos >= to) return TAPE_INCOMPLETE;
        c = buf[pos] as number;
        if (c === (this.kinds[token] === T_OBJECT ? RBRACE : RBRACKET)) {
          this.ends[token] = pos + 1;
          this.next[token] = this.count;
          depth--;
          pos++;
        } else if (this.kinds[token] === T_OBJECT) {
          pos = this.key(buf, pos, to);
          if (pos < 0) return pos;
          continue;
        } else {
          continue;
        }
      } else if (c === QUOTE) {
        pos = this.knownString(buf, pos, to, false);
        if (pos < 0) return pos;
      } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
        pos = this.number(buf, pos, to);
        if (pos < 0) return pos;
      } else if (c === 0x74) {
        pos = this.literal(buf, pos, to, TRUE_BYTES, T_TRUE);
        if (pos < 0) return pos;
      } else if (c === 0x66) {
        pos = this.literal(buf, pos, to, FALSE_BYTES, T_FALSE);
        if (pos < 0) return pos;
      } else if (c === 0x6e) {
        pos = this.literal(buf, pos, to, NULL_BYTES, T_NULL);
        if (pos < 0) return pos;
      } else {
        return TAPE_INVALID;
      }
      // A value just ended: close containers until one takes another member.
      for (;;) {
        if (depth === 0) return pos;
        pos = this.skipSpace(buf, pos, to);
        if (pos >= to) return TAPE_INCOMPLETE;
        c = buf[pos] as number;
        const token = open[depth - 1] as number;
        const inObject = this.kinds[token] === T_OBJECT;
        if (c === COMMA) {
          pos++;
          if (inObject) {
            pos = this.skipSpace(buf, pos, to);
            if (pos >= to) return TAPE_INCOMPLETE;
            pos = this.key(buf, pos, to);
            if (pos < 0) return pos;
          }
          break;
        }
        if (c !== (inObject ? RBRACE : RBRACKET)) return TAPE_INVALID;
        this.ends[token] = pos + 1;
        this.next[token] = this.count;
        depth--;
        pos++;
      }
    }
  }

  /** An object key at pos, then its colon; returns the offset after the colon. */
  private key(buf: Uint8Array, pos: number, to: number): number {
    if (buf[pos] !== QUOTE) return TAPE_INVALID;
    pos = this.knownString(buf, pos, to, true);
    if (pos < 0) return pos;
    pos = this.skipSpace(buf, pos, to);
    if (pos >= to) return TAPE_INCOMPLETE;
    if (buf[pos] !== COLON) return TAPE_INVALID;
    return pos + 1;
  }

  /**
   * A string at pos, compared first with the one last scanned at its place (records of one log repeat their keys
   * and many values): bytes already read as valid are compared, not read again. A place whose value changed twice
   * is read from then on; keys are always compared.
   */
  private knownString(buf: Uint8Array, pos: number, to: number, isKey: boolean): number {
    const token = this.count;
    const known = this.keys[token];
    if (known !== undefined && known !== null && sameKey(buf, this.viewOf(buf), pos + 1, to, known)) {
      const end = pos + 1 + known.bytes.length;
      if (this.push(T_STRING, pos + 1, known.flags) < 0) return TAPE_INVALID;
      this.ends[token] = end;
      if (known.flags & S_NON_ASCII) this.nonAscii = true;
      return end + 1;
    }
    pos = this.string(buf, pos, to);
    if (pos < 0) return pos;
    const flags = this.flags[token] as number;
    if (flags & S_ESCAPED || (!isKey && (this.misses[token] as number) >= 2)) {
      this.keys[token] = null;
      return pos;
    }
    if (!isKey && known) this.misses[token] = (this.misses[token] as number) + 1;
    this.flags[token] = flags | S_KNOWN;
    const bytes = Buffer.from(buf.subarray(this.starts[token] as number, this.ends[token] as number));
    this.keys[token] = knownKey(bytes, flags | S_KNOWN);
    return pos;
  }

  private skipSpace(buf: Uint8Array, pos: number, to: number): number {
    while (pos < to) {
      const c = buf[pos] as number;
      if (c === SPACE || c === TAB || c === CR) pos++;
      else if (c === LF) {
        this.newlines++;
        this.lastNewline = pos;
        pos++;
      } else break;
    }
    return pos;
  }

  private push(kind: number, start: number, flags: number): number {
    const token = this.count;
    if (token === this.kinds.length) {
      if (token >= MAX_TOKENS) return -1;
      this.grow();
    }
    this.kinds[token] = kind;
    this.starts[token] = start;
    this.flags[token] = flags;
    this.count = token + 1;
    return token;
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.flags = flags;
    const misses = new Uint8Array(size);
    misses.set(this.misses);
    this.misses = misses;
    for (const name of ['starts', 'ends', 'next'] as const) {
      const grown = new Int32Array(size);
      grown.set(this[name]);
      this[name] = grown;
    }
  }

  private string(buf: Uint8Array, pos: number, to: number): number {
    let i = pos + 1;
    let flags = 0;
    for (;;) {
      // Plain text is most of a log's bytes: four bytes at a time while none is special, then one at a time.
      const view = this.viewOf(buf);
      while (i + 4 <= to && (plainWord(view.getUint32(i, true)) || !this.special(buf, i))) i += 4;
      while (i < to && IN_STRING[buf[i] as number] === 0) i++;
      if (i >= to) return TAPE_INCOMPLETE;
      const kind = IN_STRING[buf[i] as number] as number;
      if (kind === 1) break;
      if (kind === 4) {
        flags |= S_NON_ASCII;
        i++;
      } else if (kind === 2) {
        flags |= S_ESCAPED;
        if (i + 1 >= to) return TAPE_INCOMPLETE;
        const e = buf[i + 1] as number;
        if (SIMPLE_ESCAPE[e] === 1) {
          i += 2;
        } else if (e === 0x75) {
          if (i + 5 >= to) return TAPE_INCOMPLETE;
          if (!HEX[buf[i + 2] as number] || !HEX[buf[i + 3] as number]) return TAPE_INVALID;
          if (!HEX[buf[i + 4] as number] || !HEX[buf[i + 5] as number]) return TAPE_INVALID;
          i += 6;
        } else {
          return TAPE_INVALID;
        }
      } else {
        return TAPE_INVALID;
      }
    }
    const token = this.push(T_STRING, pos + 1, flags);
    if (token < 0) return TAPE_INVALID;
    this.ends[token] = i;
    if (flags & S_NON_ASCII) this.nonAscii = true;
    return i + 1;
  }

  // True when one of the four bytes at i is special in a string (the word test also flags some plain bytes).
  private special(buf: Uint8Array, i: number): boolean {
    return (
      IN_STRING[buf[i] as number] !== 0 ||
      IN_STRING[buf[i + 1] as number] !== 0 ||
      IN_STRING[buf[i + 2] as number] !== 0 ||
      IN_STRING[buf[i + 3] as number] !== 0
    );
  }

  private viewOf(buf: Uint8Array): DataView<ArrayBufferLike> {
    if (buf !== this.viewed) {
      this.viewed = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    return this.view;
  }

  // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? ; what follows is checked by the caller's grammar.
  private number(buf: Uint8Array, pos: number, to: number): number {
    let i = pos;
    if (buf[i] === MINUS) i++;
    if (i >= to) return TAPE_INCOMPLETE;
    let c = buf[i] as number;
    if (c === ZERO) i++;
    else if (c >= ZERO + 1 && c <= NINE) i = digits(buf, i, to);
    else return TAPE_INVALID;
    if (i < to && buf[i] === DOT) {
      i++;
      if (i >= to) return TAPE_INCOMPLETE;
      c = buf[i] as number;
      if (c < ZERO || c > NINE) return TAPE_INVALID;
      i = digits(buf, i, to);
    }
    if (i < to && (buf[i] === 0x65 || buf[i] === 0x45)) {
      i++;
      if (i < to && (buf[i] === PLUS || buf[i] === MINUS)) i++;
      if (i >= to) return TAPE_INCOMPLETE;
      c = buf[i] as number;
      if (c < ZERO || c > NINE) return TAPE_INVALID;
      i = digits(buf, i, to);
    }
    // Digits may go on in bytes not yet read.
    if (i >= to) return TAPE_INCOMPLETE;
    const token = this.push(T_NUMBER, pos, 0);
    if (token < 0) return TAPE_INVALID;
    this.ends[token] = i;
    return i;
  }

  private literal(buf: Uint8Array, pos: number, to: number, bytes: Uint8Array, kind: number): number {
    for (let k = 0; k < bytes.length; k++) {
      if (pos + k >= to) return TAPE_INCOMPLETE;
      if (buf[pos + k] !== bytes[k]) return TAPE_INVALID;
    }
    const token = this.push(kind, pos, 0);
    if (token < 0) return TAPE_INVALID;
    this.ends[token] = pos + bytes.length;
    return pos + bytes.length;
  }
}

const TRUE_BYTES = Buffer.from('true');
const FALSE_BYTES = Buffer.from('false');
const NULL_BYTES = Buffer.from('null');

// True when buf holds the key's bytes at `from`, followed by a closing quote; compared a word at a time.
function sameKey(buf: Uint8Array, view: DataView<ArrayBufferLike>, from: number, to: number, key: KnownKey): boolean {
  const { bytes, words } = key;
  const n = bytes.length;
  if (from + n >= to || buf[from + n] !== QUOTE) return false;
  for (let w = 0; w < words.length; w++) if (view.getUint32(from + 4 * w, true) !== words[w]) return false;
  for (let k = words.length * 4; k < n; k++) if (buf[from + k] !== bytes[k]) return false;
  return true;
}

// No byte of the word is a quote, a backslash, a control or above 0x7f (may say false for plain bytes, never true for others).
function plainWord(w: number): boolean {
  return (
    (((w - 0x20202020) | w | ((w ^ 0x22222222) - 0x01010101) | ((w ^ 0x5c5c5c5c) - 0x01010101)) & 0x80808080) === 0
  );
}

function digits(buf: Uint8Array, i: number, to: number): number {
  while (i < to) {
    const c = buf[i] as number;
    if (c < ZERO || c > NINE) break;
    i++;
  }
  return i;
}
