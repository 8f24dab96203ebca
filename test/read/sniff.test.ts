import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../../src/read/sniff.js';

const sniff = (text: string | Buffer, extension = '') =>
  sniffFormat(typeof text === 'string' ? Buffer.from(text) : text, extension);

describe('sniffFormat', () => {
  it.each([
    ['ts,status\n1,200\n', 'csv', ','],
    ['\uFEFFts;status\n1;200\n', 'csv', ';'],
    ['ts\tstatus\n', 'csv', '\t'],
    ['  [\n{"ts":1}]', 'json-array', ','],
    ['{"ts":"x","status":200}\n{"ts":"y","status":429}\n', 'ndjson', ','],
    ['{\n  "log": {\n "version": "1.2"', 'har', ','],
  ])('reads %j as %s', (text, format, delimiter) => {
    expect(sniff(text)).toEqual({ ok: true, format, delimiter });
  });

  it('trusts content over the extension: a CSV named .json is CSV', () => {
    expect(sniff('ts,status\n', 'json')).toMatchObject({ ok: true, format: 'csv' });
  });

  it('refuses empty, binary and pretty-printed single objects', () => {
    expect(sniff('  \n')).toEqual({ ok: false, reason: 'empty' });
    expect(sniff(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toEqual({ ok: false, reason: 'binary' });
    expect(sniff('{\n "ts": 1\n}')).toEqual({ ok: false, reason: 'json-object' });
  });
});
