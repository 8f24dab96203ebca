import { describe, it, expect } from 'vitest';
import { jsonArrayElements, JsonStreamError, DEFAULT_MAX_ELEMENT_BYTES } from '../../src/read/json-elements.js';
import type { JsonArrayElement, JsonStreamErrorReason } from '../../src/read/json-elements.js';
import { createRandom } from '../../src/spike/prng.js';

const encoder = new TextEncoder();

async function* fromChunks<T>(chunks: readonly T[]): AsyncGenerator<T> {
  for (const chunk of chunks) yield chunk;
}

/** Splits the UTF-8 bytes of `text` into pieces of `size` bytes (so multibyte characters get cut). */
function byteChunks(text: string, size: number): Uint8Array[] {
  const bytes = encoder.encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** Splits `text` into string pieces of `size` UTF-16 units (so surrogate pairs get cut). */
function stringChunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

async function collect(
  chunks: readonly (string | Uint8Array)[],
  arrayPath: readonly string[] = [],
  maxElementBytes?: number,
): Promise<JsonArrayElement[]> {
  const out: JsonArrayElement[] = [];
  const options = maxElementBytes === undefined ? { arrayPath } : { arrayPath, maxElementBytes };
  for await (const element of jsonArrayElements(fromChunks(chunks), options)) out.push(element);
  return out;
}

interface Failure {
  readonly yielded: unknown[];
  readonly error: JsonStreamError;
}

async function failure(
  chunks: readonly (string | Uint8Array)[],
  arrayPath: readonly string[] = [],
  maxElementBytes?: number,
): Promise<Failure> {
  const yielded: unknown[] = [];
  const options = maxElementBytes === undefined ? { arrayPath } : { arrayPath, maxElementBytes };
  try {
    for await (const element of jsonArrayElements(fromChunks(chunks), options)) yielded.push(element.value);
  } catch (error) {
    if (error instanceof JsonStreamError) return { yielded, error };
    throw error;
  }
  throw new Error('expected a JsonStreamError');
}

describe('jsonArrayElements on a root array', () => {
  it('yields each element with the line where it starts', async () => {
    const text = '[\n  {"a": 1},\n  {"b": [2, 3]}, {"c": {"d": null}},\n\n  {\n    "e": "x"\n  }\n]\n';
    expect(await collect([text])).toEqual([
      { value: { a: 1 }, line: 2 },
      { value: { b: [2, 3] }, line: 3 },
      { value: { c: { d: null } }, line: 3 },
      { value: { e: 'x' }, line: 5 },
    ]);
  });

  it('yields primitive elements as they are', async () => {
    const text = '[1, -2.5e3, "s", true, false, null, [], {}, 0]';
    const values = (await collect([text])).map((e) => e.value);
    expect(values).toEqual([1, -2500, 's', true, false, null, [], {}, 0]);
  });

  it('yields nothing for an empty array', async () => {
    expect(await collect([' [ \n ] \n'])).toEqual([]);
  });

  it('reads a primitive element that is cut by a chunk boundary', async () => {
    expect(await collect(['[12', '34,tr', 'ue,"a', 'b"]'])).toEqual([
      { value: 1234, line: 1 },
      { value: true, line: 1 },
      { value: 'ab', line: 1 },
    ]);
  });

  it('counts CRLF line endings as one line each', async () => {
    const text = '[\r\n  1,\r\n  {"a":\r\n 2},\r\n\r\n  "x"\r\n]\r\n';
    expect(await collect([text])).toEqual([
      { value: 1, line: 2 },
      { value: { a: 2 }, line: 3 },
      { value: 'x', line: 6 },
    ]);
  });
});

describe('jsonArrayElements on a HAR file', () => {
  const har = [
    '{',
    '  "entries": ["root-level decoy"],',
    '  "log": {',
    '    "version": "1.2",',
    '    "creator": {"name": "WebInspector", "version": "537.36"},',
    '    "pages": [',
    '      {"id": "page_1", "entries": [{"decoy": true}], "title": "a ] } \\" tricky"}',
    '    ],',
    '    "entries": [',
    '      {"request": {"method": "GET", "url": "https://api.infusionsoft.com/crm/rest/v1/contacts"},',
    '       "response": {"status": 429, "headers": [{"name": "x-keap-product-throttle-available", "value": "0"}]}},',
    '      {"request": {"method": "POST"}, "response": {"status": 200}}',
    '    ],',
    '    "comment": "after entries",',
    '    "entries": ["duplicate key ignored"]',
    '  },',
    '  "trailer": [1, {"x": 2}]',
    '}',
  ].join('\n');

  it('yields log.entries and skips pages, creator and decoy keys', async () => {
    const elements = await collect([har], ['log', 'entries']);
    expect(elements.map((e) => e.line)).toEqual([10, 12]);
    expect(elements[0]?.value).toEqual({
      request: { method: 'GET', url: 'https://api.infusionsoft.com/crm/rest/v1/contacts' },
      response: { status: 429, headers: [{ name: 'x-keap-product-throttle-available', value: '0' }] },
    });
    expect(elements[1]?.value).toEqual({ request: { method: 'POST' }, response: { status: 200 } });
  });

  it('gives the same result when fed one byte at a time', async () => {
    const whole = await collect([har], ['log', 'entries']);
    expect(await collect(byteChunks(har, 1), ['log', 'entries'])).toEqual(whole);
  });

  it('takes the first of duplicate path keys, unlike JSON.parse which keeps the last', async () => {
    const text = '{"entries": [1],\n"entries": [2]}';
    expect(await collect([text], ['entries'])).toEqual([{ value: 1, line: 1 }]);
    expect(JSON.parse(text).entries).toEqual([2]);
  });

  it('skips a pages value larger than maxElementBytes without capturing it', async () => {
    const big = 'z'.repeat(200_000);
    const text = `{"log": {"pages": [{"title": "${big}"}], "entries": [{"n": 1}]}}`;
    const elements = await collect(stringChunks(text, 4096), ['log', 'entries'], 1000);
    expect(elements).toEqual([{ value: { n: 1 }, line: 1 }]);
  });

  it('finds a key written with escapes', async () => {
    const text = '{"l\\u006fg": {"entr\\u0069es": [7]}}';
    expect(await collect([text], ['log', 'entries'])).toEqual([{ value: 7, line: 1 }]);
  });
});

describe('jsonArrayElements across chunk boundaries', () => {
  const doc = [
    '[',
    '  {"q": "say \\"hi\\"", "bs": "back\\\\", "both": "\\\\\\"", "u": "\\u00e9\\ud83d\\ude00"},',
    '  ["nested", ["deeper", {"k": [1, 2, {"z": "]}"}]}], "café ☕ 😀 日本"],',
    '  "\\\\",',
    '  -0.5e-3,',
    '  {"empty": {}, "arr": [], "s": ""}',
    ']',
  ].join('\n');
  const expected = (JSON.parse(doc) as unknown[]).map((value, index) => ({ value, line: [2, 3, 4, 5, 6][index] }));

  it.each([1, 2, 3, 7])('reads byte chunks of %i bytes', async (size) => {
    expect(await collect(byteChunks(doc, size))).toEqual(expected);
  });

  it.each([1, 2, 5])('reads string chunks of %i UTF-16 units, splitting surrogate pairs', async (size) => {
    expect(await collect(stringChunks(doc, size))).toEqual(expected);
  });

  it('strips a UTF-8 BOM split across byte chunks', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('[\n"é"]')]);
    const chunks = [...bytes].map((b) => new Uint8Array([b]));
    expect(await collect(chunks)).toEqual([{ value: 'é', line: 2 }]);
  });

  it('strips a BOM given as the first character of a string chunk', async () => {
    expect(await collect(['', '\uFEFF[1', ',2]'])).toEqual([
      { value: 1, line: 1 },
      { value: 2, line: 1 },
    ]);
  });

  it('reports columns after a BOM as if the BOM were absent', async () => {
    const { error } = await failure(['\uFEFF{}']);
    expect([error.reason, error.line, error.column]).toEqual(['NOT_AN_ARRAY', 1, 1]);
  });

  it('round-trips 50k generated elements fed in seeded random-sized chunks', async () => {
    const random = createRandom(20260608);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const fragments = ['a', 'é', '😀', '"', '\\', '\\\\"', '/', '\t', '\n', 'x-keap', ']', '}', ',', '日本', ' '];
    const randomString = (): string => {
      let s = '';
      const length = Math.floor(random() * 12);
      for (let i = 0; i < length; i++) s += pick(fragments);
      return s;
    };
    const randomValue = (depth: number): unknown => {
      const kind = Math.floor(random() * (depth > 2 ? 4 : 6));
      if (kind === 0) return Math.floor(random() * 1e9) - 5e8;
      if (kind === 1) return random() * 1000;
      if (kind === 2) return randomString();
      if (kind === 3) return pick([true, false, null]);
      if (kind === 4) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
      const obj: Record<string, unknown> = {};
      const keys = Math.floor(random() * 4);
      for (let i = 0; i < keys; i++) obj[`k${i}${randomString()}`] = randomValue(depth + 1);
      return obj;
    };

    const count = 50_000;
    const values: unknown[] = [];
    const lines: number[] = [];
    const pieces: string[] = ['\uFEFF['];
    let line = 1;
    for (let n = 0; n < count; n++) {
      const separator = n === 0 ? pick(['', '\n', '\r\n  ']) : pick([',', ', ', ',\n', ',\r\n\t', '\n,\n\n']);
      pieces.push(separator);
      line += separator.split('\n').length - 1;
      const value = randomValue(0);
      const json = random() < 0.2 ? JSON.stringify(value, null, 2) : JSON.stringify(value);
      values.push(value);
      lines.push(line);
      pieces.push(json);
      line += json.split('\n').length - 1;
    }
    pieces.push('\n]\n');
    const bytes = encoder.encode(pieces.join(''));

    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length;) {
      const size = 1 + Math.floor(random() * 8192);
      chunks.push(bytes.subarray(at, at + size));
      at += size;
    }

    let index = 0;
    let mismatches = 0;
    for await (const element of jsonArrayElements(fromChunks(chunks), { arrayPath: [] })) {
      // compare via JSON text so -0 and key order are checked exactly and cheaply
      if (JSON.stringify(element.value) !== JSON.stringify(values[index]) || element.line !== lines[index])
        mismatches++;
      index++;
    }
    expect(index).toBe(count);
    expect(mismatches).toBe(0);
    expect(chunks.length).toBeGreaterThan(100);
  });
});

describe('jsonArrayElements errors', () => {
  interface ErrorCase {
    readonly name: string;
    readonly text: string;
    readonly path?: readonly string[];
    readonly max?: number;
    readonly reason: JsonStreamErrorReason;
    readonly line: number;
    readonly column: number;
    readonly yielded: readonly unknown[];
  }
  const cases: readonly ErrorCase[] = [
    {
      name: 'input ends inside an element',
      text: '[\n 1,\n {"a":\n',
      reason: 'TRUNCATED',
      line: 3,
      column: 2,
      yielded: [1],
    },
    {
      name: 'input ends inside a string element',
      text: '[\n"ab\\"',
      reason: 'TRUNCATED',
      line: 2,
      column: 1,
      yielded: [],
    },
    { name: 'input ends between elements', text: '\n  [\n1,\n', reason: 'TRUNCATED', line: 2, column: 3, yielded: [1] },
    {
      name: 'input ends after a primitive element',
      text: '[1,\n22',
      reason: 'TRUNCATED',
      line: 2,
      column: 1,
      yielded: [1],
    },
    {
      name: 'input ends inside a skipped value',
      text: '{"log": {\n  "pages": [\n{"id": 1}',
      path: ['log', 'entries'],
      reason: 'TRUNCATED',
      line: 2,
      column: 12,
      yielded: [],
    },
    {
      name: 'input ends after the entries array inside log',
      text: '{"log": {\n"entries": [5]\n',
      path: ['log', 'entries'],
      reason: 'TRUNCATED',
      line: 1,
      column: 9,
      yielded: [5],
    },
    { name: 'root is an object', text: '\n\n  {"a": 1}', reason: 'NOT_AN_ARRAY', line: 3, column: 3, yielded: [] },
    { name: 'root is a number', text: '42', reason: 'NOT_AN_ARRAY', line: 1, column: 1, yielded: [] },
    {
      name: 'log.entries is an object',
      text: '{"log": {\n  "entries": {"a": 1}}}',
      path: ['log', 'entries'],
      reason: 'NOT_AN_ARRAY',
      line: 2,
      column: 14,
      yielded: [],
    },
    {
      name: 'log has no entries',
      text: '{\n  "log": {\n    "pages": []\n  }\n}',
      path: ['log', 'entries'],
      reason: 'PATH_NOT_FOUND',
      line: 2,
      column: 10,
      yielded: [],
    },
    {
      name: 'root has no log',
      text: '{}',
      path: ['log', 'entries'],
      reason: 'PATH_NOT_FOUND',
      line: 1,
      column: 1,
      yielded: [],
    },
    {
      name: 'root is an array when a path is given',
      text: '\n[1]',
      path: ['log'],
      reason: 'PATH_NOT_FOUND',
      line: 2,
      column: 1,
      yielded: [],
    },
    {
      name: 'log is an array',
      text: '{"log": [1]}',
      path: ['log', 'entries'],
      reason: 'PATH_NOT_FOUND',
      line: 1,
      column: 9,
      yielded: [],
    },
    { name: 'two elements lack a comma', text: '[1,\n2 3]', reason: 'SYNTAX', line: 2, column: 3, yielded: [1, 2] },
    {
      name: 'an element is not valid JSON',
      text: '[\n{"a": 1},\n  {"a": tru}\n]',
      reason: 'SYNTAX',
      line: 3,
      column: 3,
      yielded: [{ a: 1 }],
    },
    { name: 'a bare literal is misspelled', text: '[nul]', reason: 'SYNTAX', line: 1, column: 2, yielded: [] },
    { name: 'the array has a trailing comma', text: '[1,\n]', reason: 'SYNTAX', line: 2, column: 1, yielded: [1] },
    { name: 'two commas in a row', text: '[1,,2]', reason: 'SYNTAX', line: 1, column: 4, yielded: [1] },
    {
      name: 'brackets inside an element do not match',
      text: '[\n{"a": [1}]',
      reason: 'SYNTAX',
      line: 2,
      column: 9,
      yielded: [],
    },
    {
      name: 'a key on the path lacks its colon',
      text: '{"log" {}}',
      path: ['log', 'entries'],
      reason: 'SYNTAX',
      line: 1,
      column: 8,
      yielded: [],
    },
    {
      name: 'a skipped bare literal is misspelled',
      text: '{"version": 1.2.3, "entries": []}',
      path: ['entries'],
      reason: 'SYNTAX',
      line: 1,
      column: 13,
      yielded: [],
    },
    {
      name: 'an object key on the path exceeds the byte limit',
      text: '{"a-key-longer-than-ten": 1, "entries": []}',
      path: ['entries'],
      max: 10,
      reason: 'ELEMENT_TOO_LARGE',
      line: 1,
      column: 2,
      yielded: [],
    },
    { name: 'input is empty', text: '', reason: 'EMPTY', line: 1, column: 1, yielded: [] },
    { name: 'input is only whitespace', text: ' \r\n\n  ', reason: 'EMPTY', line: 3, column: 3, yielded: [] },
    { name: 'input is only a BOM', text: '\uFEFF', reason: 'EMPTY', line: 1, column: 1, yielded: [] },
    { name: 'text follows the array', text: '[1]\n  x', reason: 'TRAILING_DATA', line: 2, column: 3, yielded: [1] },
    { name: 'a second array follows', text: '[1][2]', reason: 'TRAILING_DATA', line: 1, column: 4, yielded: [1] },
    {
      name: 'an extra brace follows the HAR',
      text: '{"log": {"entries": [3]}}\n}',
      path: ['log', 'entries'],
      reason: 'TRAILING_DATA',
      line: 2,
      column: 1,
      yielded: [3],
    },
  ];

  it.each(cases)('reports $reason at $line:$column when $name', async (c) => {
    for (const chunks of [[c.text], byteChunks(c.text, 1)]) {
      const { yielded, error } = await failure(chunks, c.path ?? [], c.max);
      expect([error.reason, error.line, error.column]).toEqual([c.reason, c.line, c.column]);
      expect(yielded).toEqual(c.yielded);
      expect(error.message).not.toContain('\n');
      expect(error.message).toContain(`line ${c.line}, column ${c.column}`);
    }
  });

  it('reports EMPTY when the source yields no chunks at all', async () => {
    const { error } = await failure([]);
    expect([error.reason, error.line, error.column]).toEqual(['EMPTY', 1, 1]);
  });

  it('keeps element content out of the message', async () => {
    const { error } = await failure(['[{"token": "SECRET-abc123", "n": 01}]']);
    expect(error.reason).toBe('SYNTAX');
    expect(error.message).not.toContain('SECRET');
    expect(error.name).toBe('JsonStreamError');
  });

  it('reads past an element over the byte limit, marking it, and yields the elements after it', async () => {
    const text = '[\n"short",\n  {"n": "longer than ten", "x": [1, {"]": "}"}]},\n"after", 7]';
    for (const chunks of [[text], byteChunks(text, 1), stringChunks(text, 3)]) {
      expect(await collect(chunks, [], 10)).toEqual([
        { value: 'short', line: 2 },
        { value: undefined, line: 3, tooLarge: true },
        { value: 'after', line: 4 },
        { value: 7, line: 4 },
      ]);
    }
  });

  it('counts multibyte characters as UTF-8 bytes against the limit', async () => {
    expect(await collect(['["éééé",\n"ééééé", 1]'], [], 10)).toEqual([
      { value: 'éééé', line: 1 },
      { value: undefined, line: 2, tooLarge: true },
      { value: 1, line: 2 },
    ]);
  });

  it('still reports broken JSON inside an element it is reading past', async () => {
    const { error, yielded } = await failure(['[1, {"n": "longer than ten", "x": [1}, 2]'], [], 10);
    expect([error.reason, error.line, error.column, yielded]).toEqual(['SYNTAX', 1, 37, [1]]);
  });

  it('accepts an element exactly at the byte limit', async () => {
    expect(await collect(['["éééé"]'], [], 10)).toEqual([{ value: 'éééé', line: 1 }]);
  });

  it('defaults the limit to 64 MiB', () => {
    expect(DEFAULT_MAX_ELEMENT_BYTES).toBe(67_108_864);
  });

  it('rejects a non-positive maxElementBytes', async () => {
    const run = jsonArrayElements(fromChunks(['[]']), { arrayPath: [], maxElementBytes: 0 });
    await expect(run.next()).rejects.toThrow(RangeError);
  });
});

describe('jsonArrayElements streaming', () => {
  it('yields the first element before reading later chunks', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<string> {
      for (const chunk of ['[{"a":', '1},', '{"b":2}', ']']) {
        pulled++;
        yield chunk;
      }
    }
    const run = jsonArrayElements(source(), { arrayPath: [] });
    const first = await run.next();
    expect(first.value).toEqual({ value: { a: 1 }, line: 1 });
    expect(pulled).toBe(2);
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<string> {
      try {
        yield '[1,';
        yield '2,';
        yield '3]';
      } finally {
        closed = true;
      }
    }
    const seen: unknown[] = [];
    for await (const element of jsonArrayElements(source(), { arrayPath: [] })) {
      seen.push(element.value);
      break;
    }
    expect(seen).toEqual([1]);
    expect(closed).toBe(true);
  });
});
