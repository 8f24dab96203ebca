// Every renderer against the same Reports of bundled fixtures, one snapshot file per renderer and
// fixture (test/render/snapshots/); `npx vitest run -u` rewrites them after a deliberate change.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { judgeRules } from '../../src/gate/rules.js';
import { parseZone } from '../../src/normalise/time-zone.js';
import { openInput } from '../../src/read/open-input.js';
import { sniffInput } from '../../src/read/read-input.js';
import { renderCheckLines } from '../../src/render/check.js';
import { renderHtml } from '../../src/render/html.js';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { plainStyle } from '../../src/render/style.js';
import { renderTable } from '../../src/render/table.js';
import type { Report } from '../../src/report.js';

const FIXTURES = [
  { name: 'sak-sleep5', file: 'fixtures/logs/sak-sleep5-thread89944.csv', tz: null },
  { name: 'legacy-cdt', file: 'fixtures/logs/legacy-spike-cdt-thread88137.csv', tz: 'America/Chicago' },
  { name: 'h3-tenant', file: 'fixtures/logs/h3-tenant-pipe-2026-08-11.ndjson', tz: null },
  { name: 'text-faults', file: 'fixtures/secrets/text-faults.csv', tz: null },
] as const;

// The inlined library is not the renderer's output; a stand-in keeps the snapshot readable.
const ASSETS = { uplotScript: '/* uPlot */', uplotStyle: '/* uPlot css */', uplotVersion: '0.0.0-test' };

async function reportOf(file: string, tz: string | null): Promise<Report> {
  const zone = tz === null ? null : parseZone(tz);
  // Relative names keep the snapshots the same on every machine (vitest runs from the repository root).
  const input = await sniffInput(await openInput(file, { stream: process.stdin, isTTY: false }));
  const analysis = await analyze([input], { zone });
  const gate = judgeRules({ failOn: ['unexplained'], max429RatePercent: 5, minHeadroomPercent: 20 }, analysis);
  return {
    ...analysis,
    run: {
      command: 'check',
      tool: { name: 'keap-throttle', version: '0.0.0-test' },
      argv: ['check', file, '--fail-on', 'unexplained', '--max-429-rate', '5', '--min-headroom', '20'],
      inputs: [{ name: file, sha256: '0'.repeat(64), bytes: 0 }],
      zone,
      gate,
    },
  };
}

const RENDERERS: readonly [string, string, (report: Report) => string][] = [
  ['table-100', 'txt', (report) => renderTable(report, { style: plainStyle, width: 100 })],
  ['table-60', 'txt', (report) => renderTable(report, { style: plainStyle, width: 60 })],
  ['table-verbose', 'txt', (report) => renderTable(report, { style: plainStyle, width: 120, verbose: true })],
  ['json', 'json', renderJson],
  ['markdown', 'md', (report) => renderMarkdown(report)],
  ['markdown-summary', 'md', (report) => renderMarkdown(report, { summaryOnly: true })],
  ['html', 'html', (report) => renderHtml(report, { assets: ASSETS })],
  ['check', 'txt', (report) => renderCheckLines(report)],
];

describe.each(FIXTURES)('renderers on $name', ({ name, file, tz }) => {
  it.each(RENDERERS)('%s', async (renderer, extension, render) => {
    const text = render(await reportOf(file, tz));
    await expect(text).toMatchFileSnapshot(`snapshots/${name}.${renderer}.${extension}`);
  });
});

describe('table layout', () => {
  it.each([60, 80, 100, 140])('fits %i columns and never cuts a file:line', async (width) => {
    const report = await reportOf('fixtures/logs/sak-sleep5-thread89944.csv', null);
    const lines = renderTable(report, { style: plainStyle, width }).split('\n');
    expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(width);
    const text = lines.join('\n');
    for (const line of [10, 18]) expect(text).toContain(`sak-sleep5-thread89944.csv:${line}`);
    // Under 100 columns the tables become label/value blocks: no box drawing is left.
    expect(/[┌│└]/.test(text)).toBe(width >= 100);
  });
});
