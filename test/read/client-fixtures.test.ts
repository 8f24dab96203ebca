import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openInput } from '../../src/read/open-input.js';
import { sniffInput } from '../../src/read/read-input.js';
import type { ReadItem } from '../../src/read/read-item.js';
import { root } from '../helpers/run-bin.js';

// What the mock Keap answered while each fixture was written (fixtures/clients/generate.mjs): the readers must find exactly that.
interface Served {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly step: string;
}
const served: Record<string, Served[]> = JSON.parse(await readFile(`${root}fixtures/clients/served.json`, 'utf8'));

async function read(name: string) {
  const path = `${root}fixtures/clients/${name}`;
  const input = await sniffInput(await openInput(path, { stream: process.stdin, isTTY: false }));
  const items: ReadItem[] = [];
  for await (const item of input.items) items.push(item);
  const text = await readFile(path, 'utf8');
  const count = (code: string) => items.filter((item) => item.kind === 'aside' && item.aside.code === code).length;
  const records = items.flatMap((item) => (item.kind === 'record' ? [item.record] : []));
  return { format: input.format, items, records, text, lines: text.split('\n'), count };
}

const pathOf = (url: string | undefined) => url?.replace(/^https?:\/\/[^/]+/, '').split('?')[0];

describe.each([
  ['guzzle-laravel.log', 'php-log', (s: Served) => s.status >= 400, /^\[\d{4}-/],
  ['guzzle-monolog.log', 'php-log', () => true, /^\[\d{4}-/],
  ['python-requests.log', 'python-log', () => true, /^\d{4}-\d{2}-\d{2} /],
  ['python-httpx.log', 'python-log', () => true, /^\d{4}-\d{2}-\d{2} /],
])('%s (written by the real client)', (name, format, logged, entryLine) => {
  it(`is sniffed as ${format} and yields one record per call the server answered, in order`, async () => {
    const { format: sniffed, records } = await read(name);
    expect(sniffed).toBe(format);
    const expected = (served[name] ?? []).filter(logged);
    expect(expected.length).toBeGreaterThan(4);
    expect(records.map((r) => [r.fields.get('status'), pathOf(r.fields.get('url'))])).toEqual(
      expected.map((s) => [String(s.status), s.path]),
    );
  });

  it('accounts for every entry and every stack trace, and each record sits on its entry line', async () => {
    const { records, lines, count } = await read(name);
    const entries = lines.filter((line) => entryLine.test(line)).length;
    const traces = lines.filter((line) => /^(\[stacktrace\]|Traceback \(most recent call last\):)$/.test(line)).length;
    expect(records.length + count('JOINED') + count('NOT_A_REQUEST')).toBe(entries);
    expect(count('STACK_TRACE')).toBe(traces);
    for (const record of records) {
      const line = lines[record.source.line - 1] ?? '';
      expect(line).toMatch(entryLine);
      expect(line).toContain(pathOf(record.fields.get('url')) ?? '');
    }
  });
});

describe('what the PHP logs carry', () => {
  it("Laravel: every SpikeArrest fault is Guzzle's cut-off summary; the short Keap body is whole", async () => {
    const { records } = await read('guzzle-laravel.log');
    const bodies = records.map((r) => r.fields.get('body') ?? '');
    const answers = served['guzzle-laravel.log'] ?? [];
    const spikes = answers.filter((s) => s.step.startsWith('spike:')).length;
    expect(spikes).toBeGreaterThan(2);
    expect(bodies.filter((b) => b.endsWith('(truncated...)') && b.includes('MessageRate')).length).toBe(spikes);
    expect(bodies.filter((b) => b.includes('"Quota Exceeded"') && !b.includes('truncated')).length).toBe(
      answers.filter((s) => s.step === 'keap429').length,
    );
  });

  it("Monolog + DEBUG middleware: the exception line joins the client's dump, which brings headers, the whole body and the credential", async () => {
    const { records, count } = await read('guzzle-monolog.log');
    expect(count('JOINED')).toBe((served['guzzle-monolog.log'] ?? []).filter((s) => s.status >= 400).length);
    for (const record of records) {
      expect(record.headers?.get('x-keap-product-quota-limit')).toBe('30000');
      expect(record.fields.get('authorization')).toMatch(/^Bearer KeapAK-/);
      expect(record.fields.get('body') ?? '').not.toContain('truncated');
    }
  });
});

describe('raw HTTP dumps written by curl', () => {
  it.each([['curl-i.txt'], ['curl-D.txt'], ['recipe-curl.txt']])(
    '%s: one record per response, bodies cut at Content-Length',
    async (name) => {
      const { format, records, lines, count } = await read(name);
      expect(format).toBe('http-dump');
      expect(records.map((r) => r.fields.get('status'))).toEqual((served[name] ?? []).map((s) => String(s.status)));
      expect(count('NOT_A_REQUEST')).toBe(0);
      for (const record of records) {
        // curl runs one response's body and the next status line together: the row is where its status line is.
        expect(lines[record.source.line - 1]).toMatch(/^\d{4}-\d{2}-\d{2}T|HTTP\/1\.1 \d{3}/);
        expect(record.headers?.get('content-length')).toBe(String(Buffer.byteLength(record.fields.get('body') ?? '')));
      }
    },
  );
});
