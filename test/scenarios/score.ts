// Scores the analyser's JSON report of one scenario against its ground truth, and aggregates the scores.
import { analyze } from '../../src/analyze.js';
import { sniffInput } from '../../src/read/read-input.js';
import { renderJson } from '../../src/render/json.js';
import type { Scenario } from './run-scenario.js';

/** The parts of `renderJson(report)` the scorer reads (issue 9 keeps these names stable). */
export interface DiagnosisDocument {
  readonly throttling: {
    readonly attributions: readonly { readonly line: number; readonly layer: string; readonly explanation: string }[];
    readonly spikeModel: {
      readonly setting: {
        readonly rate: number;
        readonly processors: number | null;
        readonly processorsCredible?: { readonly low: number; readonly high: number } | null;
      } | null;
    };
    readonly verdict: { readonly dataset: { readonly advice: { readonly minSpacingMs: number | null } } };
  };
}

/** Runs the project's analyser in-process on the scenario's text, as the CLI's `--json` would report it. */
export async function analyzeScenarioText(scenario: Scenario): Promise<DiagnosisDocument> {
  const text = scenario.text;
  async function* chunks() {
    yield Buffer.from(text);
  }
  const extension = scenario.fileName.split('.').pop() ?? '';
  const input = await sniffInput({ name: scenario.fileName, stream: chunks(), extension });
  const report = await analyze([input], { zone: null });
  return JSON.parse(renderJson(report)) as DiagnosisDocument;
}

// Advice below this share of the true safe spacing lets own traffic through to the rejections it meant to avoid.
export const ADVICE_FLOOR = 0.9;

export interface ScenarioScore {
  readonly id: string;
  readonly family: string;
  readonly tags: readonly string[];
  /** Set when the analyser threw; every metric of the scenario then counts as missed. */
  readonly error: string | null;
  /** Own 429s in the log (all are explainable: the gateway knows every cause). */
  readonly throttled: number;
  readonly explanationStrict: number;
  readonly explanationLenient: number;
  readonly layerRight: number;
  /** Layer errors to expect even from one who knew every processor's state and send time, not the routing or uplink (layerSpikeChance). */
  readonly layerUnavoidable: number;
  /** The same for one who knew the setting and the unlogged traffic but read the processors' state from the log. */
  readonly layerUnavoidableFromLog: number;
  readonly unexplained: number;
  /** Truth 429s with no attribution on their line, and attributions on lines that are no 429. */
  readonly missing: number;
  readonly spurious: number;
  readonly hasSpike429: boolean;
  readonly nIdentifiable: boolean;
  readonly trueProcessors: number;
  readonly reportedProcessors: number | null;
  /** Over identifiable logs only (null otherwise). */
  readonly nWithinOne: boolean | null;
  readonly rateRight: boolean | null;
  /** Over the other logs: whether `processorsCredible` holds the true N (a missing set is a miss). */
  readonly credibleHolds: boolean | null;
  readonly trueRate: number;
  readonly reportedRate: number | null;
  readonly adviceMs: number | null;
  readonly safeSpacingMs: number;
  /** minSpacingMs ÷ true safe spacing; null when there is no advice. */
  readonly adviceRatio: number | null;
  /** Advice under 0.9× the safe spacing, or no advice although the log has spike 429s; null when not judged. */
  readonly adviceFailed: boolean | null;
  /** `truth→reported` counts, for explanations and for layers. */
  readonly explanationConfusion: Readonly<Record<string, number>>;
  readonly layerConfusion: Readonly<Record<string, number>>;
}

// Errors the likelier call makes on 429s whose layer is a chance (null: no chance, the layer is known).
function expectedErrors(chances: readonly (number | null)[]): number {
  return chances.reduce<number>((sum, chance) => sum + (chance === null ? 0 : Math.min(chance, 1 - chance)), 0);
}

/** Compares one report with the scenario's truth (by file line). */
export function scoreScenario(scenario: Scenario, document: DiagnosisDocument | Error): ScenarioScore {
  const { truth, spec } = scenario;
  const throttledRows = truth.rows.filter((row) => row.status === 429);
  const hasSpike429 = throttledRows.some((row) => row.layer === 'spike');
  const base = {
    id: spec.id,
    family: spec.family,
    tags: spec.tags,
    throttled: throttledRows.length,
    layerUnavoidable: expectedErrors(throttledRows.map((row) => row.layerSpikeChance)),
    layerUnavoidableFromLog: expectedErrors(throttledRows.map((row) => row.layerSpikeChanceFromLog)),
    hasSpike429,
    nIdentifiable: truth.nIdentifiable,
    trueProcessors: truth.processors,
    trueRate: truth.rate,
    safeSpacingMs: truth.safeSpacingMs,
  };
  if (document instanceof Error) {
    return {
      ...base,
      error: document.message,
      explanationStrict: 0,
      explanationLenient: 0,
      layerRight: 0,
      unexplained: 0,
      missing: throttledRows.length,
      spurious: 0,
      reportedProcessors: null,
      nWithinOne: truth.nIdentifiable ? false : null,
      rateRight: truth.nIdentifiable ? false : null,
      credibleHolds: truth.nIdentifiable ? null : false,
      reportedRate: null,
      adviceMs: null,
      adviceRatio: null,
      adviceFailed: hasSpike429 ? true : null,
      explanationConfusion: {},
      layerConfusion: {},
    };
  }
  const { throttling } = document;
  const byLine = new Map(throttling.attributions.map((item) => [item.line, item]));
  const truthLines = new Set(throttledRows.map((row) => row.line));
  let explanationStrict = 0;
  let explanationLenient = 0;
  let layerRight = 0;
  let unexplained = 0;
  let missing = 0;
  const explanationConfusion: Record<string, number> = {};
  const layerConfusion: Record<string, number> = {};
  for (const row of throttledRows) {
    const reported = byLine.get(row.line);
    if (!reported) missing++;
    const explanation = reported?.explanation ?? '(none)';
    const layer = reported?.layer ?? '(none)';
    if (explanation === row.explanation) explanationStrict++;
    if (explanation === row.explanation || (row.alternatives as readonly string[]).includes(explanation))
      explanationLenient++;
    if (layer === row.layer) layerRight++;
    if (explanation === 'unexplained') unexplained++;
    const explanationPair = `${row.explanation}→${explanation}`;
    explanationConfusion[explanationPair] = (explanationConfusion[explanationPair] ?? 0) + 1;
    const layerPair = `${row.layer}→${layer}`;
    layerConfusion[layerPair] = (layerConfusion[layerPair] ?? 0) + 1;
  }
  const spurious = throttling.attributions.filter((item) => !truthLines.has(item.line)).length;
  const setting = throttling.spikeModel.setting;
  const reportedProcessors = setting?.processors ?? null;
  const credible = setting?.processorsCredible ?? null;
  const adviceMs = throttling.verdict.dataset.advice.minSpacingMs;
  const adviceRatio = adviceMs === null ? null : adviceMs / truth.safeSpacingMs;
  return {
    ...base,
    error: null,
    explanationStrict,
    explanationLenient,
    layerRight,
    unexplained,
    missing,
    spurious,
    reportedProcessors,
    nWithinOne: truth.nIdentifiable
      ? reportedProcessors !== null && Math.abs(reportedProcessors - truth.processors) <= 1
      : null,
    rateRight: truth.nIdentifiable ? setting?.rate === truth.rate : null,
    credibleHolds: truth.nIdentifiable
      ? null
      : credible !== null && credible.low <= truth.processors && truth.processors <= credible.high,
    reportedRate: setting?.rate ?? null,
    adviceMs,
    adviceRatio,
    adviceFailed: adviceRatio === null ? (hasSpike429 ? true : null) : adviceRatio < ADVICE_FLOOR,
    explanationConfusion,
    layerConfusion,
  };
}

/** Sums over a group of scenarios, as shares where the acceptance thresholds need them. */
export interface Aggregate {
  readonly logs: number;
  readonly throttled: number;
  readonly explanationStrict: number;
  readonly explanationLenient: number;
  readonly layer: number;
  /** The best layer share anyone could expect on these logs (1 − unavoidable errors / 429s). */
  readonly layerCeiling: number;
  /** The same, with each processor's state read from the log (the setting and unlogged traffic known). */
  readonly layerCeilingFromLog: number;
  readonly unexplained: number;
  readonly missing: number;
  readonly spurious: number;
  readonly errors: number;
  readonly nWithinOne: { readonly hits: number; readonly of: number };
  readonly credible: { readonly hits: number; readonly of: number };
  readonly rate: { readonly hits: number; readonly of: number };
  readonly advice: { readonly failures: number; readonly of: number; readonly lowestRatio: number | null };
}

/** Aggregates scores: 429 metrics pooled over 429s, per-log metrics counted over logs. */
export function aggregate(scores: readonly ScenarioScore[]): Aggregate {
  const sum = (pick: (score: ScenarioScore) => number) => scores.reduce((total, score) => total + pick(score), 0);
  const throttled = sum((score) => score.throttled);
  const share = (value: number) => (throttled === 0 ? 1 : value / throttled);
  const count = (pick: (score: ScenarioScore) => boolean | null) => ({
    hits: scores.filter((score) => pick(score) === true).length,
    of: scores.filter((score) => pick(score) !== null).length,
  });
  const ratios = scores.flatMap((score) => (score.adviceRatio === null ? [] : [score.adviceRatio]));
  return {
    logs: scores.length,
    throttled,
    explanationStrict: share(sum((score) => score.explanationStrict)),
    explanationLenient: share(sum((score) => score.explanationLenient)),
    layer: share(sum((score) => score.layerRight)),
    layerCeiling: 1 - share(sum((score) => score.layerUnavoidable)),
    layerCeilingFromLog: 1 - share(sum((score) => score.layerUnavoidableFromLog)),
    unexplained: share(sum((score) => score.unexplained)),
    missing: sum((score) => score.missing),
    spurious: sum((score) => score.spurious),
    errors: scores.filter((score) => score.error !== null).length,
    nWithinOne: count((score) => score.nWithinOne),
    credible: count((score) => score.credibleHolds),
    rate: count((score) => score.rateRight),
    advice: {
      failures: scores.filter((score) => score.adviceFailed === true).length,
      of: scores.filter((score) => score.adviceFailed !== null).length,
      lowestRatio: ratios.length === 0 ? null : Math.min(...ratios),
    },
  };
}

/** Groups scores by a name (family, or each value of a tag prefix). */
export function groupBy(
  scores: readonly ScenarioScore[],
  nameOf: (score: ScenarioScore) => readonly string[],
): Map<string, ScenarioScore[]> {
  const groups = new Map<string, ScenarioScore[]>();
  for (const score of scores)
    for (const name of nameOf(score)) {
      const list = groups.get(name) ?? [];
      list.push(score);
      groups.set(name, list);
    }
  return groups;
}

/** Adds `truth→reported` confusion counts over scores. */
export function confusion(
  scores: readonly ScenarioScore[],
  pick: (score: ScenarioScore) => Readonly<Record<string, number>>,
): [string, number][] {
  const totals = new Map<string, number>();
  for (const score of scores)
    for (const [pair, n] of Object.entries(pick(score))) totals.set(pair, (totals.get(pair) ?? 0) + n);
  return [...totals].sort((a, b) => b[1] - a[1]);
}
