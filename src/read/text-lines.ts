// Lines longer than this are no log line a person wrote; the rest of such a line is dropped, the line still counted.
const MAX_LINE_CHARS = 4 * 1024 * 1024;

/** One physical line: its text without the line ending, its 1-based number, and the ending it had. */
export interface TextLine {
  readonly text: string;
  readonly line: number;
  readonly eol: '' | '\n' | '\r\n';
}

/** Streams UTF-8 text as lines (a BOM dropped), keeping each line's ending so byte counts stay exact. */
export async function* textLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<TextLine> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let line = 0;
  let first = true;
  const take = function* (final: boolean): Generator<TextLine> {
    let start = 0;
    for (;;) {
      const newline = pending.indexOf('\n', start);
      if (newline < 0) break;
      const crlf = newline > start && pending.charCodeAt(newline - 1) === 13;
      line++;
      yield { text: pending.slice(start, crlf ? newline - 1 : newline), line, eol: crlf ? '\r\n' : '\n' };
      start = newline + 1;
    }
    pending = pending.slice(start);
    if (pending.length > MAX_LINE_CHARS) pending = pending.slice(0, MAX_LINE_CHARS);
    if (final && pending !== '') {
      line++;
      yield { text: pending, line, eol: '' };
      pending = '';
    }
  };
  for await (const chunk of stream) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && pending.length > 0) {
      if (pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
      first = false;
    }
    yield* take(false);
  }
  pending += decoder.decode();
  yield* take(true);
}
