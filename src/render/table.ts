import type { Report } from '../report.js';
import type { FileNote } from '../summary/input-tally.js';
import type { Style } from './style.js';
import { renderErrorsOnly } from './errors-only.js';
import { renderSetAside } from './set-aside.js';
import { fittedTable, labelValueLines, STACK_BELOW, type Cell } from './layout.js';
import { renderLedgerTables } from './ledger-table.js';
import { profileWords } from './profile-words.js';
import { renderModelDetails, renderThrottleList, renderThrottleVerdict } from './throttle-table.js';
import { count, humanDuration, shortUtc, zonedTime } from './time-format.js';

/** How wide the terminal is, how to style text, and whether to add the model details. */
export interface TableOptions {
  readonly style: Style;
  /** Columns to fit (default 100); below 100 tables become label/value blocks. */
  readonly width?: number;
  readonly verbose?: boolean;
}

/** Default width when the CLI does not say. */
export const DEFAULT_WIDTH = 100;

/** The analysis as terminal tables. */
export function renderTable(report: Report, options: TableOptions): string {
  const { style } = options;
  const width = options.width ?? DEFAULT_WIDTH;
  const { input } = report;
  const zone = report.run?.zone ?? null;
  const span = input.span
    ? `${shortUtc(input.span.firstMs)} → ${shortUtc(input.span.lastMs)} (${humanDuration(input.span.lastMs - input.span.firstMs)})`
    : 'none';
  const files = input.files
    .map(
      (file) =>
        `${file.name} (${file.format}): ${count(file.used)} used, ${count(file.skipped)} skipped` +
        file.notes.map((note) => `\n  ${describeNote(note)}`).join(''),
    )
    .join('\n');
  const skipped =
    input.skipped.length === 0
      ? 'none'
      : input.skipped
          .map((group) => {
            const first = group.examples[0];
            return `${group.code} ×${count(group.count)}${first ? `, first ${first.file}:${first.line}: ${first.detail}` : ''}`;
          })
          .join('\n');
  const statuses = input.statuses.map((entry) => `${entry.status} ×${count(entry.count)}`).join(', ');
  const pairs: [string, Cell][] = [
    ['Files', files],
    ['Rows', `${count(input.rows.read)} read, ${count(input.rows.used)} used, ${count(input.rows.skipped)} skipped`],
    ['Skipped', input.rows.skipped > 0 ? { text: skipped, paint: style.yellow } : skipped],
    ['Time (UTC)', span],
    ...(zone && input.span
      ? ([
          [`Time (${zone.name})`, `${zonedTime(input.span.firstMs, zone)} → ${zonedTime(input.span.lastMs, zone)}`],
        ] as [string, Cell][])
      : []),
    ['Statuses', statuses || 'none'],
    ['Throttled', input.throttled > 0 ? { text: count(input.throttled), paint: style.red } : '0'],
    [
      'Keys',
      input.keyColumn
        ? `${input.keys.length}: ${input.keys.join(', ')}`
        : 'not logged (no key column): one key assumed',
    ],
    ['Tenants', input.tenants.length > 0 ? input.tenants.join(', ') : 'not in headers'],
    ['Profile', profileWords(report.profile)],
  ];
  const overview =
    (width >= STACK_BELOW
      ? fittedTable(
          null,
          pairs.map(([label, value]) => [{ text: label, paint: style.bold }, value]),
          width,
        )
      : null) ??
    labelValueLines(
      pairs.map(([label, value]) => [label, value]),
      12,
      width,
    );
  const sections = [
    overview,
    renderSetAside(input, style),
    renderThrottleVerdict(report.throttling, report.ledger, style, width),
    renderErrorsOnly(report, style),
    renderLedgerTables(report.ledger, style, width, Boolean(options.verbose)),
    renderThrottleList(report.throttling, style, width),
    options.verbose ? renderModelDetails(report.throttling, width) : '',
  ];
  return `${sections
    .filter((section) => section !== '')
    .map((section) => section.replace(/\n$/, ''))
    .join('\n\n')}\n`;
}

function describeNote(note: FileNote): string {
  const ignored = note.ignoredColumns.join(', ');
  return `column name "${note.column}" repeats: column ${note.usedColumn} used, column${note.ignoredColumns.length > 1 ? 's' : ''} ${ignored} ignored`;
}
