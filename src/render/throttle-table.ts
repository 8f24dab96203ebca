import Table from 'cli-table3';
import type { ThrottleReport } from '../attribute/throttle-analysis.js';
import type { Style } from './style.js';
import { count, shortUtc } from './time-format.js';

// A terminal is for reading: list the first 429s in full and point to --json for the rest.
const LISTED_429S = 20;

const EXPLANATION_WORDS = {
  'above-nominal': '(a) own traffic above the nominal rate',
  smoothing: '(b) below nominal: SpikeArrest smoothing over N processors',
  'other-consumers': '(c) other consumers of the same bucket',
  exhaustion: '(d) minute/day/tenant limit used up',
  unexplained: '(e) unexplained',
} as const;

/** The 429 verdict of the terminal report: why, per key, and what would have avoided them. */
export function renderThrottleVerdict(report: ThrottleReport, style: Style): string {
  if (report.throttled === 0 && report.otherErrors.length === 0) return `${style.green('No throttled responses.')}\n`;
  const out: string[] = [];
  const { dataset, keys } = report.verdict;
  out.push(style.bold(`Why the ${count(report.throttled)} throttled response(s) happened`));
  out.push(dataset.summary);
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
  if (setting) {
    out.push(
      `SpikeArrest model: ${setting.rate}/s (from ${setting.rateFrom})` +
        (setting.processors !== null
          ? `, ${setting.processors} message processors (from ${setting.processorsFrom}), one request per ${Math.round((1000 / setting.rate) * setting.processors)} ms per processor`
          : ', processor count unknown') +
        fitWords(report),
    );
  }
  const advice = dataset.advice;
  if (report.throttled > 0) {
    out.push(style.bold('What would have avoided them'));
    const lines = [
      advice.minSpacingMs !== null
        ? `spacing: at least ${advice.minSpacingMs} ms between requests of one key (${advice.processorsMeasured ? 'measured' : 'assumed'} ${advice.processorsAssumed} processors)`
        : null,
      advice.sustainedSpacingMs.perMinute !== null
        ? `minute limit: on average at least ${advice.sustainedSpacingMs.perMinute} ms apart per bucket`
        : null,
      advice.sustainedSpacingMs.perDay !== null
        ? `day limit: on average at least ${advice.sustainedSpacingMs.perDay} ms apart per bucket, sustained`
        : null,
      `concurrency: ${advice.concurrency} request in flight per key`,
      `p-queue: ${advice.limiters.pQueue}`,
      `bottleneck: ${advice.limiters.bottleneck}`,
      ...advice.retry.map((line) => `retry: ${line}`),
    ].filter((line): line is string => line !== null);
    out.push(lines.map((line) => `  - ${line}`).join('\n'));
  }
  if (keys.length > 1) {
    const table = new Table({
      head: ['key', '429s', 'main reason', 'median gap at 429', 'expected 429 share'],
      style: { head: [], border: [] },
    });
    for (const key of keys) {
      table.push([
        key.key,
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
        item.evidence.join('; '),
      ]);
    }
    out.push(table.toString());
    if (report.attributions.length > LISTED_429S)
      out.push(style.dim(`… and ${count(report.attributions.length - LISTED_429S)} more (all of them in --json)`));
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

// How well each reading of SpikeArrest explains the accepted/rejected sequence, in AIC points behind the best.
function fitWords(report: ThrottleReport): string {
  const fit = report.spike.fit;
  if (!fit?.preferred || fit.rejected === 0) return '';
  const others = fit.comparison
    .filter((row) => row.model !== fit.preferred)
    .map((row) => `${row.model} ${Math.round(row.deltaAic)} AIC behind`);
  const best = fit.best ? ` (best ${fit.best.rate}/s on ${fit.best.processors})` : '';
  return `; best-fitting model: ${fit.preferred}${fit.preferred === 'effective-count' ? best : ''}${others.length > 0 ? `, ${others.join(', ')}` : ''}`;
}
