#!/usr/bin/env node
// Bench only: rewrites a gen-log.mjs CSV as NDJSON (one logger record per line, headers in an object) or as a
// HAR 1.2 file (one entry per row), so the readers of all three formats are timed on the same requests.
// Usage: node convert-log.mjs ndjson|har IN.csv OUT
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';

const [format, input, output] = process.argv.slice(2);
if ((format !== 'ndjson' && format !== 'har') || !input || !output) {
  process.stderr.write('usage: node convert-log.mjs ndjson|har IN.csv OUT\n');
  process.exit(2);
}

const out = createWriteStream(output);
let pending = '';
const write = async (text) => {
  pending += text;
  if (pending.length < 1 << 20) return;
  if (!out.write(pending)) await once(out, 'drain');
  pending = '';
};

if (format === 'har') await write('{"log":{"version":"1.2","creator":{"name":"gen-log","version":"1"},"entries":[\n');
let first = true;
for await (const row of createReadStream(input).pipe(parse({ columns: true }))) {
  // A logger records only the headers the response carried: spike-arrest 429s carry none.
  const headers = Object.entries(row).filter(([name, value]) => name.startsWith('x-keap-') && value !== '');
  const status = Number(row.status);
  if (format === 'ndjson') {
    const record = { ts: row.ts, method: row.method, url: row.url, status, headers: Object.fromEntries(headers) };
    if (row.key_name !== undefined) record.key_name = row.key_name;
    record.body = row.body;
    await write(`${JSON.stringify(record)}\n`);
    continue;
  }
  const requestHeaders = row.key_name === undefined ? [] : [{ name: 'X-Key-Name', value: row.key_name }];
  const entry = {
    startedDateTime: row.ts,
    time: 120,
    request: { method: row.method, url: row.url, httpVersion: 'HTTP/1.1', headers: requestHeaders },
    response: {
      status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: headers.map(([name, value]) => ({ name, value })),
      content: { size: row.body.length, mimeType: 'application/json', text: row.body },
    },
  };
  await write(`${first ? '' : ',\n'}${JSON.stringify(entry)}`);
  first = false;
}
if (format === 'har') await write('\n]}}\n');
out.end(pending);
await once(out, 'finish');
