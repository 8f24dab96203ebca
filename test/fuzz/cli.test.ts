import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/run-bin.js';
import { runMain } from './cli-run.js';
import { countTried, params, runs } from './config.js';
import { csvLog, harLog, jsonArrayLog, mutate, mutation, ndjsonLog } from './logs.js';

// The CLI's promises on fuzzed input: exit 0 with a report (rows counted exactly) or exit 2 with one
// error line; never an internal error, never a stack, never both a report and a failure on stdout.
const fixtures = [
  'logs/sak-sleep5-thread89944.csv',
  'logs/h1-pastebin-2024-08-14.har',
  'logs/h2-postman-pat-2026-02-18.json',
  'logs/h3-tenant-pipe-2026-08-11.ndjson',
  'logs/legacy-spike-cdt-thread88137.csv',
];
const input = fc.oneof(
  csvLog.map((log) => ({ bytes: log.bytes, rows: log.rows as number | null })),
  jsonArrayLog.map((log) => ({ bytes: log.bytes, rows: log.rows as number | null })),
  ndjsonLog.map((log) => ({ bytes: log.bytes, rows: null })),
  harLog.map((log) => ({ bytes: log.bytes, rows: log.rows as number | null })),
  fc
    .tuple(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([file, edits]) => ({ bytes: mutate(readFileSync(`${root}fixtures/${file}`), edits), rows: null })),
);

describe('fuzz: the CLI in-process (main(argv, io))', () => {
  it('exits 0 with every row counted, or 2 with one error line', async () => {
    await fc.assert(
      fc.asyncProperty(
        input,
        fc.constantFrom('table', 'json'),
        fc.constantFrom<string[]>([], ['--tz', 'America/Chicago'], ['--strict']),
        async (log, format, extra) => {
          countTried('CLI in-process fuzzed logs');
          const result = await runMain(['analyze', '--format', format, ...extra], log.bytes);
          expect(result.stderr).toMatch(/^(keap-throttle: error \[[A-Z_]+\]: [^\n]*\n)?$/);
          if (result.code === 0) {
            expect(result.stderr).toBe('');
            if (format === 'json') {
              const rows = JSON.parse(result.stdout).input.rows;
              expect(rows.read).toBe(rows.used + rows.skipped + rows.aside);
              // A CSV or JSON log sniffed as what it is holds exactly the rows it was built with.
              if (log.rows !== null && JSON.parse(result.stdout).input.files[0].format !== 'ndjson')
                expect(rows.read).toBe(log.rows);
            }
          } else {
            expect(result.code).toBe(2);
            expect(result.stderr).not.toBe('');
            // --strict fails after the report; every other failure leaves stdout empty.
            if (!extra.includes('--strict')) expect(result.stdout).toBe('');
          }
        },
      ),
      params(runs(40)),
    );
  });
});
