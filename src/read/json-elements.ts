// Streaming scanner that yields the elements of one JSON array (at the root or under an object path)
// while holding only the current element's text, so 100 MB logs and HAR files never sit in memory whole.

/** Stable reason codes carried by {@link JsonStreamError}. */
export type JsonStreamErrorReason =
  'TRUNCATED' | 'NOT_AN_ARRAY' | 'PATH_NOT_FOUND' | 'SYNTAX' | 'ELEMENT_TOO_LARGE' | 'EMPTY' | 'TRAILING_DATA';

/** A problem in the JSON input, located by 1-based line and 1-based column (UTF-16 code units, BOM excluded). */
export class JsonStreamError extends Error {
  readonly reason: JsonStreamErrorReason;
  readonly line: number;
  readonly column: number;

  constructor(reason: JsonStreamErrorReason, detail: string, line: number, column: number) {
    super(`${detail} (line ${line}, column ${column})`);
    this.name = 'JsonStreamError';
    this.reason = reason;
    this.line = line;
    this.column = column;
  }
}

/** Options for {@link jsonArrayElements}. */
export interface JsonArrayElementsOptions {
  /** Object keys leading from the root to the array; `[]` means the root itself is the array. */
  readonly arrayPath: readonly string[];
  /** Largest accepted element, in UTF-8 bytes of its JSON text; default 64 MiB. */
  readonly maxElementBytes?: number;
}

/** One array element: its parsed value and the 1-based line where its text starts. */
export interface JsonArrayElement {
  readonly value: unknown;
  readonly line: number;
  /** Its text was over the byte limit: scanned to its end without being held or parsed (`value` is undefined). */
  readonly tooLarge?: true;
}

/** Default for {@link JsonArrayElementsOptions.maxElementBytes}: 64 MiB, in bytes. */
export const DEFAULT_MAX_ELEMENT_BYTES = 64 * 1024 * 1024;

/**
 * Yields each element of the array at `arrayPath` with the 1-based line where it starts; an element over the byte
 * limit is yielded as `tooLarge`, its bytes read past. Throws {@link JsonStreamError} on malformed, truncated or
 * unexpected input, after yielding every element before the fault.
 */
export async function* jsonArrayElements(
  chunks: AsyncIterable<string | Uint8Array>,
  options: JsonArrayElementsOptions,
): AsyncGenerator<JsonArrayElement> {
  const scanner = new ArrayElementScanner(options);
  // ignoreBOM keeps a BOM in the text so string and byte chunks share one BOM rule in the scanner
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let decoderHasBytes = false;
  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === 'string') {
      // a dangling partial UTF-8 sequence cannot be completed by a string chunk: flush it as U+FFFD
      text = decoderHasBytes ? decoder.decode() + chunk : chunk;
      decoderHasBytes = false;
    } else {
      text = decoder.decode(chunk, { stream: true });
      decoderHasBytes = true;
    }
    scanner.feed(text);
    for (let element = scanner.pull(); element !== undefined; element = scanner.pull()) yield element;
  }
  if (decoderHasBytes) {
    scanner.feed(decoder.decode());
    for (let element = scanner.pull(); element !== undefined; element = scanner.pull()) yield element;
  }
  scanner.finish();
}

// Scanner states outside a value (plain numbers: erasableSyntaxOnly rules out enums).
const DOC_START = 0;
const OBJ_KEY_OR_END = 1; // just after `{` of an object on the path
const OBJ_KEY = 2; // after `,` in an object on the path
const OBJ_COLON = 3;
const OBJ_VALUE = 4;
const OBJ_COMMA_OR_END = 5;
const ARR_ELEM_OR_END = 6; // just after `[` of the target array
const ARR_ELEM = 7; // after `,` in the target array
const ARR_COMMA_OR_END = 8;
const DONE = 9;
const IN_VALUE = 10; // inside a key, element or skipped value; see `role`

// What the value being scanned is for.
const ROLE_ELEMENT = 0;
const ROLE_KEY = 1;
const ROLE_SKIPPED = 2;

const CH_TAB = 0x09;
const CH_LF = 0x0a;
const CH_CR = 0x0d;
const CH_SPACE = 0x20;
const CH_QUOTE = 0x22;
const CH_COMMA = 0x2c;
const CH_COLON = 0x3a;
const CH_LBRACKET = 0x5b;
const CH_BACKSLASH = 0x5c;
const CH_RBRACKET = 0x5d;
const CH_LBRACE = 0x7b;
const CH_RBRACE = 0x7d;
const CH_BOM = 0xfeff;

interface Position {
  readonly line: number;
  readonly column: number;
}

/** Where a reader of the target array's elements stopped: the 1-based line and the 0-based UTF-16 column. */
export interface ArrayResumePoint {
  readonly line: number;
  readonly column: number;
  /** True when an element was read (a ',' or ']' comes next), false right after the array's '['. */
  readonly afterElement: boolean;
}

/**
 * Incremental state machine: feed() a decoded chunk, then pull() until it returns undefined. With `pauseAtArray`,
 * pull() stops just inside the target array's '[' (see {@link pausedAt}) so another reader can read its elements,
 * and {@link resume} takes over again from where that reader stopped, as if it had read those elements itself.
 */
export class ArrayElementScanner {
  private readonly path: readonly string[];
  private readonly maxBytes: number;

  // current chunk and cursor
  private text = '';
  private i = 0;
  // position bookkeeping: offset of text[0] in the whole stream, line number, offset where the line starts
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private seenAnyText = false;

  private state = DOC_START;
  // objects entered along the path (their opening positions), and whether the target array was reached
  private readonly pathObjects: Position[] = [];
  private found = false;
  private arrayStart: Position | undefined;
  private pendingKeyMatches = false;

  // value scanning
  private role = ROLE_ELEMENT;
  private afterValue = DOC_START;
  private closers: number[] = [];
  private inString = false;
  private escaped = false;
  private primitive = false;
  private capture = false;
  private captureFrom = 0; // index in `text` where the uncommitted part of the capture starts
  private parts: string[] = [];
  private capturedUnits = 0; // UTF-16 units already moved into `parts`
  private extraBytes = 0; // UTF-8 bytes beyond one per UTF-16 unit in the capture
  private oversized = false; // the element went over the limit: its capture was dropped and it is scanned to its end
  private valueStart: Position = { line: 1, column: 1 };
  private pauseAtArray: boolean;
  /** Index in the chunk just after the target array's '[', once pull() paused there; −1 before. */
  pausedAt = -1;

  constructor(options: JsonArrayElementsOptions, pauseAtArray = false) {
    this.pauseAtArray = pauseAtArray;
    const max = options.maxElementBytes ?? DEFAULT_MAX_ELEMENT_BYTES;
    if (!Number.isFinite(max) || max <= 0) throw new RangeError('maxElementBytes must be a positive number of bytes');
    this.path = options.arrayPath;
    this.maxBytes = max;
  }

  /** Replaces the exhausted chunk with the next decoded text. */
  feed(text: string): void {
    this.offset += this.text.length;
    this.text = text;
    this.i = 0;
    if (!this.seenAnyText && text.length > 0) {
      this.seenAnyText = true;
      // a leading BOM is not part of the document; columns count from after it
      if (text.charCodeAt(0) === CH_BOM) {
        this.i = 1;
        this.lineStart = 1;
      }
    }
    this.captureFrom = this.i;
  }

  /** Returns the next complete element of the current chunk, or undefined once the chunk is used up. */
  pull(): JsonArrayElement | undefined {
    const text = this.text;
    const n = text.length;
    while (this.i < n) {
      if (this.state === IN_VALUE) {
        const element = this.scanValue();
        if (element !== undefined) return element;
        continue;
      }
      const c = text.charCodeAt(this.i);
      if (c === CH_SPACE || c === CH_TAB || c === CH_CR) {
        this.i++;
      } else if (c === CH_LF) {
        this.newline(this.i);
        this.i++;
      } else {
        this.structural(c);
        if (this.pauseAtArray && this.found) {
          this.pauseAtArray = false;
          this.pausedAt = this.i;
          return undefined;
        }
      }
    }
    if (this.state === IN_VALUE && this.capture) {
      // move the chunk's tail of the capture into `parts` so the chunk string can be released
      if (this.captureFrom < n) {
        this.parts.push(text.slice(this.captureFrom, n));
        this.capturedUnits += n - this.captureFrom;
      }
      this.captureFrom = n;
      this.checkSize();
    }
    return undefined;
  }

  /** Where the paused scan stands in its chunk: for {@link resume}. */
  pausePoint(): ArrayResumePoint {
    return { line: this.line, column: this.offset + this.pausedAt - this.lineStart, afterElement: false };
  }

  /** Stops pausing: pull() reads on through the elements. */
  noPause(): void {
    this.pauseAtArray = false;
  }

  /** Reads on in the target array from `at`; the next feed() gives the text from there. */
  resume(at: ArrayResumePoint): void {
    this.state = at.afterElement ? ARR_COMMA_OR_END : ARR_ELEM_OR_END;
    this.text = '';
    this.i = 0;
    this.offset = 0;
    this.line = at.line;
    this.lineStart = -at.column;
    this.captureFrom = 0;
  }

  /** Throws unless the input ended right after a complete document. */
  finish(): void {
    if (this.state === DONE) return;
    if (this.state === DOC_START) {
      const here = this.here(this.text.length);
      throw new JsonStreamError('EMPTY', 'input holds no JSON document', here.line, here.column);
    }
    if (this.state === IN_VALUE) {
      const what =
        this.role === ROLE_ELEMENT ? 'an array element' : this.role === ROLE_KEY ? 'an object key' : 'a value';
      const at = this.valueStart;
      throw new JsonStreamError('TRUNCATED', `input ended inside ${what} starting here`, at.line, at.column);
    }
    const inArray = this.state === ARR_ELEM_OR_END || this.state === ARR_ELEM || this.state === ARR_COMMA_OR_END;
    const at = (inArray ? this.arrayStart : this.pathObjects[this.pathObjects.length - 1]) ?? { line: 1, column: 1 };
    const what = inArray ? 'the array' : 'the object';
    throw new JsonStreamError('TRUNCATED', `input ended before ${what} opened here was closed`, at.line, at.column);
  }

  private newline(index: number): void {
    this.line++;
    this.lineStart = this.offset + index + 1;
  }

  private here(index: number): Position {
    return { line: this.line, column: this.offset + index - this.lineStart + 1 };
  }

  private fail(reason: JsonStreamErrorReason, detail: string, index: number): never {
    const at = this.here(index);
    throw new JsonStreamError(reason, detail, at.line, at.column);
  }

  private pathLabel(depth: number): string {
    return depth === 0 ? 'the document root' : `"${this.path.slice(0, depth).join('.')}"`;
  }

  /** Handles one non-whitespace character outside any value. */
  private structural(c: number): void {
    const i = this.i;
    switch (this.state) {
      case DOC_START:
        if (!isValueStart(c)) this.fail('SYNTAX', `expected a JSON document, found ${describe(c)}`, i);
        if (this.path.length === 0) {
          if (c !== CH_LBRACKET)
            this.fail('NOT_AN_ARRAY', `expected an array at the document root, found ${describe(c)}`, i);
          this.enterArray(i);
        } else {
          if (c !== CH_LBRACE)
            this.fail('PATH_NOT_FOUND', `expected an object at the document root, found ${describe(c)}`, i);
          this.enterObject(i);
        }
        return;
      case OBJ_KEY_OR_END:
      case OBJ_KEY:
        if (c === CH_QUOTE) {
          this.startValue(ROLE_KEY, OBJ_COLON, !this.found);
          return;
        }
        if (c === CH_RBRACE && this.state === OBJ_KEY_OR_END) {
          this.closeObject(i);
          return;
        }
        this.fail('SYNTAX', `expected an object key, found ${describe(c)}`, i);
        return;
      case OBJ_COLON:
        if (c !== CH_COLON) this.fail('SYNTAX', `expected ':' after an object key, found ${describe(c)}`, i);
        this.state = OBJ_VALUE;
        this.i++;
        return;
      case OBJ_VALUE:
        if (!isValueStart(c)) this.fail('SYNTAX', `expected a value after ':', found ${describe(c)}`, i);
        if (this.pendingKeyMatches) {
          this.pendingKeyMatches = false;
          const depth = this.pathObjects.length; // path[depth - 1] just matched
          if (depth < this.path.length) {
            if (c !== CH_LBRACE) {
              this.fail('PATH_NOT_FOUND', `expected ${this.pathLabel(depth)} to be an object, found ${describe(c)}`, i);
            }
            this.enterObject(i);
          } else {
            if (c !== CH_LBRACKET) {
              this.fail('NOT_AN_ARRAY', `expected ${this.pathLabel(depth)} to be an array, found ${describe(c)}`, i);
            }
            this.enterArray(i);
          }
          return;
        }
        this.startValue(ROLE_SKIPPED, OBJ_COMMA_OR_END, false);
        return;
      case OBJ_COMMA_OR_END:
        if (c === CH_COMMA) {
          this.state = OBJ_KEY;
          this.i++;
          return;
        }
        if (c === CH_RBRACE) {
          this.closeObject(i);
          return;
        }
        this.fail('SYNTAX', `expected ',' or '}' in an object, found ${describe(c)}`, i);
        return;
      case ARR_ELEM_OR_END:
      case ARR_ELEM:
        if (c === CH_RBRACKET && this.state === ARR_ELEM_OR_END) {
          this.closeArray();
          return;
        }
        if (c === CH_RBRACKET) this.fail('SYNTAX', "expected an array element after ',', found ']'", i);
        this.startValue(ROLE_ELEMENT, ARR_COMMA_OR_END, true);
        return;
      case ARR_COMMA_OR_END:
        if (c === CH_COMMA) {
          this.state = ARR_ELEM;
          this.i++;
          return;
        }
        if (c === CH_RBRACKET) {
          this.closeArray();
          return;
        }
        this.fail('SYNTAX', `expected ',' or ']' after an array element, found ${describe(c)}`, i);
        return;
      default:
        this.fail('TRAILING_DATA', `unexpected ${describe(c)} after the end of the JSON document`, i);
    }
  }

  private enterObject(i: number): void {
    this.pathObjects.push(this.here(i));
    this.state = OBJ_KEY_OR_END;
    this.i = i + 1;
  }

  private enterArray(i: number): void {
    this.found = true;
    this.arrayStart = this.here(i);
    this.state = ARR_ELEM_OR_END;
    this.i = i + 1;
  }

  private closeArray(): void {
    this.state = this.pathObjects.length === 0 ? DONE : OBJ_COMMA_OR_END;
    this.i++;
  }

  private closeObject(i: number): void {
    const depth = this.pathObjects.length;
    const opened = this.pathObjects.pop();
    if (!this.found && opened !== undefined) {
      // point at the object lacking the key: that is where a reader would look
      throw new JsonStreamError(
        'PATH_NOT_FOUND',
        `${this.pathLabel(depth - 1)} has no key "${this.path[depth - 1] ?? ''}" (closed at line ${this.here(i).line})`,
        opened.line,
        opened.column,
      );
    }
    this.state = this.pathObjects.length === 0 ? DONE : OBJ_COMMA_OR_END;
    this.i = i + 1;
  }

  /** Begins a value at the cursor; the first character is classified here so scanValue stays tight. */
  private startValue(role: number, afterValue: number, capture: boolean): void {
    const i = this.i;
    const c = this.text.charCodeAt(i);
    this.role = role;
    this.afterValue = afterValue;
    this.valueStart = this.here(i);
    this.closers.length = 0;
    this.inString = false;
    this.escaped = false;
    this.primitive = false;
    if (c === CH_QUOTE) this.inString = true;
    else if (c === CH_LBRACE) this.closers.push(CH_RBRACE);
    else if (c === CH_LBRACKET) this.closers.push(CH_RBRACKET);
    else if (isPrimitiveChar(c)) this.primitive = true;
    else this.fail('SYNTAX', `expected a JSON value, found ${describe(c)}`, i);
    // bare literals are tiny, so even skipped ones are captured to check them with JSON.parse
    this.capture = capture || this.primitive;
    this.captureFrom = i;
    this.parts.length = 0;
    this.capturedUnits = 0;
    this.extraBytes = 0;
    this.oversized = false;
    this.state = IN_VALUE;
    this.i = i + 1;
  }

  /** Advances through the current value; returns an element when one completes. */
  private scanValue(): JsonArrayElement | undefined {
    const text = this.text;
    const n = text.length;
    const closers = this.closers;
    let i = this.i;
    let inString = this.inString;
    let escaped = this.escaped;
    const primitive = this.primitive;
    let extra = 0;
    let end = -1;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        // UTF-8 length minus one; each surrogate half adds one so a pair totals four bytes
        extra += c < 0x800 ? 1 : c >= 0xd800 && c <= 0xdfff ? 1 : 2;
        escaped = false;
        continue;
      }
      if (primitive) {
        // the delimiter that ends a bare literal belongs to the enclosing array or object
        if (!isPrimitiveChar(c)) {
          end = i;
          break;
        }
        continue;
      }
      if (c === CH_LF) this.newline(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === CH_BACKSLASH) escaped = true;
        else if (c === CH_QUOTE) {
          inString = false;
          if (closers.length === 0) {
            end = i + 1;
            break;
          }
        }
        continue;
      }
      if (c === CH_QUOTE) inString = true;
      else if (c === CH_LBRACE) closers.push(CH_RBRACE);
      else if (c === CH_LBRACKET) closers.push(CH_RBRACKET);
      else if (c === CH_RBRACE || c === CH_RBRACKET) {
        if (closers.pop() !== c) {
          this.i = i;
          this.fail('SYNTAX', `unexpected '${String.fromCharCode(c)}': brackets do not match`, i);
        }
        if (closers.length === 0) {
          end = i + 1;
          break;
        }
      }
    }
    this.inString = inString;
    this.escaped = escaped;
    this.extraBytes += extra;
    if (end < 0) {
      this.i = n;
      return undefined;
    }
    this.i = end;
    return this.completeValue(end);
  }

  private completeValue(end: number): JsonArrayElement | undefined {
    this.state = this.afterValue;
    if (!this.oversized && this.capture) {
      this.capturedUnits += end - this.captureFrom;
      this.checkSize();
    }
    if (this.oversized) return { value: undefined, line: this.valueStart.line, tooLarge: true };
    if (!this.capture) return undefined;
    const tail = this.text.slice(this.captureFrom, end);
    this.parts.push(tail);
    const json = this.parts.length === 1 ? tail : this.parts.join('');
    this.parts.length = 0;
    const start = this.valueStart;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      const what = this.role === ROLE_ELEMENT ? 'array element' : this.role === ROLE_KEY ? 'object key' : 'value';
      throw new JsonStreamError('SYNTAX', `${what} starting here is not valid JSON`, start.line, start.column);
    }
    if (this.role === ROLE_KEY) {
      this.pendingKeyMatches = value === this.path[this.pathObjects.length - 1];
      return undefined;
    }
    if (this.role === ROLE_ELEMENT) return { value, line: start.line };
    return undefined;
  }

  // An element over the limit is read past (its row boundary is still known); a key or a value on the path is fatal.
  private checkSize(): void {
    if (this.capturedUnits + this.extraBytes <= this.maxBytes) return;
    if (this.role === ROLE_ELEMENT) {
      this.oversized = true;
      this.capture = false;
      this.parts.length = 0;
      return;
    }
    const what = this.role === ROLE_KEY ? 'object key' : 'value';
    const at = this.valueStart;
    throw new JsonStreamError(
      'ELEMENT_TOO_LARGE',
      `${what} starting here exceeds the limit of ${this.maxBytes} bytes`,
      at.line,
      at.column,
    );
  }
}

/** True for characters that can open a JSON value. */
function isValueStart(c: number): boolean {
  return c === CH_QUOTE || c === CH_LBRACE || c === CH_LBRACKET || isPrimitiveChar(c);
}

/** True for characters that can appear in a bare JSON literal (number, true, false, null). */
function isPrimitiveChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    c === 0x2b ||
    c === 0x2d ||
    c === 0x2e
  );
}

/** Names a character for an error message without echoing input content beyond that one character. */
function describe(c: number): string {
  if (c === CH_LBRACE) return 'an object';
  if (c === CH_LBRACKET) return 'an array';
  if (c === CH_QUOTE) return 'a string';
  if ((c >= 0x30 && c <= 0x39) || c === 0x2d) return 'a number';
  if (c === 0x74 || c === 0x66) return 'a boolean';
  if (c === 0x6e) return 'null';
  // Letters and digits could be the start of a credential: only syntax characters are named.
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) return 'a letter or digit';
  if (c >= 0x21 && c <= 0x7e) return `'${String.fromCharCode(c)}'`;
  return `character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}
