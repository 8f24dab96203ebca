// The HTML report: one self-contained file (uPlot, styles, script and data inlined; no network) for a
// support engineer who would rather look than read.
import type { ExplainedAttribution } from '../attribute/attribution-types.js';
import { DETAILED_THROTTLED } from '../details/throttled-details.js';
import type { Report } from '../report.js';
import { firstOf } from './first-of.js';
import { chartData } from './html-chart-data.js';
import { escapeHtml, inlineAsset, scriptJson } from './html-escape.js';
import { CHART_SCRIPT } from './html-script.js';
import { limitsWords } from './profile-words.js';
import { gateWords, questionsForKeap, ruleWords, verdictSentences } from './support-words.js';
import { count, humanDuration, isoUtc, zonedTime } from './time-format.js';
import {
  adviceLines,
  EXPLANATION_WORDS,
  explanationEvidenceWords,
  layerEvidenceWords,
  settingWords,
  summaryWords,
} from './verdict-words.js';

/** The charting library, read by the CLI from node_modules. */
export interface ChartAssets {
  readonly uplotScript: string;
  readonly uplotStyle: string;
  readonly uplotVersion: string;
}

/** What the HTML shows. */
export interface HtmlOptions {
  readonly assets: ChartAssets;
  /** Throttled responses listed (the rest are counted). */
  readonly listed?: number;
}

/** Throttled responses listed by default. */
export const HTML_LISTED = 100;

const PAGE_STYLE = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #dde2ea; --bg: #f6f7f9; --card: #fff; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 1180px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; margin: 12px 0; }
.verdict { font-size: 16px; border-left: 4px solid #d62728; }
.verdict.ok { border-left-color: #2ca02c; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.chart { min-height: 200px; }
.uplot { font-family: inherit; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
td.where, td.time { white-space: nowrap; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; background: #eef1f5; padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
ul.advice li, ol li { margin: 3px 0; }
.pass { color: #207a20; font-weight: 600; }
.fail { color: #b3191a; font-weight: 600; }
.note { color: var(--muted); font-size: 13px; }
footer { margin-top: 32px; color: var(--muted); font-size: 13px; }
`;

/** The report as one HTML page. */
export function renderHtml(report: Report, options: HtmlOptions): string {
  const { input, throttling, run } = report;
  const [fired, why] = verdictSentences(throttling, input.rows.used);
  const setting = throttling.spike.setting;
  const data = chartData(report);
  const zone = run?.zone ?? null;
  const span = input.span;
  const facts: [string, string][] = [
    [
      'Time (UTC)',
      span
        ? `${isoUtc(span.firstMs)} → ${isoUtc(span.lastMs)} (${humanDuration(span.lastMs - span.firstMs)})`
        : 'no rows',
    ],
    ...(zone && span
      ? ([[`Time (${zone.name})`, `${zonedTime(span.firstMs, zone)} → ${zonedTime(span.lastMs, zone)}`]] as [
          string,
          string,
        ][])
      : []),
    [
      'Rows',
      `${count(input.rows.read)} read, ${count(input.rows.used)} used, ${count(input.rows.skipped)} skipped; ${count(throttling.throttled)} throttled`,
    ],
    [
      'Profile',
      report.profile.profile
        ? `${report.profile.profile.label} [${report.profile.profile.id}]: ${limitsWords(report.profile.profile)}`
        : 'unknown',
    ],
    ['Tenant', input.tenants.length > 0 ? input.tenants.join(', ') : 'not in the headers'],
    ['SpikeArrest model', setting ? settingWords(setting) : 'no request reached the model'],
  ];
  const body = [
    `<h1>keap-throttle: ${escapeHtml(count(throttling.throttled))} throttled response(s)</h1>`,
    `<p class="sub">${escapeHtml(input.files.map((file) => file.name).join(', '))}</p>`,
    `<section class="card verdict${throttling.throttled === 0 ? ' ok' : ''}" id="verdict"><p><strong>${escapeHtml(fired)}</strong> ${escapeHtml(why)}</p><p class="note">${escapeHtml(summaryWords(throttling.verdict.dataset, throttling, report.ledger))}</p></section>`,
    run?.gate ? gateHtml(report) : '',
    `<section class="card"><dl class="facts">${facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl></section>`,
    throttling.throttled > 0
      ? `<h2>What would have avoided them</h2><section class="card"><ul class="advice">${adviceLines(
          throttling.verdict.dataset.advice,
          setting,
        )
          .map((line) => `<li>${escapeHtml(line)}</li>`)
          .join('')}</ul></section>`
      : '',
    '<h2>Traffic over time</h2>',
    `<p class="note">Each point is ${escapeHtml(humanDuration(data.binMs))} of the log (${count(report.series.traffic.bins.length)} points); drag to zoom, double-click to reset, hover for values. Times in UTC.</p>`,
    '<section class="card"><div class="chart" data-chart="per-second"></div></section>',
    '<section class="card"><div class="chart" data-chart="per-minute"></div></section>',
    '<section class="card"><div class="chart" data-chart="per-day"></div></section>',
    '<h2>Spacing</h2>',
    '<section class="card"><div class="chart" data-chart="spacing"></div></section>',
    data.share.x.length > 0
      ? '<section class="card"><div class="chart" data-chart="share"></div></section>'
      : '<p class="note">No SpikeArrest model: the expected 429 share cannot be drawn.</p>',
    throttledHtml(report, options.listed ?? HTML_LISTED),
    questionsHtml(report),
    footerHtml(report, options.assets),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>keap-throttle: ${escapeHtml(count(throttling.throttled))} throttled response(s)</title>
<style>${inlineAsset(options.assets.uplotStyle, 'style')}</style>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
${body.filter((part) => part !== '').join('\n')}
</main>
<script type="application/json" id="chart-data">${scriptJson(data)}</script>
<script>${inlineAsset(options.assets.uplotScript, 'script')}</script>
<script>${inlineAsset(CHART_SCRIPT, 'script')}</script>
</body>
</html>
`;
}

function gateHtml(report: Report): string {
  const gate = report.run?.gate;
  if (!gate) return '';
  const items = gate.rules
    .map(
      (rule) =>
        `<li><span class="${rule.passed ? 'pass' : 'fail'}">${rule.passed ? 'pass' : 'FAIL'}</span> ${escapeHtml(ruleWords(rule))}</li>`,
    )
    .join('');
  return `<section class="card" id="gate"><strong>CI rules: ${escapeHtml(gateWords(gate))}</strong><ul>${items}</ul></section>`;
}

function throttledHtml(report: Report, listed: number): string {
  const { throttling } = report;
  if (throttling.throttled === 0) return '';
  const details = new Map(report.details.detailed.map((detail) => [where(detail.source), detail]));
  const shown: ExplainedAttribution[] = firstOf(throttling.attributions, Math.min(listed, DETAILED_THROTTLED));
  const rows = shown.map((item) => {
    const detail = details.get(where(item.source));
    const evidence = [
      ...item.evidence.map(layerEvidenceWords),
      ...item.why.evidence.map(explanationEvidenceWords),
    ].join('; ');
    return `<tr><td class="time">${escapeHtml(isoUtc(item.ts))}</td><td class="where"><code>${escapeHtml(where(item.source))}</code></td><td>${detail?.requestId ? `<code>${escapeHtml(detail.requestId)}</code>` : '-'}</td><td>${escapeHtml(item.layer)}</td><td>${escapeHtml(EXPLANATION_WORDS[item.explanation])}</td><td>${detail?.fault ? `<code>${escapeHtml(detail.fault.text)}</code>` : '-'}</td><td>${escapeHtml(evidence)}</td></tr>`;
  });
  const rest = throttling.throttled - shown.length;
  return `<h2>Throttled responses (${count(shown.length)} of ${count(throttling.throttled)})</h2>
<section class="card"><table id="throttled"><thead><tr><th>time (UTC)</th><th>where</th><th>x-request-id</th><th>limit</th><th>why</th><th>fault</th><th>evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>${rest > 0 ? `<p class="note">… and ${count(rest)} more: all of them are in the JSON output (--json).</p>` : ''}</section>`;
}

function questionsHtml(report: Report): string {
  const questions = questionsForKeap(report);
  if (questions.length === 0) return '';
  return `<h2>Questions for Keap support</h2><section class="card"><ol>${questions.map((q) => `<li>${escapeHtml(q)}</li>`).join('')}</ol></section>`;
}

function footerHtml(report: Report, assets: ChartAssets): string {
  const run = report.run;
  const inputs = (run?.inputs ?? [])
    .map(
      (input) =>
        `<li><code>${escapeHtml(input.name)}</code> sha256 <code>${escapeHtml(input.sha256)}</code> (${count(input.bytes)} bytes)</li>`,
    )
    .join('');
  const command = run ? `<p>Command: <code>${escapeHtml(['keap-throttle', ...run.argv].join(' '))}</code></p>` : '';
  return `<footer>${command}${inputs ? `<ul>${inputs}</ul>` : ''}<p>Made by keap-throttle ${escapeHtml(run?.tool.version ?? '')}; charts by uPlot ${escapeHtml(assets.uplotVersion)}, inlined.</p></footer>`;
}

function where(source: { readonly file: string; readonly line: number }): string {
  return `${source.file}:${source.line}`;
}
