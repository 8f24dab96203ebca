import Table from 'cli-table3';
import type { Report } from '../report.js';
import type { FileNote } from '../summary/input-tally.js';
import type { Style } from './style.js';
import { renderErrorsOnly } from './errors-only.js';
import { renderLedgerTables } from './ledger-table.js';
import { profileWords } from './profile-words.js';
import { renderSetAside } from './set-aside.js';
import { renderThrottleList, renderThrottleVerdict } from './throttle-table.js';
import { count, humanDuration, shortUtc } from './time-format.js';

/** How wide the terminal is and how to style text. */
export interface TableOptions {
  readonly style: Style;
}

/** The analysis as terminal tables. */
export function renderTable(report: Report, options: TableOptions): string {
  const { style } = options;
  const { input } = report;
  const table = new Table({ style: { head: [], border: [] }, wordWrap: true, colWidths: [14, 80] });
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
  const statuses = input.statuses.map((entry) => `${entry.status} ×${count(entry.count)}`).join('  ');
  table.push(
    [style.bold('Files'), files],
    [
      style.bold('Rows'),
      `${count(input.rows.read)} read, ${count(input.rows.used)} used, ${count(input.rows.skipped)} skipped`,
    ],
    [style.bold('Skipped'), input.rows.skipped > 0 ? style.yellow(skipped) : skipped],
    [style.bold('Time (UTC)'), span],
    [style.bold('Statuses'), statuses || 'none'],
    [style.bold('Throttled'), input.throttled > 0 ? style.red(count(input.throttled)) : '0'],
    [
      style.bold('Keys'),
      input.keyColumn
        ? `${input.keys.length}: ${input.keys.join(', ')}`
        : 'not logged (no key column): one key assumed',
    ],
    [style.bold('Tenants'), input.tenants.length > 0 ? input.tenants.join(', ') : 'not in headers'],
    [style.bold('Profile'), profileWords(report.profile)],
  );
  const sections = [
    table.toString(),
    renderSetAside(input, style),
    renderThrottleVerdict(report.throttling, report.ledger, style),
    renderErrorsOnly(report, style),
    renderLedgerTables(report.ledger, style),
    renderThrottleList(report.throttling, style),
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
