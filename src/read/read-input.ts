import { KeapThrottleError } from '../errors.js';
import { flattenBatches, singletonBatches } from './batches.js';
import { readCsvBatches } from './csv-records.js';
import { readHarBatches } from './har-entries.js';
import { readHttpDumpRecords } from './http-dump-records.js';
import { jsonArrayElements, JsonStreamError } from './json-elements.js';
import { recordFromJson } from './json-record.js';
import { readAppLogRecords } from './logs/app-log-records.js';
import { readNdjsonBatches } from './ndjson-records.js';
import type { OpenedInput } from './open-input.js';
import { utf16Encoding, utf16ToUtf8 } from './decode-utf16.js';
import { peek } from './peek.js';
import type { ReadItem } from './read-item.js';
import { sniffFormat, type InputFormat } from './sniff.js';
import { readTimeListRecords } from './time-list-records.js';
import { elementItem } from './too-large.js';

// Enough to see a CSV header line or the start of a JSON document, small enough to stay cheap.
const SNIFF_BYTES = 64 * 1024;

/** An input whose format is known, ready to stream its rows (one at a time, or a chunk at a time: either, once). */
export interface SniffedInput {
  readonly name: string;
  readonly format: InputFormat;
  readonly items: AsyncIterable<ReadItem>;
  readonly batches: AsyncIterable<readonly ReadItem[]>;
}

/** Sniffs an opened input's format from its content and returns its row stream. */
export async function sniffInput(input: OpenedInput): Promise<SniffedInput> {
  let peeked = await peek(input.stream, SNIFF_BYTES);
  const utf16 = utf16Encoding(peeked.head);
  if (utf16) peeked = await peek(utf16ToUtf8(peeked.stream, utf16), SNIFF_BYTES);
  const { head, ended, stream } = peeked;
  // Exactly the first SNIFF_BYTES, however the input was chunked (a pipe gives 64 KiB, a file 256 KiB).
  const sniffed = sniffFormat(head.subarray(0, SNIFF_BYTES), input.extension, head.length > SNIFF_BYTES || !ended);
  const location = { file: input.name };
  if (!sniffed.ok) {
    if (sniffed.reason === 'empty') {
      throw new KeapThrottleError('INPUT_EMPTY', 'the file is empty', {
        location,
        hint: 'log the responses first (see README "What to log")',
      });
    }
    if (sniffed.reason === 'binary') {
      throw new KeapThrottleError('INPUT_FORMAT_UNKNOWN', 'this is binary data, not a CSV, JSON, NDJSON or HAR log', {
        location,
        hint: 'export the log as CSV, JSON or HAR',
      });
    }
    throw new KeapThrottleError(
      'INPUT_FORMAT_UNKNOWN',
      'a single JSON object that is neither a HAR file nor one record per line',
      {
        location: { file: input.name, line: 1 },
        hint: 'wrap the records in a JSON array, or write one JSON object per line (NDJSON)',
      },
    );
  }
  const batches = batchesFor(sniffed.format, sniffed.delimiter, stream, input.name);
  return { name: input.name, format: sniffed.format, items: flattenBatches(batches), batches };
}

function batchesFor(
  format: InputFormat,
  delimiter: string,
  stream: AsyncIterable<Buffer>,
  file: string,
): AsyncIterable<readonly ReadItem[]> {
  if (format === 'csv') return readCsvBatches(stream, file, delimiter);
  if (format === 'ndjson') return readNdjsonBatches(stream, file);
  if (format === 'har') return asInputErrors(readHarBatches(stream, file), file);
  return singletonBatches(itemsFor(format, stream, file));
}

function itemsFor(
  format: Exclude<InputFormat, 'csv' | 'ndjson' | 'har'>,
  stream: AsyncIterable<Buffer>,
  file: string,
): AsyncIterable<ReadItem> {
  switch (format) {
    case 'json-array':
      return readJsonElements(stream, file, [], recordFromJson);
    case 'php-log':
      return readAppLogRecords(stream, file, 'php');
    case 'python-log':
      return readAppLogRecords(stream, file, 'python');
    case 'http-dump':
      return readHttpDumpRecords(stream, file);
    case 'times':
      return readTimeListRecords(stream, file);
  }
}

async function* readJsonElements(
  stream: AsyncIterable<Buffer>,
  file: string,
  arrayPath: readonly string[],
  toItem: (value: unknown, source: { file: string; line: number }) => ReadItem,
): AsyncGenerator<ReadItem> {
  yield* asInputErrors(
    (async function* () {
      for await (const element of jsonArrayElements(stream, { arrayPath })) {
        yield elementItem(element, file, toItem);
      }
    })(),
    file,
  );
}

/** The items of a JSON reader, its JsonStreamError turned into the one-line input error. */
async function* asInputErrors<T>(items: AsyncIterable<T>, file: string): AsyncGenerator<T> {
  try {
    yield* items;
  } catch (error) {
    if (error instanceof JsonStreamError) {
      // The location already names the line; keep only the column from the scanner's own suffix.
      const message = `${error.message.replace(/\s*\(line \d+, column \d+\)$/, '')} (column ${error.column})`;
      throw new KeapThrottleError('INPUT_MALFORMED', message, {
        location: { file, line: error.line },
        hint:
          error.reason === 'TRUNCATED'
            ? 'the file ends in the middle of the JSON: was it cut off while being written?'
            : 'fix the JSON at that line',
      });
    }
    throw error;
  }
}
