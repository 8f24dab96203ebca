import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords, readCsvWithCsvParse } from '../../src/read/csv-records.js';
import type { ReadItem } from '../../src/read/read-item.js';
import { params, runs } from '../fuzz/config.js';

// The byte scan reads canonical rows itself and hands everything else to csv-parse: whatever the bytes and
// however they are chunked, the rows, skips, notes and line numbers must be exactly csv-parse's own.
async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(items: AsyncIterable<ReadItem>): Promise<unknown[]> {
  const out: unknown[] = [];
  try {
    for await (const item of items)
      out.push(item.kind === 'record' ? { ...item.record, fields: [...item.record.fields] } : item);
  } catch (error) {
    out.push({ error: error instanceof Error ? error.message : String(error) });
  }
  return out;
}

async function both(text: string | Buffer, size: number, delimiter = ','): Promise<[unknown[], unknown[]]> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return [
    await collect(readCsvRecords(chunks(bytes, size), 'f.csv', delimiter)),
    await collect(readCsvWithCsvParse(chunks(bytes, size), 'f.csv', delimiter)),
  ];
}

// Pieces that make CSV hard: quotes, doubled quotes, every line ending, blank lines, multi-byte text, BOMs.
const piece = fc.constantFrom(
  'a',
  'ts',
  '200',
  '429',
  ',',
  ',',
  ';',
  '"',
  '""',
  '"x,y"',
  '"q""q"',
  '"a""b""c"',
  '\n',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  ' ',
  'é',
  '€',
  '{"fault":1}',
  '\uFEFF',
);
const csvText = fc.tuple(fc.boolean(), fc.array(piece, { maxLength: 60 })).map(([bom, parts]) => {
  const body = `ts,status,body\n${parts.join('')}`;
  return bom ? `\uFEFF${body}` : body;
});
const rowsText = fc
  .array(
    fc.array(fc.constantFrom('1', '', 'a b', '"x"', '"x""y"', '"x""y""z"', '"a,b"', 'é€', 'x"y'), {
      minLength: 3,
      maxLength: 4,
    }),
    {
      maxLength: 20,
    },
  )
  .chain((rows) => fc.tuple(fc.constant(rows), fc.constantFrom('\n', '\r\n'), fc.boolean()))
  .map(
    ([rows, ending, trailing]) =>
      ['a,b,c', ...rows.map((row) => row.join(','))].join(ending) + (trailing ? ending : ''),
  );
const chunkSize = fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 10, max: 300 }), fc.constant(65_536));

describe('the canonical CSV scan reads exactly what csv-parse reads', () => {
  it('on fuzzed text built from the hard cases, in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, chunkSize, async (text, size) => {
        const [scanned, parsed] = await both(text, size);
        expect(scanned).toEqual(parsed);
      }),
      params(runs(300)),
    );
  });

  it('on well-formed files (rows of quoted and bare fields, LF or CRLF), in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(rowsText, chunkSize, async (text, size) => {
        const [scanned, parsed] = await both(text, size);
        expect(scanned).toEqual(parsed);
      }),
      params(runs(300)),
    );
  });

  it.each([
    ['blank lines between rows', 'ts,status\n1,200\n\n\n2,429\n'],
    ['a quoted line break', 'ts,body\n1,"a\r\nb"\n2,c\n'],
    ['a lone CR in a LF file', 'ts,body\n1,a\rb\n2,c\n'],
    ['text after a closing quote', 'ts,body\n1,"a"b\n2,c\n'],
    ['a quote never closed', 'ts,body\n1,ok\n2,"{""code""\n3,ok\n'],
    ['a UTF-16 BOM left in place', Buffer.from([0xff, 0xfe, 0x61, 0x0a, 0x62, 0x0a])],
    ['a BOM before a quoted header', '\uFEFF"ts",status\n1,200\n'],
    ['a BOM and CRLF', '\uFEFFts,status\r\n1,200\r\n2,429'],
    ['a unquoted JSON body', 'ts,status,body\n1,429,{"fault":"x"}\n'],
    ['semicolons', 'ts;status\n1;200\n"2;x";429\n'],
  ])('hands over where it must: %s', async (_name, text) => {
    for (const size of [1, 2, 3, 5, 64]) {
      const [scanned, parsed] = await both(text, size, typeof text === 'string' && text.includes(';') ? ';' : ',');
      expect(scanned).toEqual(parsed);
    }
  });
});
