import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateScenarios } from './families.js';
import { checkThresholds, formatMetrics, THRESHOLDS } from './metrics-table.js';
import { aggregate, analyzeScenarioText, scoreScenario, type Aggregate, type ScenarioScore } from './score.js';

// Issue 9's acceptance test over the labelled scenario set. The thresholds wait behind KT_DIAGNOSIS_GATE
// until the new model lands; the metrics table is written on every run for the lead to read.
const OUT_DIR = fileURLToPath(new URL('../../.ci/out/', import.meta.url));
// Another seed draws a fresh set of the same families (KT_DIAGNOSIS_SEED=10): a check that nothing is tuned to seed 9.
const seed = Number(process.env.KT_DIAGNOSIS_SEED ?? 9);
const suffix = seed === 9 ? '' : `-seed${seed}`;
const OUT_FILE = `${OUT_DIR}diagnosis${suffix}.txt`;
// Every scenario's score as data, for digging into one family without rerunning.
const SCORES_FILE = `${OUT_DIR}diagnosis-scores${suffix}.json`;

const scenarios = generateScenarios(seed);
const scores: ScenarioScore[] = [];
let total: Aggregate;

beforeAll(async () => {
  const started = performance.now();
  for (const scenario of scenarios) {
    let document;
    try {
      document = await analyzeScenarioText(scenario);
    } catch (error) {
      document = error instanceof Error ? error : new Error(String(error));
    }
    scores.push(scoreScenario(scenario, document));
  }
  total = aggregate(scores);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(OUT_FILE, formatMetrics(scores, performance.now() - started));
  writeFileSync(SCORES_FILE, `${JSON.stringify(scores, null, 1)}\n`);
}, 300_000);

describe('the diagnosis over the labelled scenarios', () => {
  it('analyses every scenario without an error and writes the metrics per family to .ci/out/diagnosis.txt', () => {
    expect(scores).toHaveLength(scenarios.length);
    expect(scores.filter((score) => score.error !== null).map((score) => `${score.id}: ${score.error}`)).toEqual([]);
    const table = readFileSync(OUT_FILE, 'utf8');
    for (const family of new Set(scenarios.map((scenario) => scenario.spec.family)))
      expect(table, family).toMatch(
        new RegExp(`^${family} +${scores.filter((s) => s.family === family).length} `, 'm'),
      );
    expect(total.throttled).toBe(
      scenarios.reduce((sum, scenario) => sum + scenario.truth.rows.filter((row) => row.status === 429).length, 0),
    );
  });
});

describe.skipIf(!process.env['KT_DIAGNOSIS_GATE'])('issue 9 acceptance thresholds', () => {
  it(`explains at least ${THRESHOLDS.explanationStrict * 100} % of 429s exactly, ${THRESHOLDS.explanationLenient * 100} % when an ambiguous one may take its other reading`, () => {
    expect(total.explanationStrict).toBeGreaterThanOrEqual(THRESHOLDS.explanationStrict);
    expect(total.explanationLenient).toBeGreaterThanOrEqual(THRESHOLDS.explanationLenient);
  });

  it(`names the right limit layer for at least ${THRESHOLDS.layer * 100} % of 429s`, () => {
    expect(total.layer).toBeGreaterThanOrEqual(THRESHOLDS.layer);
  });

  it(`finds N within ±1 in at least ${THRESHOLDS.nWithinOne * 100} % of identifiable logs, and the credible set holds it in every other log`, () => {
    expect(total.nWithinOne.hits / total.nWithinOne.of).toBeGreaterThanOrEqual(THRESHOLDS.nWithinOne);
    expect(scores.filter((score) => score.credibleHolds === false).map((score) => score.id)).toEqual([]);
  });

  it(`finds the spike rate in at least ${THRESHOLDS.rate * 100} % of identifiable logs`, () => {
    expect(total.rate.hits / total.rate.of).toBeGreaterThanOrEqual(THRESHOLDS.rate);
  });

  it('never advises a spacing below 0.9x the true safe spacing', () => {
    expect(scores.filter((score) => score.adviceFailed === true).map((score) => score.id)).toEqual([]);
  });

  it(`calls at most ${THRESHOLDS.unexplained * 100} % of explainable 429s unexplained`, () => {
    expect(total.unexplained).toBeLessThanOrEqual(THRESHOLDS.unexplained);
  });

  it('passes every threshold together (the summary line of the table)', () => {
    expect(Object.entries(checkThresholds(total)).filter(([, holds]) => !holds)).toEqual([]);
  });
});
