import { describe, expect, it } from 'vitest';
import { utf16ToUtf8 } from '../../src/read/decode-utf16.js';
import { guardLines } from '../../src/read/line-guard.js';
import { openInput } from '../../src/read/open-input.js';
import { sniffInput } from '../../src/read/read-input.js';
import { splitLines } from '../helpers/split-lines.js';
import { Readable } from 'node:stream';

async function* chunked(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('guardLines', () => {
  it('passes a stream through unchanged when every line is within the limits', async () => {
    const bytes = Buffer.from('a,b\n1,2\r\n3,4');
    const out: Buffer[] = [];
    for await (const chunk of guardLines(chunked(bytes, 3), 'x.csv', ',')) out.push(chunk);
    expect(Buffer.concat(out).toString()).toBe('a,b\n1,2\r\n3,4');
  });

  it('stops before passing on the chunk that makes a line too long, naming its line', async () => {
    const bytes = Buffer.from(`a,b\n1,2\n${'x'.repeat(50)}\n`);
    const passed: number[] = [];
    const run = async () => {
      for await (const chunk of guardLines(chunked(bytes, 10), 'x.csv', ',', { maxLineBytes: 20, maxFields: 10 }))
        passed.push(chunk.length);
    };
    await expect(run()).rejects.toMatchObject({ code: 'INPUT_MALFORMED', location: { file: 'x.csv', line: 3 } });
    // The parser saw at most the limit plus one chunk of the long line.
    expect(passed.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(8 + 20 + 10);
  });

  it('stops a line of bare delimiters by their count', async () => {
    const run = async () => {
      for await (const _ of guardLines(chunked(Buffer.from(`h\n${';'.repeat(30)}\n`), 7), 'x.csv', ';', {
        maxLineBytes: 1000,
        maxFields: 10,
      }));
    };
    await expect(run()).rejects.toThrow(/more than 10 fields/);
  });
});

describe('splitLines, the reference line splitter', () => {
  it('numbers lines, drops CR before LF, decodes UTF-8 split across chunks, and nulls a line over the limit', async () => {
    const bytes = Buffer.from(`é1\r\n${'z'.repeat(30)}\nlast`);
    const lines = [];
    for await (const line of splitLines(chunked(bytes, 1), 10)) lines.push(line);
    expect(lines).toEqual([
      { number: 1, text: 'é1' },
      { number: 2, text: null },
      { number: 3, text: 'last' },
    ]);
  });
});

describe('utf16ToUtf8', () => {
  it.each(['utf-16le', 'utf-16be'] as const)('re-encodes %s split at odd byte boundaries', async (encoding) => {
    const text = 'ts,status\r\n2026-03-02T10:00:00Z,200 é€😀\r\n';
    const body = Buffer.from(text, 'utf16le');
    if (encoding === 'utf-16be') body.swap16();
    const bom = encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
    const out: Buffer[] = [];
    for await (const chunk of utf16ToUtf8(chunked(Buffer.concat([Buffer.from(bom), body]), 3), encoding))
      out.push(chunk);
    expect(Buffer.concat(out).toString('utf8')).toBe(text);
  });
});

describe('sniffInput', () => {
  it.each([1000, 65_536, 262_144])(
    'gives one format for NDJSON with a 150 KB first line in %i-byte chunks',
    async (size) => {
      const line = JSON.stringify({ ts: '2026-03-02T10:00:00Z', status: 200, body: 'q'.repeat(150_000) });
      const bytes = Buffer.from(`${line}\n${line}\n`);
      const input = await openInput('-', { stream: Readable.from(chunked(bytes, size)), isTTY: false });
      expect((await sniffInput(input)).format).toBe('ndjson');
    },
  );
});
