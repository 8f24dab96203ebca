import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { KeapThrottleError } from '../errors.js';
import type { ReadItem } from './read-item.js';

// A record bigger than this cannot be a logged response and would exhaust memory; stop with a clear error.
const MAX_RECORD_BYTES = 32 * 1024 * 1024;

interface ParsedRow {
  readonly record: string[];
  readonly info: { readonly lines: number };
  readonly raw: string;
}

/** Streams CSV rows as records keyed by the header row's names; bad rows become counted skips. */
export async function* readCsvRecords(
  stream: AsyncIterable<Buffer>,
  file: string,
  delimiter: string,
): AsyncGenerator<ReadItem> {
  const pending: ReadItem[] = [];
  const parser = Readable.from(stream).pipe(
    parse({
      bom: true,
      delimiter,
      info: true,
      raw: true,
      relax_column_count: true,
      // Naive loggers write JSON bodies unquoted: keep their quotes as text instead of losing the row.
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
      on_skip: (error: CsvError | undefined, raw: string | undefined) => {
        if (error) pending.push(rowError(error, file, raw));
        return undefined;
      },
    }),
  );
  let header: string[] | undefined;
  const lines = createLineCounter();
  try {
    for await (const row of parser as AsyncIterable<ParsedRow>) {
      yield* pending.splice(0);
      const line = lines.startOf(row.raw, row.info.lines);
      if (!header) {
        header = row.record.map((name) => name.trim());
        continue;
      }
      if (row.record.length !== header.length) {
        yield {
          kind: 'skip',
          skip: {
            code: 'MALFORMED_ROW',
            source: { file, line },
            detail: `${row.record.length} fields where the header has ${header.length}`,
          },
        };
        continue;
      }
      const fields = new Map<string, string>();
      header.forEach((name, index) => fields.set(name, row.record[index] ?? ''));
      yield { kind: 'record', record: { source: { file, line }, fields, columns: header } };
    }
  } catch (error) {
    throw fatalCsvError(error, file);
  }
  yield* pending.splice(0);
}

// csv-parse reports the line where a record ends, and counts a CRLF inside quotes as two lines
// (csv-parse 6.2); undo both so the line is where the record starts in an editor.
function createLineCounter() {
  let quotedCrlfSoFar = 0;
  return {
    startOf(raw: string, reportedEndLine: number): number {
      const body = raw.replace(/\r?\n?$/, '');
      quotedCrlfSoFar += body.split('\r\n').length - 1;
      const newlines = body.split('\n').length - 1;
      return Math.max(1, reportedEndLine - quotedCrlfSoFar - newlines);
    },
  };
}

function rowError(error: CsvError, file: string, raw: string | undefined): ReadItem {
  const endLine = (error as { lines?: number }).lines ?? 0;
  // The record started where its raw text began, which is what a user needs to find the opening quote.
  const line = raw === undefined ? endLine : Math.max(1, endLine - (raw.replace(/\r?\n$/, '').split('\n').length - 1));
  if (error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_MAX_RECORD_SIZE')
    throw fatalCsvError(Object.assign(error, { lines: line }), file);
  return {
    kind: 'skip',
    skip: { code: 'MALFORMED_ROW', source: { file, line }, detail: firstSentence(error.message) },
  };
}

function fatalCsvError(error: unknown, file: string): unknown {
  if (error instanceof KeapThrottleError) return error;
  const csvError = error as Partial<CsvError> & { lines?: number };
  if (typeof csvError.code !== 'string' || !csvError.code.startsWith('CSV_')) return error;
  const line = csvError.lines;
  const location = line === undefined ? { file } : { file, line };
  if (csvError.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new KeapThrottleError(
      'INPUT_MALFORMED',
      'a quoted field opened in this row is never closed (file truncated, or a stray ")',
      {
        location,
        hint: 'check the row that opens the quote; fields containing " must double it ("")',
      },
    );
  }
  if (csvError.code === 'CSV_MAX_RECORD_SIZE') {
    return new KeapThrottleError('INPUT_MALFORMED', `a record is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MiB`, {
      location,
      hint: 'this is not a response log row; check the delimiter and quoting',
    });
  }
  return new KeapThrottleError('INPUT_MALFORMED', `CSV cannot be parsed: ${firstSentence(csvError.message ?? '')}`, {
    location,
  });
}

// csv-parse messages run on with details; one short clause is enough for a skip reason.
function firstSentence(message: string): string {
  return message.split(/:\s/)[0]?.trim() ?? message;
}
