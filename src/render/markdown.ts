// The support evidence: one Markdown document a user pastes into a Keap ticket or a GitHub issue.
import type { ExplainedAttribution } from '../attribute/attribution-types.js';
import { DETAILED_THROTTLED, type CounterReadings, type ThrottledDetail } from '../details/throttled-details.js';
import type { Report } from '../report.js';
import { COUNTER_LAYERS } from '../ledger/index.js';
import { firstOf } from './first-of.js';
import { mdCode, mdTable, mdText } from './markdown-text.js';
import { limitsWords, profileEvidenceWords } from './profile-words.js';
import { gateWords, questionsForKeap, ruleWords, verdictSentences } from './support-words.js';
import { count, humanDuration, isoUtc, zonedTime, type DisplayZone } from './time-format.js';
import {
  admittedFloorWords,
  adviceLines,
  EXPLANATION_WORDS,
  explanationEvidenceWords,
  layerEvidenceWords,
  settingWords,
} from './verdict-words.js';

/** How many throttled responses are listed in full by default; the rest are counted. */
export const MARKDOWN_LISTED = 20;

/** What the Markdown shows. */
export interface MarkdownOptions {
  /** Throttled responses listed in full (the rest are counted). */
  readonly listed?: number;
  /** Only the verdict, advice and rules (for a CI step summary). */
  readonly summaryOnly?: boolean;
}

const SHORT_LAYER: Readonly<Record<(typeof COUNTER_LAYERS)[number], string>> = {
  'product-minute': 'minute',
  'product-day': 'day',
  'tenant-minute': 'tenant minute',
  'tenant-day': 'tenant day',
};

/** The report as Markdown: provenance, inputs with digests, verdict, per-429 details, model, advice, questions. */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const { input, throttling, run } = report;
  const zone = run?.zone ?? null;
  const out: string[] = [];
  out.push(`## keap-throttle: ${count(throttling.throttled)} throttled response(s) in ${count(input.rows.used)}`);
  const [fired, why] = verdictSentences(throttling, input.rows.used);
  out.push(`${mdText(fired)} ${mdText(why)}`);
  if (run?.gate) {
    out.push(`**CI rules: ${gateWords(run.gate)}**`);
    out.push(
      run.gate.rules.map((rule) => `- ${rule.passed ? 'pass' : '**FAIL**'}: ${mdText(ruleWords(rule))}`).join('\n'),
    );
  }
  const setting = throttling.spike.setting;
  if (throttling.throttled > 0) {
    out.push('### What would have avoided them');
    out.push(
      adviceLines(throttling.verdict.dataset.advice, setting)
        .map((line) => `- ${mdText(line)}`)
        .join('\n'),
    );
  }
  if (options.summaryOnly) return finish(out);

  out.push('### Run');
  const tool = run ? `${run.tool.name} ${run.tool.version}` : 'keap-throttle (library)';
  out.push(
    [
      `- tool: ${mdText(tool)}`,
      ...(run ? [`- command: ${mdCode(['keap-throttle', ...run.argv].join(' '))}`] : []),
      `- credential: ${mdText(credentialLine(report))}`,
      `- tenant: ${input.tenants.length > 0 ? input.tenants.map(mdCode).join(', ') : 'not in the headers (no x-keap-tenant-id)'}`,
      `- time range (UTC): ${input.span ? spanWords(input.span.firstMs, input.span.lastMs, null) : 'no rows'}`,
      ...(zone && input.span
        ? [`- time range (${mdText(zone.name)}): ${spanWords(input.span.firstMs, input.span.lastMs, zone)}`]
        : []),
    ].join('\n'),
  );

  out.push('### Inputs');
  const digests = new Map((run?.inputs ?? []).map((digest) => [digest.name, digest]));
  out.push(
    mdTable(
      ['file', 'format', 'SHA-256', 'bytes', 'rows read', 'used', 'skipped'],
      input.files.map((file) => {
        const digest = digests.get(file.name);
        return [
          mdCode(file.name),
          file.format,
          digest ? mdCode(digest.sha256) : '-',
          digest ? count(digest.bytes) : '-',
          count(file.rows),
          count(file.used),
          count(file.skipped),
        ];
      }),
    ),
  );
  if (input.skipped.length > 0)
    out.push(
      input.skipped
        .map((group) => {
          const first = group.examples[0];
          return `- ${group.code} ×${count(group.count)}${first ? `, first ${mdCode(`${first.file}:${first.line}`)}: ${mdText(first.detail)}` : ''}`;
        })
        .join('\n'),
    );

  out.push(...throttledSection(report, options.listed ?? MARKDOWN_LISTED, zone));

  out.push('### SpikeArrest model');
  out.push(setting ? mdText(settingWords(setting)) : 'No request reached the SpikeArrest model.');
  if (setting && setting.rateCandidates.length > 0)
    out.push(
      `Rates compared: ${setting.rateCandidates.map((c) => `${c.rate}/s ${Math.round(c.probability * 100)} %`).join(', ')}.`,
    );
  const floor = setting ? admittedFloorWords(setting) : null;
  if (floor) out.push(mdText(floor));
  out.push(
    `Profile: ${mdText(report.profile.profile ? `${report.profile.profile.label} [${report.profile.profile.id}]: ${limitsWords(report.profile.profile)}` : 'none')}`,
  );
  out.push(report.profile.evidence.map((evidence) => `- ${mdText(profileEvidenceWords(evidence))}`).join('\n'));

  const questions = questionsForKeap(report);
  if (questions.length > 0) {
    out.push('### Questions for Keap support');
    out.push(questions.map((question, index) => `${index + 1}. ${mdText(question)}`).join('\n'));
  }
  return finish(out);
}

function finish(parts: readonly string[]): string {
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`;
}

function throttledSection(report: Report, listed: number, zone: DisplayZone | null): string[] {
  const { throttling } = report;
  if (throttling.throttled === 0) return [];
  const details = new Map(report.details.detailed.map((detail) => [where(detail.source), detail]));
  const shown: ExplainedAttribution[] = firstOf(throttling.attributions, Math.min(listed, DETAILED_THROTTLED));
  const out = [`### Throttled responses (${count(shown.length)} of ${count(throttling.throttled)})`];
  shown.forEach((item, index) => {
    const detail = details.get(where(item.source));
    const lines = [
      `**${index + 1}. ${isoUtc(item.ts)}**${zone ? ` (${mdText(zonedTime(item.ts, zone))})` : ''}: ${item.layer}, ${mdText(EXPLANATION_WORDS[item.explanation])} (${item.confidence} confidence)`,
      `- where: ${mdCode(where(item.source))}, status ${item.status}${item.method || item.path ? `, ${mdCode(`${item.method ?? ''} ${item.path ?? ''}`.trim())}` : ''}${item.keyId ? `, key ${mdCode(item.keyId)}` : ''}`,
      `- x-request-id: ${detail?.requestId ? mdCode(detail.requestId) : 'not logged'}`,
      `- counters: ${countersWords(detail)}`,
      `- fault: ${detail?.fault ? mdCode(detail.fault.text) : 'none in the body'}`,
      `- why this limit: ${item.evidence.map((e) => mdText(layerEvidenceWords(e))).join('; ') || '-'}`,
      `- why it happened: ${item.why.evidence.map((e) => mdText(explanationEvidenceWords(e))).join('; ') || '-'}`,
    ];
    out.push(lines.join('\n'));
  });
  const rest = throttling.throttled - shown.length;
  if (rest > 0) out.push(`… and ${count(rest)} more throttled response(s): all of them are in \`--json\`.`);
  return out;
}

function countersWords(detail: ThrottledDetail | undefined): string {
  if (!detail) return 'not kept';
  const parts = [
    detail.before ? `before ${readingWords(detail.before)}` : 'none before',
    detail.at ? `on it ${readingWords(detail.at)}` : 'none on it',
    detail.after ? `after ${readingWords(detail.after)}` : 'none after',
  ];
  return parts.join('; ');
}

function readingWords(readings: CounterReadings): string {
  const values = COUNTER_LAYERS.flatMap((layer) => {
    const reading = readings.readings[layer];
    if (!reading) return [];
    const used = reading.used === null ? '?' : count(reading.used);
    const limit = reading.limit === null ? '?' : count(reading.limit);
    return [`${SHORT_LAYER[layer]} ${used}/${limit} used`];
  });
  return `(${mdCode(where(readings.source))}, ${isoUtc(readings.ts)}): ${values.join(', ')}`;
}

function credentialLine(report: Report): string {
  const profile = report.profile.profile;
  if (!profile) return 'unknown (no limit headers or faults)';
  const also = report.profile.alsoMatching.map((other) => other.label).join('; ');
  return `${profile.credential} — ${profile.label} [${profile.id}], from ${report.profile.basis} (${report.profile.confidence} confidence)${also ? `; also matches ${also}` : ''}`;
}

function spanWords(first: number, last: number, zone: DisplayZone | null): string {
  const show = (ms: number) => (zone ? zonedTime(ms, zone) : isoUtc(ms));
  return `${show(first)} → ${show(last)} (${humanDuration(last - first)})`;
}

function where(source: { readonly file: string; readonly line: number }): string {
  return `${source.file}:${source.line}`;
}
