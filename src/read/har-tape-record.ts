// recordFromHarEntry for an entry already scanned into a JsonTape: the fields and the few request headers used
// are read off the bytes, the response headers into a shape-indexed row; null leaves the entry to recordFromHarEntry.
import type { SourceRef } from '../types.js';
import { IndexedRow, RowIndex } from './indexed-row.js';
import type { Shapes } from './json-shapes.js';
import { JsonTape, T_ARRAY, T_OBJECT, T_STRING } from './json-tape.js';
import { TapeValues } from './json-tape-values.js';
import type { ReadItem } from './read-item.js';
import { headerShapes, readHeaderArray, readHeaderObject, type HeaderPlan } from './tape-headers.js';

const STARTED = Buffer.from('startedDateTime');
const REQUEST = Buffer.from('request');
const RESPONSE = Buffer.from('response');
const METHOD = Buffer.from('method');
const URL_KEY = Buffer.from('url');
const HEADERS = Buffer.from('headers');
const STATUS = Buffer.from('status');
const CONTENT = Buffer.from('content');
const TEXT = Buffer.from('text');
const ENCODING = Buffer.from('encoding');
const BASE64 = Buffer.from('base64');
const KEYS = [STARTED, REQUEST, RESPONSE, METHOD, URL_KEY, HEADERS, STATUS, CONTENT, TEXT, ENCODING].map(String);
// The members read from each object of an entry, in the order find() returns them.
const IN_ENTRY = [STARTED, REQUEST, RESPONSE];
const IN_REQUEST = [METHOD, URL_KEY, HEADERS];
const IN_RESPONSE = [STATUS, HEADERS, CONTENT];
const IN_CONTENT = [TEXT, ENCODING];

// recordFromHarEntry's fields, in its order; the ones after `status` are there only when the entry has them.
const FIXED = ['startedDateTime', 'method', 'url', 'status'];
const CREDENTIALS = ['authorization', 'x-keap-api-key', 'x-api-key', 'cookie'];

/** Reads scanned HAR entries of one file. */
export class TapeHarReader {
  readonly tape = new JsonTape();
  readonly values = new TapeValues(this.tape);
  private readonly requestHeaders = headerShapes();
  private readonly responseHeaders = headerShapes();
  // Field layouts by which optional fields an entry has (bit 0 body, bits 1–4 the credentials).
  private readonly layouts: { columns: string[]; index: RowIndex }[] = [];

  /** The record of the entry the tape's last scan of `buf[from..to)` holds, or null when the old reader must read it. */
  read(buf: Buffer, from: number, to: number, source: SourceRef): ReadItem | null {
    const values = this.values;
    values.reset(buf, from, to);
    const tape = this.tape;
    if (tape.kinds[0] !== T_OBJECT) return null;
    const entry = this.find(0, IN_ENTRY);
    if (entry === null) return null;
    const [started, request, response] = entry;
    if (tape.kinds[request] !== T_OBJECT || tape.kinds[response] !== T_OBJECT) return null;
    const inRequest = this.find(request, IN_REQUEST);
    const inResponse = this.find(response, IN_RESPONSE);
    if (inRequest === null || inResponse === null) return null;
    const [method, url, requestHeadersAt] = inRequest;
    const [status, responseHeadersAt, content] = inResponse;
    const row: string[] = [];
    for (const token of [started, method, url, status]) {
      const text = token < 0 ? '' : values.scalar(token);
      if (text === undefined) return null;
      row.push(text);
    }
    let mask = 0;
    if (content >= 0 && tape.kinds[content] === T_OBJECT) {
      const inContent = this.find(content, IN_CONTENT);
      if (inContent === null) return null;
      const [text, encoding] = inContent;
      if (text >= 0 && tape.kinds[text] === T_STRING) {
        const body = values.string(text);
        // HAR stores binary or compressed bodies base64-encoded; 429 bodies are short JSON either way.
        row.push(
          encoding >= 0 && isText(values, encoding, BASE64) ? Buffer.from(body, 'base64').toString('utf8') : body,
        );
        mask |= 1;
      }
    }
    const requestHeaders = this.headers(requestHeadersAt, this.requestHeaders);
    if (requestHeaders === null) return null;
    if (requestHeaders !== undefined) {
      for (let k = 0; k < CREDENTIALS.length; k++) {
        const found = requestHeaders.get(CREDENTIALS[k] as string);
        if (found === undefined) continue;
        row.push(found);
        mask |= 2 << k;
      }
    }
    const headers = this.headers(responseHeadersAt, this.responseHeaders);
    if (headers === null) return null;
    const layout = (this.layouts[mask] ??= layoutOf(mask));
    const fields = new IndexedRow(row, layout.index);
    return {
      kind: 'record',
      record: { source, fields, columns: layout.columns, values: row, headers: headers ?? EMPTY_ROW },
    };
  }

  // headerMap's reading: undefined for no header container, null when the old reader must read them.
  private headers(token: number, shapes: Shapes<HeaderPlan>): IndexedRow | undefined | null {
    if (token < 0) return undefined;
    const kind = this.tape.kinds[token];
    if (kind === T_ARRAY) return readHeaderArray(this.values, token, shapes);
    if (kind !== T_OBJECT) return undefined;
    const found = readHeaderObject(this.values, token, shapes);
    return found === undefined ? EMPTY_ROW : found;
  }

  // The value tokens of the named members of an object (the last of a repeated name, as JSON.parse keeps; −1 absent).
  private find(object: number, names: readonly Buffer[]): [number, number, number] | null {
    const tape = this.tape;
    const values = this.values;
    const found: [number, number, number] = [-1, -1, -1];
    const end = tape.next[object] as number;
    for (let key = object + 1; key < end; key = values.after(key + 1)) {
      const slot = values.memberSlot(key, names, KEYS);
      if (slot === null) return null;
      if (slot >= 0) found[slot] = key + 1;
    }
    return found;
  }
}

const EMPTY_ROW = new IndexedRow([], new RowIndex([], []));

function isText(values: TapeValues, token: number, bytes: Buffer): boolean {
  return values.tape.kinds[token] === T_STRING && values.is(token, bytes);
}

function layoutOf(mask: number): { columns: string[]; index: RowIndex } {
  const columns = [...FIXED];
  if (mask & 1) columns.push('body');
  CREDENTIALS.forEach((name, k) => {
    if (mask & (2 << k)) columns.push(name);
  });
  return {
    columns,
    index: new RowIndex(
      columns,
      columns.map((_name, k) => k),
    ),
  };
}
