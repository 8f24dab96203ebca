// Lines longer than this are no log line a person wrote; the rest of such a line is dropped, the line still counted.
const MAX_LINE_BYTES = 4 * 1024 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/** One physical line: its text without the line ending, its 1-based number, and the ending it had. */
export interface TextLine {
  readonly text: string;
  readonly line: number;
  readonly eol: '' | '\n' | '\r\n';
}

/**
 * Streams UTF-8 text as lines (a BOM dropped), keeping each line's ending so byte counts stay exact.
 * Each line is decoded on its own, so a value kept from it (a path in a report) never pins a whole read chunk.
 */
export async function* textLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<TextLine> {
  let carry: Buffer = Buffer.alloc(0);
  let line = 0;
  let first = true;
  let dropping = false;
  for await (const chunk of stream) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (first && bytes.length > 0) {
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      first = false;
    }
    let start = 0;
    for (let newline = bytes.indexOf(LF); newline >= 0; newline = bytes.indexOf(LF, start)) {
      const piece = bytes.subarray(start, newline);
      const whole = carry.length > 0 ? Buffer.concat([carry, piece]) : piece;
      carry = Buffer.alloc(0);
      dropping = false;
      const crlf = whole.length > 0 && whole[whole.length - 1] === CR;
      line++;
      yield {
        text: whole.toString('utf8', 0, crlf ? whole.length - 1 : whole.length),
        line,
        eol: crlf ? '\r\n' : '\n',
      };
      start = newline + 1;
    }
    if (start < bytes.length && !dropping) {
      carry = Buffer.concat([carry, bytes.subarray(start)]);
      if (carry.length > MAX_LINE_BYTES) {
        carry = carry.subarray(0, MAX_LINE_BYTES);
        dropping = true;
      }
    }
  }
  if (carry.length > 0) {
    line++;
    yield { text: carry.toString('utf8'), line, eol: '' };
  }
}
