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
          : `ok@${item.kind === 'record' ? item.record.source.line : item.aside.source.line}`,
      ),
    ).toEqual(['ok@2', 'MALFORMED_ROW@3', 'ok@4']);
  });

  it('stops with a one-line error at the row whose quote never closes', async () => {
    await expect(read('ts,status,body\n1,200,ok\n2,429,"{""code""\n3,200,ok\n')).rejects.toMatchObject({
      code: 'INPUT_MALFORMED',
      location: { file: 'x.csv', line: 3 },
    });
  });

  it('reads a 2 MB field without skipping it', async () => {
    const items = await read(`ts,status,body\n1,200,"${'y'.repeat(2_000_000)}"\n`, 65_536);
    expect(items).toHaveLength(1);
    expect(items[0]?.kind === 'record' && items[0].record.fields.get('body')?.length).toBe(2_000_000);
  });
});
