import { jsonSyntaxProblem } from './json-syntax.js';
import { MAX_RECORD_BYTES } from './limits.js';
import type { ReadItem } from './read-item.js';
import { recordFromJson } from './json-record.js';
import { splitLines } from './split-lines.js';

/** Streams one JSON object per line; a line that is not a JSON object, or is too large, is a counted skip. */
export async function* readNdjsonRecords(
  stream: AsyncIterable<Buffer>,
  file: string,
  maxLineBytes = MAX_RECORD_BYTES,
): AsyncGenerator<ReadItem> {
  for await (const line of splitLines(stream, maxLineBytes)) {
    const source = { file, line: line.number };
    if (line.text === null) {
      yield {
        kind: 'skip',
        skip: {
          code: 'ROW_TOO_LARGE',
          source,
          detail: `the line is longer than ${maxLineBytes / 1024 / 1024} MiB (its bytes were skipped, not read)`,
        },
      };
      continue;
    }
    const trimmed = (line.number === 1 ? line.text.replace(/^\uFEFF/, '') : line.text).trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      yield {
        kind: 'skip',
        skip: { code: 'MALFORMED_ROW', source, detail: jsonSyntaxProblem(error) },
      };
      continue;
    }
    yield recordFromJson(value, source);
  }
}
