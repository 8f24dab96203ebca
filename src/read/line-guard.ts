import { KeapThrottleError } from '../errors.js';
import { MAX_FIELDS_PER_LINE, MAX_RECORD_BYTES } from './limits.js';

const LF = 0x0a;

/**
 * Passes a CSV byte stream through unchanged, stopping with a one-line error as soon as one line is longer
 * than a record may be, or holds more delimiters than a row has fields: checked on the bytes as they
 * arrive, before the CSV parser buffers them. A record holds whole lines, so this bounds records too.
 */
export async function* guardLines(
  stream: AsyncIterable<Buffer>,
  file: string,
  delimiter: string,
  limits = { maxLineBytes: MAX_RECORD_BYTES, maxFields: MAX_FIELDS_PER_LINE },
): AsyncGenerator<Buffer> {
  const delimiterByte = Buffer.from(delimiter)[0] ?? 0x2c;
  let line = 1;
  let lineBytes = 0;
  let delimiters = 0;
  for await (const chunk of stream) {
    let start = 0;
    for (;;) {
      const lf = chunk.indexOf(LF, start);
      const end = lf < 0 ? chunk.length : lf;
      lineBytes += end - start;
      if (lineBytes > limits.maxLineBytes) throw tooLong(file, line, `longer than ${mib(limits.maxLineBytes)}`);
      // Only a line longer than the field limit can hold more delimiters than it: count just there.
      if (lineBytes > limits.maxFields) {
        for (
          let at = chunk.indexOf(delimiterByte, start);
          at >= 0 && at < end;
          at = chunk.indexOf(delimiterByte, at + 1)
        )
          delimiters++;
        if (delimiters >= limits.maxFields)
          throw tooLong(file, line, `split into more than ${limits.maxFields.toLocaleString('en-US')} fields`);
      }
      if (lf < 0) break;
      line++;
      lineBytes = 0;
      delimiters = 0;
      start = lf + 1;
    }
    yield chunk;
  }
}

function mib(bytes: number): string {
  return `${bytes / 1024 / 1024} MiB`;
}

function tooLong(file: string, line: number, what: string): KeapThrottleError {
  return new KeapThrottleError('INPUT_MALFORMED', `this line is ${what}: no response log row is`, {
    location: { file, line },
    hint: 'check that this is a CSV log and that its delimiter and quoting are right',
  });
}
