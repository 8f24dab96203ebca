// Fuzzed logs in each format with the number of rows they hold known by construction.
import fc from 'fast-check';
import {
  anyJson,
  bodyText,
  csvCell,
  csvColumn,
  headerName,
  headerValue,
  hostileJson,
  nastyString,
  statusText,
  timeText,
} from './arbitraries.js';

/** A generated input: its bytes, the extension it would be saved with, and how many rows it holds. */
export interface GeneratedLog {
  readonly bytes: Buffer;
  readonly extension: string;
  readonly rows: number;
  /** The CSV delimiter it was written with (CSV only). */
  readonly delimiter?: string;
}

function csvQuote(text: string, delimiter: string): string {
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with any cells, rows of the wrong width, CRLF or LF, a BOM or not, `,` `;` or tab. */
export const csvLog: fc.Arbitrary<GeneratedLog> = fc
  .record({
    columns: fc.array(csvColumn, { minLength: 1, maxLength: 8 }),
    rows: fc.array(fc.array(csvCell, { maxLength: 9 }), { minLength: 1, maxLength: 20 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    delimiter: fc.constantFrom(',', ';', '\t'),
  })
  .map(({ columns, rows, crlf, bom, delimiter: chosen }) => {
    // One column has no delimiter in its header line to sniff: that reads as ','.
    const delimiter = columns.length === 1 ? ',' : chosen;
    const eol = crlf ? '\r\n' : '\n';
    const lines = rows.map((cells) => cells.map((cell) => csvQuote(cell, delimiter)).join(delimiter));
    const text = `${bom ? '\uFEFF' : ''}${columns.join(delimiter)}${eol}${lines.join(eol)}${eol}`;
    // csv-parse drops empty lines: they are not rows.
    return { bytes: Buffer.from(text), extension: 'csv', rows: lines.filter((line) => line !== '').length, delimiter };
  });

const jsonPair = (key: fc.Arbitrary<string>, value: fc.Arbitrary<string>) =>
  fc.tuple(key, value).map(([k, v]) => `${JSON.stringify(k)}:${v}`);
const jsonObject = (pairs: fc.Arbitrary<string>[], maxLength = 8) =>
  fc.array(fc.oneof(...pairs), { maxLength }).map((items) => `{${items.join(',')}}`);

const headersJson = fc.oneof(
  jsonObject([
    jsonPair(
      headerName,
      fc.oneof(
        headerValue.map((v) => JSON.stringify(v)),
        anyJson,
      ),
    ),
  ]),
  fc
    .array(
      fc.oneof(
        fc.tuple(headerName, headerValue).map(([name, value]) => JSON.stringify({ name, value })),
        jsonObject([jsonPair(fc.constantFrom('name', 'value'), anyJson)], 3),
      ),
      { maxLength: 8 },
    )
    .map((entries) => `[${entries.join(',')}]`),
  hostileJson,
);

const requestJson = jsonObject([
  jsonPair(
    fc.constantFrom('method', 'url', 'uri', 'path'),
    fc.oneof(
      nastyString.map((s) => JSON.stringify(s)),
      hostileJson,
    ),
  ),
  jsonPair(fc.constant('headers'), headersJson),
]);
const responseJson = jsonObject([
  jsonPair(
    fc.constantFrom('status', 'statusCode'),
    fc.oneof(
      fc.constantFrom('429', '200', '503'),
      statusText.map((s) => JSON.stringify(s)),
      hostileJson,
    ),
  ),
  jsonPair(
    fc.constantFrom('body', 'data'),
    fc.oneof(
      bodyText.map((s) => JSON.stringify(s)),
      anyJson,
    ),
  ),
  jsonPair(fc.constant('headers'), headersJson),
]);

/** A JSON log record as loggers write them (flat, nested request/response, header objects), with hostile values. */
export const jsonRecord = jsonObject(
  [
    jsonPair(
      fc.constantFrom('ts', 'timestamp', 'time', 'startedDateTime'),
      fc.oneof(
        timeText.map((t) => JSON.stringify(t)),
        hostileJson,
      ),
    ),
    jsonPair(
      fc.constantFrom('status', 'status_code'),
      fc.oneof(
        statusText.map((s) => JSON.stringify(s)),
        fc.constantFrom('429', '200'),
        hostileJson,
      ),
    ),
    jsonPair(
      fc.constantFrom('method', 'url', 'key', 'token', 'request_id'),
      fc.oneof(
        nastyString.map((s) => JSON.stringify(s)),
        anyJson,
      ),
    ),
    jsonPair(
      fc.constantFrom('body', 'error', 'response_body'),
      fc.oneof(
        bodyText.map((s) => JSON.stringify(s)),
        anyJson,
      ),
    ),
    jsonPair(
      fc.constantFrom('headers', 'response_headers'),
      fc.oneof(
        headersJson,
        nastyString.map((s) => JSON.stringify(s)),
      ),
    ),
    jsonPair(
      headerName,
      fc.oneof(
        headerValue.map((v) => JSON.stringify(v)),
        anyJson,
      ),
    ),
    jsonPair(fc.constant('request'), fc.oneof(requestJson, anyJson)),
    jsonPair(fc.constant('response'), fc.oneof(responseJson, anyJson)),
    jsonPair(nastyString, anyJson),
  ],
  10,
);

/** A JSON array of records and of values that are not records. */
export const jsonArrayLog: fc.Arbitrary<GeneratedLog> = fc
  .array(fc.oneof({ weight: 4, arbitrary: jsonRecord }, { weight: 1, arbitrary: anyJson }), { maxLength: 20 })
  .map((elements) => ({
    bytes: Buffer.from(`[\n${elements.join(',\n')}\n]\n`),
    extension: 'json',
    rows: elements.length,
  }));

/** NDJSON: records, values that are not objects, and lines that are not JSON at all (never blank). */
export const ndjsonLog: fc.Arbitrary<GeneratedLog> = fc
  .record({
    lines: fc.array(
      fc.oneof(
        { weight: 5, arbitrary: jsonRecord },
        { weight: 1, arbitrary: anyJson },
        { weight: 1, arbitrary: nastyString.map((s) => `x${s.replace(/[\r\n]/g, '')}`) },
      ),
      { minLength: 1, maxLength: 20 },
    ),
    crlf: fc.boolean(),
  })
  .map(({ lines, crlf }) => ({
    bytes: Buffer.from(`${lines.join(crlf ? '\r\n' : '\n')}\n`),
    extension: 'ndjson',
    rows: lines.length,
  }));

const harEntry = fc.oneof(
  {
    weight: 5,
    arbitrary: jsonObject(
      [
        jsonPair(
          fc.constant('startedDateTime'),
          fc.oneof(
            timeText.map((t) => JSON.stringify(t)),
            hostileJson,
          ),
        ),
        jsonPair(fc.constant('request'), requestJson),
        jsonPair(
          fc.constant('response'),
          jsonObject([
            jsonPair(
              fc.constant('status'),
              fc.oneof(
                fc.constantFrom('429', '200', '500'),
                statusText.map((s) => JSON.stringify(s)),
                hostileJson,
              ),
            ),
            jsonPair(fc.constant('headers'), headersJson),
            jsonPair(
              fc.constant('content'),
              fc.oneof(
                bodyText.map((t) => JSON.stringify({ text: t })),
                bodyText.map((t) => JSON.stringify({ text: Buffer.from(t).toString('base64'), encoding: 'base64' })),
                anyJson,
              ),
            ),
          ]),
        ),
      ],
      4,
    ),
  },
  { weight: 1, arbitrary: anyJson },
);

/** A HAR 1.2 file whose entries may lack parts or hold hostile values. */
export const harLog: fc.Arbitrary<GeneratedLog> = fc.array(harEntry, { maxLength: 15 }).map((entries) => ({
  bytes: Buffer.from(
    `{"log":{"version":"1.2","creator":{"name":"fuzz","version":"1"},"entries":[${entries.join(',')}]}}`,
  ),
  extension: 'har',
  rows: entries.length,
}));

/** Edits of an existing file: byte ranges removed, bytes inserted, lines repeated or dropped, the end cut off. */
export const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  }),
  fc.record({ kind: fc.constant('insertText' as const), at: fc.nat(), text: fc.oneof(nastyString, hostileJson) }),
  fc.record({ kind: fc.constant('repeatLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dropLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Applies edits in order; positions wrap around the current length. */
export function mutate(bytes: Buffer, edits: readonly Mutation[]): Buffer {
  let out = bytes;
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % (out.length + 1);
    switch (edit.kind) {
      case 'delete':
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + edit.length)]);
        break;
      case 'insert':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(edit.bytes), out.subarray(at)]);
        break;
      case 'insertText':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(edit.text), out.subarray(at)]);
        break;
      case 'truncate':
        out = out.subarray(0, at);
        break;
      default: {
        const lines = out.toString('latin1').split('\n');
        const line = edit.at % lines.length;
        if (edit.kind === 'repeatLine') lines.splice(line, 0, lines[line] ?? '');
        else lines.splice(line, 1);
        out = Buffer.from(lines.join('\n'), 'latin1');
      }
    }
  }
  return out;
}

/** One edit as generated by {@link mutation}. */
export type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;
