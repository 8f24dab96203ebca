import { describe, expect, it } from 'vitest';
import { readHttpDumpRecords } from '../../src/read/http-dump-records.js';
import { readAppLogRecords } from '../../src/read/logs/app-log-records.js';
import type { ReadItem } from '../../src/read/read-item.js';
import { sniffFormat } from '../../src/read/sniff.js';
import { timeAtStart } from '../../src/read/time-prefix.js';
import { readTimeListRecords } from '../../src/read/time-list-records.js';

// Chunks split anywhere must not change what is read.
async function* chunks(text: string, size = 7) {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function collect(items: AsyncIterable<ReadItem>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of items) {
    if (item.kind === 'record') {
      const fields = [...item.record.fields].map(([name, value]) => `${name}=${value}`).join('|');
      out.push(
        `@${item.record.source.line} ${fields}${item.record.headers?.size ? ` h=${item.record.headers.size}` : ''}`,
      );
    } else if (item.kind === 'aside') out.push(`${item.aside.code}@${item.aside.source.line}`);
    else if (item.kind === 'skip') out.push(`${item.skip.code}@${item.skip.source.line}`);
  }
  return out;
}

describe('timeAtStart', () => {
  it('cuts the time shapes normalise reads off a line, and nothing else', () => {
    expect(timeAtStart('7/8/22 4:38:14 PM  "Spike arrest violation"')).toBe('7/8/22 4:38:14 PM');
    expect(timeAtStart('2026-12-01 02:51:11,633 INFO x')).toBe('2026-12-01 02:51:11,633');
    expect(timeAtStart('2026-03-02T10:00:00.120-05:00,429')).toBe('2026-03-02T10:00:00.120-05:00');
    expect(timeAtStart('2026-12-01 08:51:15,271 - keap - INFO')).toBe('2026-12-01 08:51:15,271');
    expect(timeAtStart('Mon, 11 Jul 2022 13:10:54 GMT 429')).toBe('Mon, 11 Jul 2022 13:10:54 GMT');
    expect(timeAtStart('1657316294 429')).toBe('1657316294');
    expect(timeAtStart('1657316294123')).toBe('1657316294123');
    expect(timeAtStart('16573162941')).toBeNull();
    expect(timeAtStart('429 at 7/8/22')).toBeNull();
  });
});

describe('sniffing the text formats', () => {
  const sniff = (text: string) => {
    const result = sniffFormat(Buffer.from(text), '');
    return result.ok ? result.format : result.reason;
  };
  it('tells the new formats from CSV and JSON by their first lines', () => {
    expect(sniff('[2026-12-01 02:51:48] production.ERROR: Client error\n')).toBe('php-log');
    expect(sniff('[2026-12-01T02:50:27.615066-06:00] keap.INFO: Submitting {"step":1} []\n')).toBe('php-log');
    expect(sniff('2026-12-01 02:51:11,633 INFO keap_sync: tagging contact 101\n')).toBe('python-log');
    expect(sniff('[2026-12-01 02:51:11,633] ERROR in app: failed\n')).toBe('python-log');
    expect(sniff('ERROR:keap:429 Client Error: Too Many Requests for url: https://x\n')).toBe('python-log');
    expect(sniff('HTTP/1.1 429 Too Many Requests\r\nDate: x\r\n\r\n')).toBe('http-dump');
    expect(sniff('2026-12-01T09:07:32.538Z\nHTTP/1.1 200 OK\n')).toBe('http-dump');
    expect(sniff('> GET /crm/rest/v1/contacts HTTP/1.1\n> Host: api.infusionsoft.com\n')).toBe('http-dump');
    expect(sniff('7/8/22 4:38:14 PM\n7/9/22 2:14:27 PM\n')).toBe('times');
    expect(sniff('time\n2026-03-02T10:00:00Z\n2026-03-02T10:00:01Z\n')).toBe('times');
    expect(sniff('ts,status\n2026-03-02T10:00:00Z,429\n')).toBe('csv');
    expect(sniff('[{"ts":"2026-03-02T10:00:00Z","status":429}]')).toBe('json-array');
    expect(sniff('{"ts":"2026-03-02T10:00:00Z","status":429}\n')).toBe('ndjson');
  });
});

describe('readTimeListRecords', () => {
  it('reads a time per line with an optional status or fault; a fault line says 429; a heading is no row', async () => {
    const text =
      'When\n- 7/8/22 4:38:14 PM\n7/9/22 2:14:27 PM, 429\n\n"7/11/22 8:10:54 AM" Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=25, periodInMicroseconds=5000000, maxBurstMessageCount=1.0}\n7/11/22 10:13:41 AM\n{"fault":{"faultstring":"Rate limit quota violation"}}\n7/12/22 1:00:00 PM 200 OK\n';
    expect(await collect(readTimeListRecords(chunks(text), 't.txt'))).toEqual([
      '@2 time=7/8/22 4:38:14 PM',
      '@3 time=7/9/22 2:14:27 PM|status=429',
      '@5 time=7/11/22 8:10:54 AM|status=429|body=Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=25, periodInMicroseconds=5000000, maxBurstMessageCount=1.0}',
      'JOINED@7',
      '@6 time=7/11/22 10:13:41 AM|status=429|body={"fault":{"faultstring":"Rate limit quota violation"}}',
      '@8 time=7/12/22 1:00:00 PM|status=200',
    ]);
  });
});

describe('readHttpDumpRecords', () => {
  it('splits responses printed without Content-Length where the next status line starts, even mid-line', async () => {
    const text =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nDate: Tue, 01 Dec 2026 08:51:20 GMT\r\n\r\n{"id":1}HTTP/1.1 429 Too Many Requests\r\nDate: Tue, 01 Dec 2026 08:51:20 GMT\r\n\r\n{"code":"429"}';
    expect(await collect(readHttpDumpRecords(chunks(text), 'd.txt'))).toEqual([
      '@1 status=200|body={"id":1} h=2',
      '@5 status=429|body={"code":"429"} h=1',
    ]);
  });

  it('reads curl -v: the request line and headers before the response, interim 100 Continue, info lines', async () => {
    const text = [
      '2026-12-01T09:00:00.120Z',
      '* Connected to api.infusionsoft.com',
      '> POST /crm/rest/v1/orders HTTP/1.1',
      '> Host: api.infusionsoft.com',
      '> Authorization: Bearer KeapAK-abc',
      '>',
      '< HTTP/1.1 100 Continue',
      '<',
      '< HTTP/1.1 429 Too Many Requests',
      '< Content-Length: 14',
      '<',
      '{"code":"429"}',
      '* Connection #0 left intact',
      'some note',
      '',
    ].join('\n');
    expect(await collect(readHttpDumpRecords(chunks(text), 'v.txt'))).toEqual([
      '@1 time=2026-12-01T09:00:00.120Z|status=429|method=POST|url=https://api.infusionsoft.com/crm/rest/v1/orders|body={"code":"429"}|authorization=Bearer KeapAK-abc h=1',
      'NOT_A_REQUEST@14',
    ]);
  });
});

describe('readAppLogRecords', () => {
  it('reads the HTTPError from the traceback when logger.exception() wrote no message of its own', async () => {
    const text = [
      '2026-12-01 02:51:11,689 ERROR keap_sync: Keap API call failed',
      'Traceback (most recent call last):',
      '  File "sync.py", line 28, in tag_contact',
      '    response.raise_for_status()',
      'requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: https://api.infusionsoft.com/crm/rest/v1/contacts/9/tags',
      '2026-12-01 02:51:12,001 INFO stripe: POST https://api.stripe.com/v1/charges -> 200',
      '',
    ].join('\n');
    expect(await collect(readAppLogRecords(chunks(text), 'p.log', 'python'))).toEqual([
      'STACK_TRACE@2',
      'NOT_A_REQUEST@6',
      '@1 time=2026-12-01 02:51:11,689|status=429|url=https://api.infusionsoft.com/crm/rest/v1/contacts/9/tags',
    ]);
  });

  it('counts text before the first entry as one row set aside', async () => {
    const text = 'PHP Warning: something\nmore\n[2026-12-01 02:51:48] production.INFO: hello\n';
    expect(await collect(readAppLogRecords(chunks(text), 'l.log', 'php'))).toEqual([
      'NOT_A_REQUEST@1',
      'NOT_A_REQUEST@3',
    ]);
  });
});

describe('a pasted list with text before the first time', () => {
  it('skips that line with its number and keeps its text (which may hold a token) out of the reason', async () => {
    const items: ReadItem[] = [];
    for await (const item of readTimeListRecords(
      chunks('When it failed\nAuthorization: Bearer KeapAK-0123456789abcdef\n7/8/22 4:38:14 PM\n'),
      't.txt',
    ))
      items.push(item);
    expect(
      items.map((item) =>
        item.kind === 'skip' ? [item.skip.code, item.skip.source.line, item.skip.detail] : item.kind,
      ),
    ).toEqual([['BAD_TIMESTAMP', 2, 'the line does not start with a time'], 'record']);
  });
});

describe('a zoned time inside a zone-less entry', () => {
  it("is kept apart from the entry's time, so the refusal can say which --tz fits", async () => {
    const { analyze } = await import('../../src/analyze.js');
    const text =
      '[2026-12-01 02:59:20] production.INFO: [2026-12-01T08:59:20+00:00] "POST /crm/rest/v1/orders HTTP/1.1" 429\n';
    const items = readAppLogRecords(chunks(text), 'laravel.log', 'php');
    await expect(analyze([{ name: 'laravel.log', format: 'php-log', items }])).rejects.toMatchObject({
      hint: '1 of 1 rows are 6 h behind a zoned time in the same row: --tz America/Chicago (or --tz -06:00)?',
    });
  });
});

describe('curl -I output', () => {
  it('ends a response whose Content-Length announces a body HEAD never sends at the next status line', async () => {
    const text =
      'HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\nHTTP/1.1 429 Too Many Requests\r\nContent-Length: 300\r\n\r\n';
    expect(await collect(readHttpDumpRecords(chunks(text), 'head.txt'))).toEqual([
      '@1 status=200 h=1',
      '@4 status=429 h=1',
    ]);
  });
});
