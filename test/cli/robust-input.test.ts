import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeJson, root, runBin } from '../helpers/run-bin.js';

// The holes of issue 10, one fixture each (fixtures/bad/), with counts, codes, lines and messages asserted.
const bad = 'fixtures/bad/';
const linesByCode = (json: any) =>
  Object.fromEntries(json.input.skipped.map((g: any) => [g.code, g.examples.map((e: any) => e.line)]));

describe('a row that cannot be read is skipped with a reason and its line, never ends the run', () => {
  it.each([
    [
      'to-string-object.json',
      { read: 8, used: 2, skipped: 6, aside: 0 },
      { BAD_FIELD_TYPE: [4, 7, 8, 9], BAD_STATUS: [5], BAD_TIMESTAMP: [6] },
    ],
    ['to-string-object.har', { read: 6, used: 2, skipped: 4, aside: 0 }, { BAD_FIELD_TYPE: [3, 4, 5, 6] }],
    ['deep-nesting.ndjson', { read: 5, used: 2, skipped: 3, aside: 0 }, { TOO_DEEP: [2, 3], BAD_FIELD_TYPE: [4] }],
    ['spike-limit-zero.csv', { read: 5, used: 3, skipped: 2, aside: 0 }, { BAD_HEADER: [3, 5] }],
    ['cut-last-row.csv', { read: 3, used: 2, skipped: 1, aside: 0 }, { TRUNCATED_ROW: [4] }],
    ['unterminated-quote.csv', { read: 3, used: 2, skipped: 1, aside: 0 }, { TRUNCATED_ROW: [3] }],
    ['utf16le-bom.ndjson', { read: 3, used: 2, skipped: 1, aside: 0 }, { MALFORMED_ROW: [3] }],
    // A printed header dict whose value nests {'toString': 1}: no header set, the rows are used (found by npm run fuzz).
    ['to-string-header-print.ndjson', { read: 3, used: 3, skipped: 0, aside: 0 }, {}],
  ])('%s', async (file, rows, lines) => {
    const { json, result } = await analyzeJson([`${bad}${file}`]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(json.input.rows).toEqual(rows);
    expect(linesByCode(json)).toEqual(lines);
  });

  it('words each skip without quoting the input', async () => {
    const details = async (file: string) =>
      (await analyzeJson([`${bad}${file}`])).json.input.skipped.flatMap((g: any) =>
        g.examples.map((e: any) => `${g.code}: ${e.detail}`),
      );
    expect(await details('to-string-object.har')).toEqual([
      'BAD_FIELD_TYPE: HAR startedDateTime is an object or array where text was expected',
      'BAD_FIELD_TYPE: HAR request.method is an object or array where text was expected',
      'BAD_FIELD_TYPE: HAR response.status is an object or array where text was expected',
      'BAD_FIELD_TYPE: a HAR header value is an object or array where text was expected',
    ]);
    expect(await details('deep-nesting.ndjson')).toContain(
      'TOO_DEEP: the record nests more than 64 levels of objects/arrays',
    );
    expect(await details('spike-limit-zero.csv')).toEqual([
      'BAD_HEADER: x-keap-product-spike-limit is 0: no limit allows nothing at all',
      'BAD_HEADER: x-keap-product-spike-limit is above 1,000,000',
    ]);
    expect(await details('cut-last-row.csv')).toEqual([
      'TRUNCATED_ROW: the file ends inside a quoted field opened in this row (cut off, or a stray ")',
    ]);
  });
});

describe('files people really save', () => {
  it.each(['utf16le-bom.csv', 'utf16be-bom.csv'])('decodes %s (PowerShell Out-File)', async (file) => {
    const { json } = await analyzeJson([`${bad}${file}`]);
    expect(json.input.files[0].format).toBe('csv');
    expect(json.input.rows).toEqual({ read: 3, used: 3, skipped: 0, aside: 0 });
    expect(json.throttling.attributions.map((a: any) => [a.line, a.path])).toEqual([[3, '/crm/rest/v1/contacts/é']]);
  });

  it('uses the first of two columns named alike and says which, in JSON and in the table', async () => {
    const { json } = await analyzeJson([`${bad}duplicate-columns.csv`]);
    expect(json.input.files[0].notes).toEqual([
      { code: 'DUPLICATE_COLUMN', column: 'Status', usedColumn: 2, ignoredColumns: [4] },
      { code: 'DUPLICATE_COLUMN', column: 'x-keap-product-throttle-used', usedColumn: 5, ignoredColumns: [6] },
    ]);
    expect(json.input.statuses).toEqual([
      { status: 200, count: 1 },
      { status: 429, count: 1 },
    ]);
    const table = await runBin(['analyze', `${bad}duplicate-columns.csv`]);
    expect(table.stdout).toContain('column name "Status" repeats: column 2 used, column 4 ignored');
  });

  it('keeps every row of a monotone America/Chicago log across both 2026 DST changes', async () => {
    const { json } = await analyzeJson([`${bad}dst-chicago-2026.csv`, '--tz', 'America/Chicago']);
    expect(json.input.rows).toEqual({ read: 12, used: 12, skipped: 0, aside: 0 });
    // 02:30 on 2026-03-08 does not exist: read forward as 03:30 CDT (08:30Z), which is the 429 there.
    expect(json.throttling.attributions.map((a: any) => a.time)).toEqual(['2026-03-08T08:30:00.000Z']);
    expect(json.input.span).toMatchObject({ first: '2026-03-08T07:50:00.000Z', last: '2026-11-01T08:05:00.000Z' });
  });
});

describe('format detection does not depend on how the input is chunked', () => {
  it.each([100_000, 200_000])('reads NDJSON whose first line is %i bytes from stdin', async (size) => {
    const first = JSON.stringify({ ts: '2026-03-02T10:00:00Z', status: 200, body: 'x'.repeat(size) });
    const text = `${first}\n${JSON.stringify({ ts: '2026-03-02T10:00:01Z', status: 429 })}\n`;
    const { json, result } = await analyzeJson(['-'], { stdin: text });
    expect(result.stderr).toBe('');
    expect(json.input.files[0].format).toBe('ndjson');
    expect(json.input.rows).toEqual({ read: 2, used: 2, skipped: 0, aside: 0 });
  });
});

describe('size limits are checked while streaming', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keap-throttle-limits-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const MiB = 1024 * 1024;

  it.each([
    ['a 40 MiB single-line CSV', `ts,status,body\n${'x'.repeat(40 * MiB)}\n`, /:2: this line is longer than 32 MiB/],
    [
      'a line of 40 MiB of bare commas',
      `ts,status,body\n${','.repeat(40 * MiB)}\n`,
      /:2: this line is split into more than 100,000 fields/,
    ],
  ])('%s: one line on stderr, exit 2', async (name, text, message) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.csv`);
    writeFileSync(file, text);
    const result = await runBin(['analyze', file, '--json']);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('skips an NDJSON line over 32 MiB and keeps the rows around it', async () => {
    const file = join(dir, 'big-line.ndjson');
    const row = (s: number) => JSON.stringify({ ts: `2026-03-02T10:00:0${s}Z`, status: 200 });
    writeFileSync(file, `${row(0)}\n{"body":"${'y'.repeat(33 * MiB)}"}\n${row(1)}\n`);
    const { json } = await analyzeJson([file]);
    expect(json.input.rows).toEqual({ read: 3, used: 2, skipped: 1, aside: 0 });
    expect(json.input.skipped[0]).toMatchObject({ code: 'ROW_TOO_LARGE', examples: [{ line: 2 }] });
  });

  // Over the 64 MiB element limit the element's end is still found, so it is one skipped row, not a stopped run.
  it.each([
    ['a JSON array', 'big-element.json', (rows: string[]) => `[\n${rows.join(',\n')}\n]\n`],
    ['a HAR file', 'big-entry.har', (rows: string[]) => `{"log": {"entries": [\n${rows.join(',\n')}\n]}}\n`],
  ])('skips %s element over 64 MiB and keeps the rows around it', async (_kind, name, wrap) => {
    const file = join(dir, name);
    const har = name.endsWith('.har');
    const row = (s: number) =>
      har
        ? JSON.stringify({
            startedDateTime: `2026-03-02T10:00:0${s}Z`,
            request: { method: 'GET', url: 'https://api.infusionsoft.com/crm/rest/v1/contacts', headers: [] },
            response: { status: 200, headers: [] },
          })
        : JSON.stringify({ ts: `2026-03-02T10:00:0${s}Z`, status: 200 });
    writeFileSync(file, wrap([row(0), `{"body": "${'y'.repeat(65 * MiB)}"}`, row(1)]));
    const { json } = await analyzeJson([file]);
    expect(json.input.rows).toEqual({ read: 3, used: 2, skipped: 1, aside: 0 });
    expect(json.input.skipped[0]).toMatchObject({ code: 'ROW_TOO_LARGE', examples: [{ line: 3 }] });
  });
});

describe('standard output', () => {
  it('that cannot be written (> /dev/full) gives one line and exit 2', async () => {
    const full = openSync('/dev/full', 'w');
    const child = spawn(
      process.execPath,
      ['bin/keap-throttle.js', 'analyze', 'fixtures/logs/sak-sleep5-thread89944.csv'],
      {
        cwd: root,
        env: { PATH: process.env['PATH'] ?? '' },
        stdio: ['ignore', full, 'pipe'],
      },
    );
    closeSync(full);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toBe(
      'keap-throttle: error [OUTPUT_NOT_WRITABLE]: standard output cannot be written (ENOSPC); check the disk space and the file or pipe the report goes to\n',
    );
  });
});
