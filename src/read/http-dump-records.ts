import type { RawRecord, SourceRef } from '../types.js';
import { parseHttpMessage } from './logs/http-message.js';
import type { ReadItem } from './read-item.js';
import { listTime } from './sniff-text.js';
import { textLines } from './text-lines.js';

// `curl -v` marks what it sent with "> " and what it got with "< "; `curl -i`/`-D -` print the response bare.
const STATUS_LINE = /^(?:< )?HTTP\/\d(?:\.\d)? (\d{3})\b/;
const REQUEST_LINE = /^(?:> )?([A-Z]+) (\S+) HTTP\/\d(?:\.\d)?$/;
// A response printed right after a body without a line break (curl -i with several URLs, bodies without a final newline).
const STATUS_IN_LINE = /HTTP\/\d(?:\.\d)? [1-5]\d\d [A-Za-z]/;
const CURL_INFO = /^(?:\* |[{}] \[)/;
// Only the start of a body can say anything about throttling; a large data body is counted, not kept.
const MAX_BODY_CHARS = 64 * 1024;

interface Exchange {
  source: SourceRef;
  time: string | null;
  method: string | null;
  target: string | null;
  requestHeaders: Map<string, string>;
  head: string[];
  headers: Map<string, string>;
  status: string | null;
  body: string;
  bodyBytesLeft: number | null;
}

/** Streams concatenated raw HTTP exchanges (curl -i, curl -D -, curl -v): one row per response, its time from a preceding time line or else its Date header. */
export async function* readHttpDumpRecords(stream: AsyncIterable<Buffer>, file: string): AsyncGenerator<ReadItem> {
  let exchange: Exchange | null = null;
  let state: 'outside' | 'head' | 'body' = 'outside';
  let stray: { line: number; count: number } | null = null;
  const out: ReadItem[] = [];
  const strayDone = () => {
    if (stray) out.push(strayAside(file, stray));
    stray = null;
  };
  const finish = () => {
    if (exchange && exchange.status !== null) out.push({ kind: 'record', record: recordOf(exchange) });
    else if (exchange) out.push(strayAside(file, { line: exchange.source.line, count: 1 }));
    exchange = null;
    state = 'outside';
  };
  const fresh = (source: SourceRef): Exchange => ({
    source,
    time: null,
    method: null,
    target: null,
    requestHeaders: new Map(),
    head: [],
    headers: new Map(),
    status: null,
    body: '',
    bodyBytesLeft: null,
  });

  for await (const physical of textLines(stream)) {
    let text: string | null = physical.text;
    let eol: string = physical.eol;
    const source = { file, line: physical.line };
    while (text !== null) {
      const current: string = text;
      text = null;
      if (state === 'body' && exchange) {
        const open = exchange as Exchange;
        // A status line at the start of a line is the next response even inside a declared body (curl -I: HEAD has none).
        if (STATUS_LINE.test(current)) {
          finish();
          text = current;
          continue;
        }
        if (open.bodyBytesLeft !== null) {
          const bytes = Buffer.byteLength(current) + eol.length;
          if (bytes <= open.bodyBytesLeft) {
            appendBody(open, current + eol);
            open.bodyBytesLeft -= bytes;
            if (open.bodyBytesLeft === 0) finish();
            continue;
          }
          // The body ends inside this line: what follows it is the next response.
          const cut = Buffer.from(current).subarray(0, open.bodyBytesLeft).toString('utf8');
          appendBody(open, cut);
          finish();
          const remainder = current.slice(cut.length);
          if (remainder.trim() !== '') text = remainder;
          continue;
        }
        const inLine = STATUS_IN_LINE.exec(current);
        if (CURL_INFO.test(current) || REQUEST_LINE.test(current)) {
          finish();
          text = current;
        } else if (inLine && inLine.index > 0) {
          appendBody(open, current.slice(0, inLine.index));
          finish();
          text = current.slice(inLine.index);
        } else {
          appendBody(open, current + eol);
        }
        continue;
      }
      if (state === 'head' && exchange) {
        const open = exchange as Exchange;
        if (current.replace(/^< ?/, '').trim() === '') {
          // A 1xx (100 Continue) or a proxy's CONNECT answer precedes the real response: keep waiting for it.
          if (
            open.status !== null &&
            (open.status.startsWith('1') || /connection established/i.test(open.head[0] ?? ''))
          ) {
            open.status = null;
            open.head = [];
            state = 'outside';
            continue;
          }
          readHead(open);
          state = 'body';
          if (open.bodyBytesLeft === 0) finish();
          continue;
        }
        open.head.push(current.replace(/^< /, ''));
        continue;
      }
      // Outside an exchange: a status line opens one; a time, a request line and its headers may come first.
      const status = STATUS_LINE.exec(current);
      if (status) {
        strayDone();
        exchange ??= fresh(source);
        exchange.head = [current.replace(/^< /, '')];
        exchange.status = status[1] ?? null;
        state = 'head';
        continue;
      }
      if (current.trim() === '') continue;
      const request = REQUEST_LINE.exec(current);
      if (request) {
        strayDone();
        if (exchange && exchange.method !== null) finish();
        exchange ??= fresh(source);
        exchange.method = request[1] ?? null;
        exchange.target = request[2] ?? null;
        continue;
      }
      if (exchange && /^> [\w-]+: /.test(current)) {
        const colon = current.indexOf(':');
        exchange.requestHeaders.set(current.slice(2, colon).trim().toLowerCase(), current.slice(colon + 1).trim());
        continue;
      }
      const time = listTime(current);
      if (time !== null && current.trim().length - time.length < 3 && !exchange) {
        strayDone();
        exchange = fresh(source);
        exchange.time = time;
        continue;
      }
      // curl -v's own lines (info, the request it sent) belong to the exchange they describe.
      if (CURL_INFO.test(current) || current.startsWith('> ') || /^[<>]\s*$/.test(current)) continue;
      stray ??= { line: physical.line, count: 0 };
      stray.count++;
    }
    yield* out.splice(0);
  }
  if (state !== 'outside') {
    if (state === 'head' && exchange) readHead(exchange);
    finish();
  } else if (exchange) {
    out.push(strayAside(file, { line: (exchange as Exchange).source.line, count: 1 }));
  }
  strayDone();
  yield* out.splice(0);
}

function readHead(exchange: Exchange): void {
  const message = parseHttpMessage(exchange.head.join('\r\n'));
  const headers = message?.headers ?? new Map<string, string>();
  exchange.head = [];
  exchange.headers = headers;
  const length = headers.get('content-length');
  const chunked = /chunked/i.test(headers.get('transfer-encoding') ?? '');
  // curl prints a chunked body decoded, so its Content-Length (if any) is not the printed length.
  exchange.bodyBytesLeft = length && /^\d+$/.test(length) && !chunked ? Number(length) : null;
}

function appendBody(exchange: Exchange, text: string): void {
  if (exchange.body.length < MAX_BODY_CHARS) exchange.body += text.slice(0, MAX_BODY_CHARS - exchange.body.length);
}

function recordOf(exchange: Exchange): RawRecord {
  const { headers } = exchange;
  const fields = new Map<string, string>();
  if (exchange.time !== null) fields.set('time', exchange.time);
  fields.set('status', exchange.status ?? '');
  if (exchange.method !== null) fields.set('method', exchange.method);
  const host = exchange.requestHeaders.get('host');
  if (exchange.target !== null)
    fields.set('url', host && exchange.target.startsWith('/') ? `https://${host}${exchange.target}` : exchange.target);
  if (exchange.body.trim() !== '') fields.set('body', exchange.body.trim());
  for (const name of ['authorization', 'x-keap-api-key']) {
    const value = exchange.requestHeaders.get(name);
    if (value) fields.set(name, value);
  }
  return { source: exchange.source, fields, headers };
}

function strayAside(file: string, stray: { line: number; count: number }): ReadItem {
  return {
    kind: 'aside',
    aside: {
      code: 'NOT_A_REQUEST',
      source: { file, line: stray.line },
      detail: `${stray.count} line(s) outside any HTTP exchange`,
    },
  };
}
