// Runs fuzzed input through the library as the CLI does, and checks what every run must hold.
import { expect } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { describeError } from '../../src/cli/report-error.js';
import { isKeapThrottleError, type ErrorCode } from '../../src/errors.js';
import type { ZoneSpec } from '../../src/normalise/time-zone.js';
import { sniffInput } from '../../src/read/read-input.js';
import type { ReadItem } from '../../src/read/read-item.js';
import type { Report } from '../../src/report.js';
import { renderJson } from '../../src/render/json.js';
import { plainStyle } from '../../src/render/style.js';
import { renderTable } from '../../src/render/table.js';
import { timelineOf } from '../../src/timeline/timeline-of.js';

/** The input in chunks of `size` bytes, as a file (256 KiB) or a pipe (64 KiB) would deliver it. */
export async function* chunks(bytes: Buffer, size = 65_536): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

// Errors a user's file may cause; anything else escaping the library is a bug.
const INPUT_ERRORS: readonly ErrorCode[] = [
  'INPUT_EMPTY',
  'INPUT_FORMAT_UNKNOWN',
  'INPUT_MALFORMED',
  'NO_TIMESTAMP_COLUMN',
  'NO_STATUS_COLUMN',
  'NO_ROWS',
];

/** What one run gave: a report and its outputs, or a user error and its one line. */
export type Outcome =
  | { readonly kind: 'report'; readonly report: Report; readonly outputs: string }
  | { readonly kind: 'error'; readonly code: ErrorCode; readonly line: string };

/** Asserts that `error` is a user error a file may cause, worded as one line without a stack; returns it. */
export function expectUserError(error: unknown): Outcome {
  if (!isKeapThrottleError(error)) throw error;
  expect(INPUT_ERRORS).toContain(error.code);
  const line = describeError(error, false);
  expect(line).toMatch(/^keap-throttle: error \[[A-Z_]+\]: [^\n]*\n$/);
  return { kind: 'error', code: error.code, line };
}

/** Counts what the readers and the normaliser make of the items: every row is one event or one skip. */
export async function countRows(
  name: string,
  format: string,
  items: AsyncIterable<ReadItem>,
  zone: ZoneSpec | null = null,
): Promise<{ rows: number; details: string[] }> {
  let rows = 0;
  const details: string[] = [];
  for await (const item of timelineOf([{ name, format, items }], zone)) {
    if (item.kind === 'note') continue;
    rows++;
    if (item.kind === 'skip') {
      expect(item.skip.source.file).toBe(name);
      expect(item.skip.source.line).toBeGreaterThanOrEqual(1);
      expect(item.skip.detail).not.toMatch(/\n|\bat .*:\d+:\d+/);
      details.push(item.skip.detail);
    }
  }
  return { rows, details };
}

/** Sniffs and analyses `bytes` like `keap-throttle analyze`, renders both formats, and checks the accounting. */
export async function runLibrary(
  bytes: Buffer,
  extension: string,
  options: { chunkSize?: number; zone?: ZoneSpec | null } = {},
): Promise<Outcome> {
  const name = `fuzz.${extension || 'log'}`;
  let report: Report;
  try {
    const sniffed = await sniffInput({ name, stream: chunks(bytes, options.chunkSize), extension });
    report = await analyze([{ name, format: sniffed.format, items: sniffed.items }], { zone: options.zone ?? null });
  } catch (error) {
    return expectUserError(error);
  }
  const { rows } = report.input;
  expect(rows.read).toBe(rows.used + rows.skipped + rows.aside);
  expect(report.input.files.reduce((sum, file) => sum + file.rows, 0)).toBe(rows.read);
  const json = renderJson(report);
  expect(JSON.parse(json).input.rows).toEqual(rows);
  const table = renderTable(report, { style: plainStyle });
  expect(table).toContain(`${rows.read.toLocaleString('en-US')} read`);
  return { kind: 'report', report, outputs: `${json}\n${table}` };
}
