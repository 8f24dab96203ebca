import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../src/read/csv-records.js';
import type { ReadItem } from '../../src/read/read-item.js';

async function read(text: string, chunk = 7): Promise<ReadItem[]> {
  const bytes = Buffer.from(text);
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const items: ReadItem[] = [];
  for await (const item of readCsvRecords(chunks(), 'x.csv', ',')) items.push(item);
  return items;
}

function describeItem(item: ReadItem): string {
  if (item.kind === 'skip') return `${item.skip.code}@${item.skip.source.line}`;
  return item.kind === 'record' ? `ok@${item.record.source.line}` : item.kind;
}

describe('readCsvRecords', () => {
  it('keys fields by header and numbers lines from the record start, across quoted newlines and CRLF', async () => {
    const items = await read('\uFEFFts,status,body\r\n1,200,"a\r\nb"\r\n2,429,c\r\n');
    expect(
      items.map((item) =>
        item.kind === 'record'
          ? [item.record.source.line, item.record.fields.get('ts'), item.record.fields.get('body')]
          : item.kind,
      ),
    ).toEqual([
      [2, '1', 'a\r\nb'],
      [4, '2', 'c'],
    ]);
  });

  it('counts a row with the wrong number of fields as a skip with its line', async () => {
    const items = await read('ts,status\n1,200\n2,200,extra\n3,200\n');
    expect(
      items.map((item) =>
        item.kind === 'skip'
          ? `${item.skip.code}@${item.skip.source.line}`
          : item.kind === 'record'
            ? `ok@${item.record.source.line}`
            : item.kind,
      ),
    ).toEqual(['ok@2', 'MALFORMED_ROW@3', 'ok@4']);
  });

  it('skips the row whose quote never closes and reads the lines it swallowed as rows', async () => {
    const items = await read('ts,status,body\n1,200,ok\n2,429,"{""code""\r\n3,200,ok\n\n5,200\n');
    expect(items.map(describeItem)).toEqual(['ok@2', 'TRUNCATED_ROW@3', 'ok@4', 'MALFORMED_ROW@6']);
    const cutLast = await read('ts,status,body\n1,200,ok\n2,429,"{""code"":""42');
    expect(cutLast.map(describeItem)).toEqual(['ok@2', 'TRUNCATED_ROW@3']);
  });

  it('uses the first of two columns with one name (ignoring case) and says so in a note', async () => {
    const items = await read('ts,status,Status,body,STATUS\n1,200,500,ok,501\n');
    expect(items.map(describeItem)).toEqual(['note', 'ok@2']);
    expect(items[0]).toEqual({
      kind: 'note',
      note: { code: 'DUPLICATE_COLUMN', file: 'x.csv', column: 'status', usedColumn: 2, ignoredColumns: [3, 5] },
    });
    const record = items[1]?.kind === 'record' ? items[1].record : undefined;
    expect(Object.fromEntries(record?.fields ?? [])).toEqual({ ts: '1', status: '200', body: 'ok' });
  });

  it('stops with a one-line error when the header row opens a quote that never closes', async () => {
    await expect(read('ts,"status\n1,200\n')).rejects.toMatchObject({
      code: 'INPUT_MALFORMED',
      location: { file: 'x.csv', line: 1 },
    });
  });

  it('reads a 2 MB field without skipping it', async () => {
    const items = await read(`ts,status,body\n1,200,"${'y'.repeat(2_000_000)}"\n`, 65_536);
    expect(items).toHaveLength(1);
    expect(items[0]?.kind === 'record' && items[0].record.fields.get('body')?.length).toBe(2_000_000);
  });
});
