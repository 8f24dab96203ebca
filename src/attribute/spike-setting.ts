// The SpikeArrest setting a log supports: rate and N as point estimates with how sure the log is of
// them, decided once from the faults and the posterior.
import { perProcessorIntervalMs, type SpikePosterior } from '../spike/index.js';
import type { AdmittedFloor } from './admitted-rate.js';
import type { FaultRate } from './attribution-types.js';

/** One kind of fault and how often it came; a list of them in the order first seen. */
export interface CountedFault {
  readonly fault: FaultRate;
  readonly count: number;
}

/** The SpikeArrest setting used to judge spike 429s, with its uncertainty. */
export interface SpikeSetting {
  /** Requests per second (point estimate). */
  readonly rate: number;
  /** Message processors N (point estimate for `rate`); null when the log bounds it only loosely. */
  readonly processors: number | null;
  readonly rateFrom: 'fault' | 'fit' | 'profile';
  readonly processorsFrom: 'fault' | 'fit' | null;
  /** How `processors` was taken: the faults' most common N, the posterior's most probable, or its median. */
  readonly processorsEstimate: 'fault' | 'most-probable' | 'median' | null;
  /** Rates compared, with their posterior probability. */
  readonly rateCandidates: readonly { readonly rate: number; readonly probability: number }[];
  /** The log tells the rate apart from the other candidates (probability ≥ 0.9). */
  readonly rateIdentified: boolean;
  /** The smallest run of N around the estimate holding `level` of the probability, for `rate`. */
  readonly processorsCredible: { readonly low: number; readonly high: number; readonly level: number } | null;
  /** N is pinned to within ±1. */
  readonly processorsIdentified: boolean;
  /** Per-processor interval N·1000/rate at the estimate, and the largest one the log still allows (95 %). */
  readonly intervalMs: number | null;
  readonly intervalUpperMs: number | null;
  /** Errors-only logs of a steady client: the requests it shows admitted, and the least rate admitting them. */
  readonly admitted: AdmittedFloor | null;
}

// N is pinned when 90 % of its probability sits within ±1; the range reported holds 95 %, and spans every rate the log
// cannot rule out (5/s on N and 10/s on 2N share one interval).
const CREDIBLE_LEVEL = 0.9;
const REPORTED_LEVEL = 0.95;
const PLAUSIBLE_RATE = 0.05;
const CLEAR_MODE_ODDS = 2;
const IDENTIFIED = 0.9;
/** The interval quantile the advice covers. */
export const INTERVAL_COVERAGE = 0.95;

/** Decides rate and N from the faults (when logged) and the posterior; null when nothing names a rate. */
export function decideSpikeSetting(
  faults: readonly CountedFault[],
  posterior: SpikePosterior | null,
  profileRate: number | null,
  admitted: AdmittedFloor | null,
  placementErrorMs = 0,
): SpikeSetting | null {
  const setting = settingOf(faults, posterior, profileRate, placementErrorMs);
  return setting && { ...setting, admitted };
}

function settingOf(
  faults: readonly CountedFault[],
  posterior: SpikePosterior | null,
  profileRate: number | null,
  placementErrorMs: number,
): Omit<SpikeSetting, 'admitted'> | null {
  const perSecond = faults.filter(({ fault }) => fault.unit === 'second');
  const faultRate = mostCommon(perSecond.map(({ fault, count }) => ({ value: fault.rate, count })));
  const summary = posterior?.summary ?? null;
  const observed = summary !== null && summary.observations > 0;
  const rateCandidates = summary ? summary.rates.map((r) => ({ rate: r.rate, probability: r.posterior })) : [];
  let rate: number;
  let rateFrom: SpikeSetting['rateFrom'];
  if (faultRate !== null) {
    rate = faultRate;
    rateFrom = 'fault';
  } else if (observed && summary.rejected > 0) {
    // Ties go to the lower rate: its longer interval keeps the advice safe.
    rate =
      [...rateCandidates].sort((a, b) => b.probability - a.probability || a.rate - b.rate)[0]?.rate ?? profileRate ?? 0;
    rateFrom = 'fit';
  } else if (profileRate !== null) {
    rate = profileRate;
    rateFrom = 'profile';
  } else if (observed) {
    // Nothing names the rate and no request was rejected: the prior's choice, reported as not identified.
    rate = [...rateCandidates].sort((a, b) => b.probability - a.probability || a.rate - b.rate)[0]?.rate ?? 0;
    rateFrom = 'fit';
  } else return null;
  const rateIdentified =
    rateFrom === 'fault' || (rateCandidates.find((c) => c.rate === rate)?.probability ?? 0) >= IDENTIFIED;

  const byProcessors = posterior && observed ? posterior.processorsGiven(rate) : [];
  if (byProcessors.length === 0 || byProcessors.every((entry) => entry.posterior === 0)) {
    const fromFaults = mostCommon(processorsAt(perSecond, rate));
    return {
      rate,
      processors: fromFaults,
      rateFrom,
      processorsFrom: fromFaults === null ? null : 'fault',
      processorsEstimate: fromFaults === null ? null : 'fault',
      rateCandidates,
      rateIdentified,
      processorsCredible: fromFaults === null ? null : { low: fromFaults, high: fromFaults, level: CREDIBLE_LEVEL },
      processorsIdentified: fromFaults !== null,
      intervalMs: fromFaults === null ? null : perProcessorIntervalMs(rate, 'second', fromFaults),
      intervalUpperMs: fromFaults === null ? null : perProcessorIntervalMs(rate, 'second', fromFaults),
    };
  }
  const faultProcessors = processorsAt(perSecond, rate);
  // A fault names the live N outright: the most common one, and the range the faults showed (Keap's moves 5–7).
  const credible =
    faultProcessors.length > 0
      ? {
          low: Math.min(...faultProcessors.map((entry) => entry.value)),
          high: Math.max(...faultProcessors.map((entry) => entry.value)),
        }
      : credibleRun(
          posterior ? averagedOverModels(byProcessors, weightWithoutProcessors(posterior)) : [],
          CREDIBLE_LEVEL,
        );
  const map = byProcessors.reduce((best, entry) => (entry.posterior > best.posterior ? entry : best));
  const identified = credible.high - credible.low <= 2;
  // The most probable N where it is a clear peak, CLEAR_MODE_ODDS times the even 1/length (processorsGiven sums to 1):
  // a median drifts up a long tail; else the median, as a flat posterior's most probable N is an accident of ties.
  const clearPeak = map.posterior * byProcessors.length >= CLEAR_MODE_ODDS;
  const processorsEstimate =
    faultProcessors.length > 0 ? 'fault' : identified || clearPeak ? 'most-probable' : 'median';
  const processors =
    processorsEstimate === 'fault'
      ? (mostCommon(faultProcessors) as number)
      : processorsEstimate === 'most-probable'
        ? map.processors
        : quantileOf(byProcessors, 0.5);
  return {
    rate,
    processors,
    rateFrom,
    processorsFrom: faultRate !== null ? 'fault' : 'fit',
    processorsEstimate,
    rateCandidates,
    rateIdentified,
    processorsCredible:
      faultProcessors.length > 0
        ? { ...credible, level: CREDIBLE_LEVEL }
        : reportedRange(posterior, rate, rateIdentified, placementErrorMs),
    processorsIdentified: identified,
    intervalMs: perProcessorIntervalMs(rate, 'second', processors),
    // Faults name the live N, so their range is not widened for the placement.
    intervalUpperMs: coveredInterval(
      posterior,
      rate,
      rateIdentified,
      faultProcessors.length > 0 ? 0 : placementErrorMs,
    ),
  };
}

// Rates the log cannot rule out: the chosen one, and, when it is not identified, every rate still plausible.
function plausibleRates(posterior: SpikePosterior, rate: number, rateIdentified: boolean): number[] {
  if (rateIdentified) return [rate];
  return [
    ...new Set([rate, ...posterior.summary.rates.filter((r) => r.posterior >= PLAUSIBLE_RATE).map((r) => r.rate)]),
  ];
}

// The widest interval the advice must cover: the 95 % quantile overall, and at each rate the log cannot rule out
// (with whole-second times, the largest N the placement error leaves in the range as well).
function coveredInterval(
  posterior: SpikePosterior | null,
  rate: number,
  rateIdentified: boolean,
  placementErrorMs: number,
): number | null {
  if (!posterior) return null;
  const perRate = plausibleRates(posterior, rate, rateIdentified).map((candidate) => {
    const entries = posterior.processorsGiven(candidate);
    const quantile = quantileOf(entries, INTERVAL_COVERAGE);
    const widest =
      placementErrorMs > 0 ? Math.max(quantile, rangeAt(posterior, candidate, placementErrorMs).high) : quantile;
    return perProcessorIntervalMs(candidate, 'second', widest);
  });
  return Math.max(posterior.intervalQuantile(INTERVAL_COVERAGE), ...perRate);
}

// The 95 % run of N at the chosen rate, widened over every other rate the log still allows.
function reportedRange(
  posterior: SpikePosterior | null,
  rate: number,
  rateIdentified: boolean,
  placementErrorMs: number,
): { readonly low: number; readonly high: number; readonly level: number } | null {
  if (!posterior) return null;
  const runs = plausibleRates(posterior, rate, rateIdentified).map((candidate) =>
    rangeAt(posterior, candidate, placementErrorMs),
  );
  return {
    low: Math.min(...runs.map((run) => run.low)),
    high: Math.max(...runs.map((run) => run.high)),
    level: REPORTED_LEVEL,
  };
}

// Whole-second times place each request only within its share of its second, and the same misplacement repeats all
// through the log, so no number of rows averages it out: every N whose interval lies within that error of the 95 %
// run's ends stays in the range (0 for millisecond times: the run itself).
function rangeAt(posterior: SpikePosterior, rate: number, placementErrorMs: number): { low: number; high: number } {
  const entries = averagedOverModels(posterior.processorsGiven(rate), weightWithoutProcessors(posterior));
  const run = credibleRun(entries, REPORTED_LEVEL);
  if (placementErrorMs <= 0) return run;
  const lowestMs = perProcessorIntervalMs(rate, 'second', run.low) - placementErrorMs;
  const highestMs = perProcessorIntervalMs(rate, 'second', run.high) + placementErrorMs;
  const within = entries
    .map((entry) => entry.processors)
    .filter((processors) => {
      const intervalMs = perProcessorIntervalMs(rate, 'second', processors);
      return intervalMs >= lowestMs && intervalMs <= highestMs;
    });
  return { low: Math.min(run.low, ...within), high: Math.max(run.high, ...within) };
}

// The weight of the models with no N in them (a constant share, a sliding window), by their best likelihood against the
// effective count's, unpenalised: its N does the work of their share, so a steady client ties rather than loses.
function weightWithoutProcessors(posterior: SpikePosterior): number {
  const rows = posterior.summary.comparison;
  const best = Math.max(...rows.map((row) => row.logLikelihood));
  let all = 0;
  let without = 0;
  for (const row of rows) {
    const weight = Math.exp(row.logLikelihood - best);
    all += weight;
    if (row.model !== 'effective-count') without += weight;
  }
  return all > 0 ? without / all : 0;
}

// N's probability averaged over the models: the fit's, and the uniform prior's for the share of models without N.
function averagedOverModels(
  entries: readonly { readonly processors: number; readonly posterior: number }[],
  weightWithout: number,
): { processors: number; posterior: number }[] {
  const flat = entries.length > 0 ? 1 / entries.length : 0;
  return entries.map((entry) => ({
    processors: entry.processors,
    posterior: (1 - weightWithout) * entry.posterior + weightWithout * flat,
  }));
}

// Grows a run of N outward from the most probable one, always toward the heavier side, until it holds `level`.
function credibleRun(
  entries: readonly { readonly processors: number; readonly posterior: number }[],
  level: number,
): { low: number; high: number } {
  let bestIndex = 0;
  entries.forEach((entry, index) => {
    if (entry.posterior > (entries[bestIndex]?.posterior ?? 0)) bestIndex = index;
  });
  let low = bestIndex;
  let high = bestIndex;
  let mass = entries[bestIndex]?.posterior ?? 0;
  while (mass < level - 1e-9 && (low > 0 || high < entries.length - 1)) {
    const below = low > 0 ? (entries[low - 1]?.posterior ?? 0) : -1;
    const above = high < entries.length - 1 ? (entries[high + 1]?.posterior ?? 0) : -1;
    if (above >= below) mass += entries[++high]?.posterior ?? 0;
    else mass += entries[--low]?.posterior ?? 0;
  }
  return { low: entries[low]?.processors ?? 1, high: entries[high]?.processors ?? 1 };
}

function quantileOf(
  entries: readonly { readonly processors: number; readonly posterior: number }[],
  q: number,
): number {
  let mass = 0;
  for (const entry of entries) {
    mass += entry.posterior;
    if (mass >= q - 1e-12) return entry.processors;
  }
  return entries[entries.length - 1]?.processors ?? 1;
}

// The N the faults at `rate` named, each with how often.
function processorsAt(faults: readonly CountedFault[], rate: number): { value: number; count: number }[] {
  return faults
    .filter(({ fault }) => fault.rate === rate)
    .map(({ fault, count }) => ({ value: fault.processors, count }));
}

// Ties go to the value seen first.
function mostCommon(values: readonly { readonly value: number; readonly count: number }[]): number | null {
  const counts = new Map<number, number>();
  for (const { value, count } of values) counts.set(value, (counts.get(value) ?? 0) + count);
  let best: number | null = null;
  for (const [value, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = value;
  return best;
}
