import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../src/read/csv-records.js';
import { readNdjsonRecords } from '../../src/read/ndjson-records.js';
import { sniffInput } from '../../src/read/read-input.js';
import { root } from '../helpers/run-bin.js';
import { countTried, params, runs } from './config.js';
import { csvLog, harLog, jsonArrayLog, mutate, mutation, ndjsonLog, type GeneratedLog } from './logs.js';
import { chunks, countRows, runLibrary } from './pipeline.js';

// Every reader: fuzzed logs with a known number of rows come out with exactly that many, used or skipped,
// and the whole library run either reports or stops with one user error line; nothing else escapes.
const chunkSize = fc.oneof(fc.constant(65_536), fc.integer({ min: 1, max: 4096 }));

async function readerRows(log: GeneratedLog, format: string, size: number): Promise<number> {
  const name = `fuzz.${log.extension}`;
  if (format === 'csv')
    return (await countRows(name, format, readCsvRecords(chunks(log.bytes, size), name, log.delimiter ?? ','))).rows;
  if (format === 'ndjson')
    return (await countRows(name, format, readNdjsonRecords(chunks(log.bytes, size), name))).rows;
  const sniffed = await sniffInput({ name, stream: chunks(log.bytes, size), extension: log.extension });
  expect(sniffed.format).toBe(format);
  return (await countRows(name, format, sniffed.items)).rows;
}

describe('fuzz: every row of every reader is counted, exactly', () => {
  it.each([
    ['csv', csvLog],
    ['json-array', jsonArrayLog],
    ['ndjson', ndjsonLog],
    ['har', harLog],
  ] as const)('%s', async (format, arbitrary) => {
    await fc.assert(
      fc.asyncProperty(arbitrary, chunkSize, async (log, size) => {
        countTried(`library ${format} (structured)`);
        expect(await readerRows(log, format, size)).toBe(log.rows);
        const outcome = await runLibrary(log.bytes, log.extension, { chunkSize: size });
        if (outcome.kind === 'report' && outcome.report.input.files[0]?.format === format)
          expect(outcome.report.input.rows.read).toBe(log.rows);
      }),
      params(runs(40)),
    );
  });
});

describe('fuzz: arbitrary bytes and mutated fixtures never escape as anything but one user error line', () => {
  const prefixes = [
    '',
    'ts,status,body\n',
    '[',
    '{"log":{"entries":[',
    '{"ts":"2026-03-02T10:00:00Z","status":429}\n',
    '\uFEFF',
    '\xFF\xFE',
    // The openings of the application logs, dumps and lists of times the text readers sniff.
    '[2026-03-02T10:00:00.123456+00:00] production.ERROR: Client error: `GET https://api.infusionsoft.com/crm/rest/v1/x` resulted in a `429 Too Many Requests` response:\n',
    '2026-03-02 10:00:00,123 ERROR app: 429 Client Error: Too Many Requests for url: https://api.infusionsoft.com/crm/rest/v1/x\n',
    'HTTP/1.1 429 Too Many Requests\r\ndate: Mon, 02 Mar 2026 10:00:00 GMT\r\n',
    '7/8/22 4:38:14 PM, 429\n',
  ];
  it('arbitrary bytes behind each format’s opening', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...prefixes),
        fc.uint8Array({ maxLength: 3000 }),
        fc.constantFrom('', 'csv', 'json', 'ndjson', 'har'),
        chunkSize,
        async (prefix, bytes, extension, size) => {
          countTried('library arbitrary bytes');
          await runLibrary(Buffer.concat([Buffer.from(prefix, 'latin1'), bytes]), extension, {
            chunkSize: size,
            zone: { kind: 'iana', name: 'America/Chicago' },
          });
        },
      ),
      params(runs(60)),
    );
  });

  // fixtures/clients holds what real clients wrote (Monolog/Laravel, Python logging, curl dumps, recipe NDJSON).
  const fixtures = ['logs', 'bad', 'secrets', 'clients'].flatMap((dir) =>
    readdirSync(`${root}fixtures/${dir}`)
      .filter((file) => /\.(csv|json|ndjson|har|txt|log)$/.test(file) && file !== 'served.json')
      .map((file) => `fixtures/${dir}/${file}`),
  );
  it(`structured mutations of the ${fixtures.length} fixtures`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fixtures),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        chunkSize,
        async (file, edits, size) => {
          countTried('library mutated fixtures');
          const bytes = mutate(readFileSync(`${root}${file}`), edits);
          const extension = file.slice(file.lastIndexOf('.') + 1);
          await runLibrary(bytes, extension, { chunkSize: size, zone: { kind: 'iana', name: 'America/Chicago' } });
        },
      ),
      params(runs(60)),
    );
  });
});

describe('fuzz: the format sniffed does not depend on chunking', () => {
  it('is the same in one chunk and in small ones', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(csvLog, jsonArrayLog, ndjsonLog, harLog),
        fc.integer({ min: 1, max: 70_000 }),
        async (log, size) => {
          countTried('library sniff chunking');
          const sniff = async (chunk: number) => {
            try {
              return (await sniffInput({ name: 'x', stream: chunks(log.bytes, chunk), extension: '' })).format;
            } catch (error) {
              return (error as { code?: string }).code;
            }
          };
          expect(await sniff(size)).toBe(await sniff(1 << 30));
        },
      ),
      params(runs(40)),
    );
  });
});
