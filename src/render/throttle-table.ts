import Table from 'cli-table3';
import type { ThrottleReport } from '../attribute/throttle-analysis.js';
import type { LedgerReport } from '../ledger/index.js';
import type { Style } from './style.js';
import { count, shortUtc } from './time-format.js';
import {
  adviceLines,
  EXPLANATION_WORDS,
  explanationEvidenceWords,
  layerEvidenceWords,
  settingWords,
  summaryWords,
} from './verdict-words.js';

// A terminal is for reading: list the first 429s in full and point to --json for the rest.
const LISTED_429S = 20;

/** The 429 verdict of the terminal report: why, per key, and what would have avoided them. */
export function renderThrottleVerdict(report: ThrottleReport, ledger: LedgerReport, style: Style): string {
  if (report.throttled === 0 && report.otherErrors.length === 0) return `${style.green('No throttled responses.')}\n`;
  const out: string[] = [];
  const { dataset, keys } = report.verdict;
  out.push(style.bold(`Why the ${count(report.throttled)} throttled response(s) happened`));
  out.push(summaryWords(dataset, report, ledger));
  const explanations = Object.entries(dataset.byExplanation).filter(([, n]) => n > 0);
  if (explanations.length > 0)
    out.push(
      explanations
        .map(([name, n]) => `  ${count(n).padStart(6)}  ${EXPLANATION_WORDS[name as keyof typeof EXPLANATION_WORDS]}`)
        .join('\n'),
    );
  const layers = Object.entries(dataset.byLayer).filter(([, n]) => n > 0);
  if (layers.length > 0)
    out.push(`Limit that fired: ${layers.map(([layer, n]) => `${layer} ×${count(n)}`).join(', ')}`);
  if (report.otherErrors.length > 0) {
    out.push(
      `Not throttling (counted apart): ${report.otherErrors.map((e) => `${e.status} ×${count(e.count)} (first ${e.examples[0]?.file}:${e.examples[0]?.line})`).join(', ')}`,
    );
  }
  const setting = report.spike.setting;
  if (setting) out.push(`SpikeArrest model: ${settingWords(setting)}`);
  if (report.throttled > 0) {
    out.push(style.bold('What would have avoided them'));
    out.push(
      adviceLines(dataset.advice, setting)
        .map((line) => `  - ${line}`)
        .join('\n'),
    );
  }
  if (keys.length > 1) {
    const table = new Table({
      head: ['key', '429s', 'main reason', 'median gap at 429', 'expected 429 share'],
      style: { head: [], border: [] },
    });
    for (const key of keys) {
      table.push([
        key.key === '' ? '(not logged)' : key.key,
        count(key.throttled),
        key.primary ?? '-',
        key.medianGapAt429Ms === null ? '-' : `${key.medianGapAt429Ms} ms`,
        key.expectedRejectionShareAtThatGap === null
          ? '-'
          : `${(key.expectedRejectionShareAtThatGap * 100).toFixed(1)} %`,
      ]);
    }
    out.push(table.toString());
  }
  return `${out.join('\n')}\n`;
}

/** Every throttled response (the first ones in a terminal) with its limit, confidence, reason and evidence. */
export function renderThrottleList(report: ThrottleReport, style: Style): string {
  const out: string[] = [];
  if (report.attributions.length > 0) {
    out.push(style.bold('Throttled responses'));
    const table = new Table({
      head: ['time (UTC)', 'where', 'limit', 'confidence', 'why', 'evidence'],
      style: { head: [], border: [] },
      wordWrap: true,
      colWidths: [22, 34, 16, 12, 17, 56],
    });
    for (const item of report.attributions.slice(0, LISTED_429S)) {
      table.push([
        shortUtc(item.ts),
        `${item.source.file.split('/').pop()}:${item.source.line}`,
        item.layer,
        item.confidence,
        item.explanation,
        [...item.evidence.map(layerEvidenceWords), ...item.why.evidence.map(explanationEvidenceWords)].join('; '),
      ]);
    }
    out.push(table.toString());
    if (report.attributions.length > LISTED_429S)
      out.push(style.dim(`… and ${count(report.attributions.length - LISTED_429S)} more (all of them in --json)`));
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
