import { describe, expect, it } from 'vitest';
import { readHarBatches } from '../../src/read/har-entries.js';
import { recordFromHarEntry } from '../../src/read/har-record.js';
import { jsonArrayElements, JsonStreamError } from '../../src/read/json-elements.js';
import { recordFromJson } from '../../src/read/json-record.js';
import { jsonSyntaxProblem } from '../../src/read/json-syntax.js';
import { JsonTape, TAPE_INCOMPLETE, TAPE_INVALID } from '../../src/read/json-tape.js';
import { readNdjsonRecords } from '../../src/read/ndjson-records.js';
import type { ReadItem } from '../../src/read/read-item.js';
import { splitLines } from '../helpers/split-lines.js';

// The byte readers must give what JSON.parse and the object readers give, item for item and fault for fault.

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** An item as plain data: the record's fields and headers as entry lists, in their order. */
function plain(item: ReadItem): unknown {
  if (item.kind !== 'record') return item;
  const { source, fields, headers } = item.record;
  return { kind: 'record', source, fields: [...fields], ...(headers !== undefined && { headers: [...headers] }) };
}

// The NDJSON reading before the byte reader: each line decoded, trimmed, JSON.parse'd, read by recordFromJson.
async function referenceNdjson(stream: AsyncIterable<Buffer>, file: string, max: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const line of splitLines(stream, max)) {
    const source = { file, line: line.number };
    if (line.text === null) {
      out.push({
        kind: 'skip',
        skip: {
          code: 'ROW_TOO_LARGE',
          source,
          detail: `the line is longer than ${max / 1024 / 1024} MiB (its bytes were skipped, not read)`,
        },
      });
      continue;
    }
    const trimmed = (line.number === 1 ? line.text.replace(/^\uFEFF/, '') : line.text).trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      out.push({ kind: 'skip', skip: { code: 'MALFORMED_ROW', source, detail: jsonSyntaxProblem(error) } });
      continue;
    }
    out.push(plain(recordFromJson(value, source)));
  }
  return out;
}

async function ndjson(stream: AsyncIterable<Buffer>, file: string, max: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of readNdjsonRecords(stream, file, max)) out.push(plain(item));
  return out;
}

const headers = '{"x-keap-product-throttle-used":"3","X-Keap-Product-Throttle-Limit":1500,"Set-Cookie":["a","b"]}';
const deep = `${'['.repeat(70)}1${']'.repeat(70)}`;
const LINES = [
  `{"ts":"2026-03-02T21:51:17.996Z","method":"GET","url":"/v2/contacts","status":200,"headers":${headers},"body":"{\\"id\\":1}"}`,
  '{"ts":"2026-03-02T21:51:18Z","status":429,"headers":{"retry-after":"1","Retry-After":"2"},"body":"Quota Exceeded"}',
  '{"status":1.50,"a":1e2,"b":-0,"c":1E400,"d":0.1e1,"e":-12,"f":123456789012345678,"g":true,"h":false,"i":null}',
  '{"s":"\\u00e9\\/\\n\\ud800","t":"caf\u00e9 \u2603 \ud83d\ude00","\u00fcml":"x"}',
  '{"a":1,"a":2,"b":3}',
  '{"headers":{"x-a":"1"},"headers":"text"}',
  '{"2":"x","1":"y","b":"z"}',
  '{"headers":{"10":"x","x-b":"y"}}',
  '{"headers":{"x-a":{"nested":1}}}',
  '{"headers":[{"name":"X-A","value":"1"},{"name":"x-a","value":"2"}],"ts":"2026-01-01T00:00:00Z"}',
  '{"headers":5,"response_headers":{"x-a":"1"},"resHeaders":{"x-b":"2"}}',
  '{"meta":{"k":[1,2,{"z":null}]},"list":[ 1 , 2 ]}',
  '{"request":{"method":"POST","url":"/x","headers":{"Authorization":"Bearer abc"}},"response":{"status":429}}',
  '{"request":"GET /x","response":null,"status":"200"}',
  '{"__proto__":{"x":1},"constructor":"y"}',
  `{"deep":${deep}}`,
  '{"a":1,}',
  '{"a":01}',
  '{"a":"tab\there"}',
  '{"a":tru}',
  '{"a":"x"} trailing',
  '  {"a":"spaced"}\t\r',
  '\u00a0{"a":"nbsp"}',
  '\f{"a":"ff"}',
  '',
  '   ',
  '{}',
  '[]',
  '5',
  'null',
  '"text"',
  '{"a":"\\x"}',
  '{"a":"\\u12G4"}',
  '{"a":[1,2',
  '{"x-keap-product-throttle-used":"4","headers":{"x-keap-product-throttle-used":"5"}}',
  // Keys change places and turn up as values from one record to the next (the scan compares keys by place).
  '{"a":"b","b":"a","headers":{"x-a":"1","x-b":"2"}}',
  '{"b":"a","a":"b","headers":{"x-b":"1","x-a":"2"}}',
  '{"a":"b","b":"a","headers":{"x-a":"1","x-a":"2"}}',
  '{"a":"b","b":"a","headers":{"x-a":"1","X-A":"2"}}',
  '{"x-a":"b","headers":{"a":"1","b":"2"},"b":"a"}',
];

describe('NDJSON read off the bytes', () => {
  it('gives what JSON.parse and recordFromJson give, for every line and chunking', async () => {
    const text = `\uFEFF${LINES.join('\n')}\r\n${LINES.join('\r\n')}\n{"last":"no newline"}`;
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from('\n{"bad":"\xff\xfe"}\n{"k\xc3":1}')]);
    for (const size of [1, 3, 17, 256, bytes.length]) {
      const expected = await referenceNdjson(chunked(bytes, size), 'log.ndjson', 32 * 1024 * 1024);
      expect(await ndjson(chunked(bytes, size), 'log.ndjson', 32 * 1024 * 1024)).toEqual(expected);
      // Every line is read (used or skipped) as before: the reference has one item per non-blank line.
      expect(expected.length).toBeGreaterThan(2 * LINES.length - 10);
    }
  });

  it('skips a line longer than the limit where splitLines did, however the bytes arrive', async () => {
    const bytes = Buffer.from(`{"a":"${'x'.repeat(50)}"}\n{"b":1}\n${'{"c":2}'.repeat(20)}`);
    for (const size of [1, 10, 64, bytes.length]) {
      const got = await ndjson(chunked(bytes, size), 'f', 40);
      expect(got).toEqual(await referenceNdjson(chunked(bytes, size), 'f', 40));
      expect(got.map((item) => (item as ReadItem).kind)).toEqual(['skip', 'record', 'skip']);
    }
  });
});

// The HAR reading before the byte reader: every element parsed by the scanner, read by recordFromHarEntry.
async function referenceHar(bytes: Buffer, size: number): Promise<{ items: unknown[]; error?: unknown }> {
  const items: unknown[] = [];
  try {
    for await (const element of jsonArrayElements(chunked(bytes, size), { arrayPath: ['log', 'entries'] }))
      items.push(plain(recordFromHarEntry(element.value, { file: 'x.har', line: element.line })));
  } catch (error) {
    return { items, error: describeError(error) };
  }
  return { items };
}

async function har(bytes: Buffer, size: number): Promise<{ items: unknown[]; error?: unknown }> {
  const items: unknown[] = [];
  try {
    for await (const batch of readHarBatches(chunked(bytes, size), 'x.har')) items.push(...batch.map(plain));
  } catch (error) {
    return { items, error: describeError(error) };
  }
  return { items };
}

function describeError(error: unknown): unknown {
  if (!(error instanceof JsonStreamError)) throw error;
  return { reason: error.reason, message: error.message, line: error.line, column: error.column };
}

function entry(status: number | string, extra = ''): string {
  return (
    `{"startedDateTime":"2026-03-02T21:51:17.996Z","time":120,"request":{"method":"GET","url":"/v2/contacts/1",` +
    `"headers":[{"name":"Authorization","value":"Bearer abc"},{"name":"Cookie","value":"s=1"},{"name":"x-api-key"}]},` +
    `"response":{"status":${status},"headers":[{"name":"X-Keap-Product-Throttle-Used","value":"3"},` +
    `{"name":"x-keap-product-throttle-used","value":"4"},{"name":"Retry-After","value":2},{"comment":"no name"}],` +
    `"content":{"size":5,"mimeType":"application/json","text":"eyJmYXVsdCI6MX0=","encoding":"base64"}}${extra}}`
  );
}

const ENTRIES = [
  entry(429),
  entry(200, ',"cache":{}'),
  '{"startedDateTime":"2026-03-02T21:51:18Z","request":{"method":"GET","url":"/caf\u00e9","headers":{"X-Api-Key":"k"}},"response":{"status":"200","headers":{},"content":{"text":"\\u2603 ok"}}}',
  '{"request":{},"response":{"status":200,"headers":[{"name":"x-a","value":{"o":1}}]}}',
  '{"request":{"method":"GET"},"response":{"status":200},"request":{"method":"POST"}}',
  '{"request":{"method":["GET"]},"response":{"status":200}}',
  '{"request":{},"response":{"status":200,"headers":{"2":"b","1":"a"}}}',
  '{"request":{},"response":{"st\\u0061tus":201}}',
  '{"request":{},"response":{"status":200}}',
  '{"request":"GET","response":{"status":200}}',
  `{"request":{},"response":{"status":200},"deep":${deep}}`,
  '5',
];

describe('HAR read off the bytes', () => {
  const documents = {
    'one entry a line': `{"log":{"version":"1.2","entries":[\n${ENTRIES.join(',\n')}\n]}}\n`,
    'minified, BOM, pages first': `\uFEFF{"log":{"pages":[{"id":"p\u00e9"}],"entries":[${ENTRIES.join(',')}],"comment":"after"}}`,
    'pretty printed': JSON.stringify({ log: { entries: ENTRIES.slice(0, 3).map((e) => JSON.parse(e)) } }, null, 2),
    'no entries': '{"log":{"entries":[]}}',
    'bad JSON in an entry': `{"log":{"entries":[\n${entry(200)},\n  ${entry(200).replace('"GET"', 'GET')}\n]}}`,
    'bad separator': `{"log":{"entries":[${entry(200)} ${entry(429)}]}}`,
    'trailing comma': `{"log":{"entries":[${entry(200)},]}}`,
    'cut off in an entry': `{"log":{"entries":[\n${entry(200)},\n${entry(429).slice(0, 150)}`,
    'cut off after an entry': `{"log":{"entries":[\n${entry(200)}`,
    'cut off after the array': `{"log":{"entries":[${entry(200)}]`,
    'data after the document': `{"log":{"entries":[${entry(200)}]}} {}`,
    'non-ASCII before a fault': `{"log":{"entries":[\n${ENTRIES[2]}, ${entry(200)}, x]}}`,
    'no entries key': '{"log":{"version":"1.2"}}',
    'entries not an array': '{"log":{"entries":{}}}',
  };
  for (const [name, text] of Object.entries(documents)) {
    it(`gives what the scanner and recordFromHarEntry give: ${name}`, async () => {
      const bytes = Buffer.from(text);
      for (const size of [1, 7, 100, 4096, bytes.length]) {
        const expected = await referenceHar(bytes, size);
        expect(await har(bytes, size)).toEqual(expected);
      }
    });
  }

  it('reads every entry of a valid document and reports the fault of a broken one where the scanner does', async () => {
    const good = await har(Buffer.from(documents['one entry a line']), 64);
    expect(good.error).toBeUndefined();
    expect(good.items).toHaveLength(ENTRIES.length);
    const bad = await har(Buffer.from(documents['bad JSON in an entry']), 64);
    expect(bad.items).toHaveLength(1);
    expect(bad.error).toMatchObject({ reason: 'SYNTAX', line: 3, column: 3 });
  });
});

describe('JsonTape', () => {
  it('accepts exactly what JSON.parse accepts', () => {
    const tape = new JsonTape();
    const cases = [
      '{"a":[1,-2.5e+3,true,false,null,"x\\u0041"]}',
      '[]',
      '{}',
      '0',
      '-0.0E-0 ',
      '"\\"\\\\\\/\\b\\f\\n\\r\\t"',
      '{"a":1,}',
      '[1,]',
      '[01]',
      '[1.]',
      '[.5]',
      '[+1]',
      '[1e]',
      '{"a" 1}',
      '{a:1}',
      "{'a':1}",
      '["\\u12"]',
      '["\\a"]',
      '["a\tb"]',
      '[NaN]',
      '[nul]',
      '[1 2]',
      '{"a":1 "b":2}',
      '[}',
      '{]',
      `${'['.repeat(64)}${']'.repeat(64)}`,
    ];
    for (const text of cases) {
      const bytes = Buffer.from(text);
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const stop = tape.scan(bytes, 0, bytes.length);
      if (valid) expect([bytes.length, text.trimEnd().length, TAPE_INCOMPLETE]).toContain(stop);
      else expect([TAPE_INVALID, TAPE_INCOMPLETE]).toContain(stop);
      // A complete value never reads as incomplete once a delimiter follows it.
      const closed = Buffer.from(`${text}\n`);
      const end = tape.scan(closed, 0, closed.length);
      if (valid) expect(end).toBeGreaterThan(0);
      else expect(end).toBeLessThan(0);
    }
    // Nesting past 64 levels is left to the old readers, which skip it as TOO_DEEP.
    const deeper = Buffer.from(`${'['.repeat(65)}${']'.repeat(65)}`);
    expect(tape.scan(deeper, 0, deeper.length)).toBe(TAPE_INVALID);
  });
});
