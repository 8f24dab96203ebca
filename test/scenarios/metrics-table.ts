// The diagnosis metrics as a plain-text report: overall against issue 9's thresholds, per family, per factor, confusions.
import { aggregate, confusion, groupBy, type Aggregate, type ScenarioScore } from './score.js';

/** Issue 9 "Done when", as numbers. */
export const THRESHOLDS = {
  explanationStrict: 0.92,
  explanationLenient: 0.98,
  layer: 0.99,
  nWithinOne: 0.85,
  rate: 0.95,
  adviceFailures: 0,
  unexplained: 0.01,
} as const;

/** Whether each threshold holds for an aggregate (credible sets must hold the truth in every non-identifiable log). */
export function checkThresholds(total: Aggregate): Record<string, boolean> {
  const ratio = (part: { hits: number; of: number }) => (part.of === 0 ? 1 : part.hits / part.of);
  return {
    [`explanation strict >= ${pct(THRESHOLDS.explanationStrict)}`]:
      total.explanationStrict >= THRESHOLDS.explanationStrict,
    [`explanation lenient >= ${pct(THRESHOLDS.explanationLenient)}`]:
      total.explanationLenient >= THRESHOLDS.explanationLenient,
    [`layer >= ${pct(THRESHOLDS.layer)}`]: total.layer >= THRESHOLDS.layer,
    [`N within ±1 >= ${pct(THRESHOLDS.nWithinOne)} of identifiable logs`]:
      ratio(total.nWithinOne) >= THRESHOLDS.nWithinOne,
    'credible set holds N in every non-identifiable log': total.credible.hits === total.credible.of,
    [`rate >= ${pct(THRESHOLDS.rate)} of identifiable logs`]: ratio(total.rate) >= THRESHOLDS.rate,
    'advice never below 0.9x the true safe spacing': total.advice.failures === THRESHOLDS.adviceFailures,
    [`unexplained <= ${pct(THRESHOLDS.unexplained)} of explainable 429s`]: total.unexplained <= THRESHOLDS.unexplained,
    'every scenario analysed without an error': total.errors === 0,
  };
}

const FACTOR_PREFIXES = [
  'rate',
  'N',
  'rows',
  'keys',
  'body',
  'counters-on-spike-429',
  'headers',
  'same-key-worker',
  'background',
  'sparse',
  'times',
  'format',
  'spacing',
];

/** The whole text: overall, thresholds, per family, per factor, confusions and the worst logs. */
export function formatMetrics(scores: readonly ScenarioScore[], elapsedMs?: number): string {
  const total = aggregate(scores);
  const out: string[] = [];
  out.push(
    `keap-throttle diagnosis over ${total.logs} labelled logs, ${total.throttled} own 429s` +
      (elapsedMs === undefined ? '' : ` (analysed in ${(elapsedMs / 1000).toFixed(1)} s)`),
    '',
  );
  const measured = [
    pct(total.explanationStrict),
    pct(total.explanationLenient),
    pct(total.layer),
    ratioText(total.nWithinOne),
    ratioText(total.credible),
    ratioText(total.rate),
    `${total.advice.failures} of ${total.advice.of} logs below`,
    pct(total.unexplained),
    `${total.errors} errors`,
  ];
  Object.entries(checkThresholds(total)).forEach(([name, holds], index) =>
    out.push(`  ${holds ? 'PASS' : 'FAIL'}  ${name}: ${measured[index]}`),
  );
  const noFaults = aggregate(scores.filter((score) => score.tags.includes('body:keap')));
  out.push(
    '',
    `Without fault bodies: N within ±1 in ${ratioText(noFaults.nWithinOne)} identifiable logs, rate in ${ratioText(noFaults.rate)}.`,
    `Rate over every log with spike 429s: ${ratioText(rateOverSpikeLogs(scores))}.`,
    `Layer ceiling: ${pct(total.layerCeiling)} (where a quota was full too and every 429 looks alike, knowing each processor's state and each send time, not the routing or the uplink's 5–30 ms).`,
    `Layer ceiling from what the logs hold: ${pct(total.layerCeilingFromLog)} (the same, with the processors' state read from the log by a particle filter that knows the setting and the unlogged traffic).`,
    '',
    'Per family',
    table(groupBy(scores, (score) => [score.family, '(all)'])),
    '',
    'Per factor',
    table(groupBy(scores, (score) => score.tags.filter((tag) => FACTOR_PREFIXES.includes(tag.split(':')[0] ?? '')))),
    '',
    'Explanations, truth → reported (429s)',
    ...confusion(scores, (score) => score.explanationConfusion).map(
      ([pair, n]) => `  ${String(n).padStart(6)}  ${pair}`,
    ),
    '',
    'Layers, truth → reported (429s)',
    ...confusion(scores, (score) => score.layerConfusion).map(([pair, n]) => `  ${String(n).padStart(6)}  ${pair}`),
    '',
    'Worst logs by strict explanation (at least 10 429s)',
    ...scores
      .filter((score) => score.throttled >= 10)
      .sort((a, b) => a.explanationStrict / a.throttled - b.explanationStrict / b.throttled)
      .slice(0, 25)
      .map((score) => `  ${describe(score)}`),
    '',
    'Advice below 0.9x the safe spacing',
    ...scores
      .filter((score) => score.adviceFailed)
      .sort((a, b) => (a.adviceRatio ?? 0) - (b.adviceRatio ?? 0))
      .map((score) => `  ${describe(score)}`),
    '',
    'N (point estimate) off by more than 1 in identifiable logs',
    ...scores.filter((score) => score.nWithinOne === false).map((score) => `  ${describe(score)}`),
  );
  return `${out.join('\n')}\n`;
}

function table(groups: Map<string, ScenarioScore[]>): string {
  const header = [
    'group'.padEnd(28),
    'logs'.padStart(4),
    '429s'.padStart(6),
    'expl'.padStart(6),
    'lenient'.padStart(7),
    'layer'.padStart(6),
    'unexpl'.padStart(6),
    'N±1'.padStart(7),
    'cred'.padStart(7),
    'rate'.padStart(7),
    'adv<0.9'.padStart(7),
    'minAdv'.padStart(6),
  ].join(' ');
  const rows = [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => {
      const a = aggregate(list);
      const has429 = a.throttled > 0;
      return [
        name.padEnd(28),
        String(a.logs).padStart(4),
        String(a.throttled).padStart(6),
        (has429 ? pct(a.explanationStrict) : '-').padStart(6),
        (has429 ? pct(a.explanationLenient) : '-').padStart(7),
        (has429 ? pct(a.layer) : '-').padStart(6),
        (has429 ? pct(a.unexplained) : '-').padStart(6),
        ratioText(a.nWithinOne).padStart(7),
        ratioText(a.credible).padStart(7),
        ratioText(a.rate).padStart(7),
        `${a.advice.failures}/${a.advice.of}`.padStart(7),
        (a.advice.lowestRatio === null ? '-' : a.advice.lowestRatio.toFixed(2)).padStart(6),
      ].join(' ');
    });
  return [header, ...rows].join('\n');
}

function rateOverSpikeLogs(scores: readonly ScenarioScore[]): { hits: number; of: number } {
  const spike = scores.filter((score) => score.hasSpike429);
  return { hits: spike.filter((score) => score.reportedRate === score.trueRate).length, of: spike.length };
}

function describe(score: ScenarioScore): string {
  const explanation = score.throttled === 0 ? '-' : pct(score.explanationStrict / score.throttled);
  return (
    `${score.id.padEnd(26)} 429s ${String(score.throttled).padStart(4)} expl ${explanation.padStart(5)}` +
    ` | rate ${score.trueRate}→${score.reportedRate ?? '-'} N ${score.trueProcessors}→${score.reportedProcessors ?? '-'}` +
    ` | advice ${score.adviceMs ?? '-'} ms of ${Math.round(score.safeSpacingMs)} ms` +
    (score.error ? ` | ERROR ${score.error}` : '')
  );
}

function ratioText(part: { hits: number; of: number }): string {
  return part.of === 0 ? '-' : `${part.hits}/${part.of}`;
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
