// The line splitter the NDJSON reader used before it read lines off the bytes: kept as the reference its tests compare with.
/** One line of a byte stream: its 1-based number and its text, or null when it was longer than the limit. */
export interface Line {
  readonly number: number;
  readonly text: string | null;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream at LF (dropping a CR before it) into UTF-8 lines. A line longer than `maxBytes` is
 * reported as `text: null` and its bytes are dropped as they arrive, so memory never exceeds the limit.
 */
export async function* splitLines(stream: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let number = 1;
  const finish = (): Line => {
    const line: Line = { number, text: tooLong ? null : decode(parts) };
    parts = [];
    size = 0;
    tooLong = false;
    number++;
    return line;
  };
  for await (const chunk of stream) {
    let start = 0;
    for (let lf = chunk.indexOf(LF); lf >= 0; lf = chunk.indexOf(LF, start)) {
      take(chunk.subarray(start, lf));
      yield finish();
      start = lf + 1;
    }
    take(chunk.subarray(start));
  }
  if (size > 0 || tooLong) yield finish();

  function take(piece: Buffer): void {
    if (tooLong || piece.length === 0) return;
    size += piece.length;
    if (size > maxBytes) {
      tooLong = true;
      parts = [];
      return;
    }
    parts.push(piece);
  }
}

function decode(parts: readonly Buffer[]): string {
  const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
  return bytes.toString('utf8', 0, end);
}
