import type { ThrottleReport } from '../attribute/throttle-analysis.js';
import { NO_KEY } from '../attribute/vocabulary.js';
import type { LedgerReport } from '../ledger/index.js';
import { firstOf } from './first-of.js';
import { paragraph, tableOrBlocks, wrap } from './layout.js';
import type { Style } from './style.js';
import { NO_KEY_WORDS } from './support-words.js';
import { count, shortUtc } from './time-format.js';
import {
  adviceLines,
  EXPLANATION_WORDS,
  explanationEvidenceWords,
  layerEvidenceWords,
  modelComparisonLines,
  settingWords,
  summaryWords,
} from './verdict-words.js';

// A terminal is for reading: list the first 429s in full and point to --json for the rest.
const LISTED_429S = 20;

/** The 429 verdict of the terminal report: why, per key, and what would have avoided them. */
export function renderThrottleVerdict(
  report: ThrottleReport,
  ledger: LedgerReport,
  style: Style,
  width: number,
): string {
  if (report.throttled === 0 && report.otherErrors.length === 0) return `${style.green('No throttled responses.')}\n`;
  const out: string[] = [];
  const { dataset, keys } = report.verdict;
  out.push(style.bold(`Why the ${count(report.throttled)} throttled response(s) happened`));
  out.push(paragraph(summaryWords(dataset, report, ledger), width));
  const explanations = Object.entries(dataset.byExplanation).filter(([, n]) => n > 0);
  if (explanations.length > 0)
    out.push(
      explanations
        .map(([name, n]) => `  ${count(n).padStart(6)}  ${EXPLANATION_WORDS[name as keyof typeof EXPLANATION_WORDS]}`)
        .join('\n'),
    );
  const layers = Object.entries(dataset.byLayer).filter(([, n]) => n > 0);
  if (layers.length > 0)
    out.push(paragraph(`Limit that fired: ${layers.map(([layer, n]) => `${layer} ×${count(n)}`).join(', ')}`, width));
  if (report.otherErrors.length > 0) {
    out.push(
      paragraph(
        `Not throttling (counted apart): ${report.otherErrors.map((e) => `${e.status} ×${count(e.count)} (first ${e.examples[0]?.file}:${e.examples[0]?.line})`).join(', ')}`,
        width,
      ),
    );
  }
  const setting = report.spike.setting;
  if (setting) out.push(paragraph(`SpikeArrest model: ${settingWords(setting)}`, width));
  if (report.throttled > 0) {
    out.push(style.bold('What would have avoided them'));
    out.push(bullets(adviceLines(dataset.advice, setting), width));
  }
  if (keys.length > 1) {
    out.push(
      tableOrBlocks(
        ['key', '429s', 'main reason', 'median gap at 429', 'expected 429 share'],
        keys.map((key) => [
          key.key === NO_KEY ? NO_KEY_WORDS : key.key,
          count(key.throttled),
          key.primary ?? '-',
          key.medianGapAt429Ms === null ? '-' : `${key.medianGapAt429Ms} ms`,
          key.expectedRejectionShareAtThatGap === null
            ? '-'
            : `${(key.expectedRejectionShareAtThatGap * 100).toFixed(1)} %`,
        ]),
        width,
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

/** The first throttled responses, one block each: where and what on one line, the evidence wrapped under it. */
export function renderThrottleList(report: ThrottleReport, style: Style, width: number): string {
  if (report.throttled === 0) return '';
  const shown = firstOf(report.attributions, LISTED_429S);
  const out = [style.bold('Throttled responses (time UTC, where, limit that fired, why)')];
  for (const item of shown) {
    const head = `${shortUtc(item.ts)} · ${item.source.file.split('/').pop()}:${item.source.line} · ${item.layer} (${item.confidence} confidence) · ${item.explanation}`;
    const evidence = [...item.evidence.map(layerEvidenceWords), ...item.why.evidence.map(explanationEvidenceWords)];
    out.push(
      [
        ...wrap(head, width),
        ...evidence.flatMap((line) =>
          wrap(line, width - 6).map((part, index) => `${index === 0 ? '    - ' : '      '}${part}`),
        ),
      ].join('\n'),
    );
  }
  if (report.throttled > shown.length)
    out.push(style.dim(`… and ${count(report.throttled - shown.length)} more (all of them in --json)`));
  return `${out.join('\n')}\n`;
}

/** --verbose: how the SpikeArrest fit weighed its readings. */
export function renderModelDetails(report: ThrottleReport, width: number): string {
  const fit = report.spike.fit;
  if (!fit) return '';
  return `Model details (--verbose)\n${bullets(modelComparisonLines(fit), width)}\n`;
}

function bullets(lines: readonly string[], width: number): string {
  return lines
    .flatMap((line) => wrap(line, width - 4).map((part, index) => `${index === 0 ? '  - ' : '    '}${part}`))
    .join('\n');
}
