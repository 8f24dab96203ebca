import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadItem } from './read-item.js';
import { recordFromJson } from './json-record.js';

/** Streams one JSON object per line; a line that is not a JSON object is a counted skip. */
export async function* readNdjsonRecords(stream: AsyncIterable<Buffer>, file: string): AsyncGenerator<ReadItem> {
  const lines = createInterface({ input: Readable.from(stream), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      const reason = error instanceof SyntaxError ? (error.message.split('\n')[0] ?? 'invalid JSON') : 'invalid JSON';
      yield {
        kind: 'skip',
        skip: { code: 'MALFORMED_ROW', source: { file, line }, detail: `not valid JSON (${reason})` },
      };
      continue;
    }
    yield recordFromJson(value, { file, line });
  }
}
