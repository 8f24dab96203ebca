import {
  expectedOwnInInterval,
  foreignOccupancy,
  JITTER_LEVELS_MS,
  JITTER_PRIOR,
  rejectionChance,
} from './own-occupancy.js';
import type { KeySpacing, RateCandidate } from './posterior-fit.js';
import { foreignRateOf, unpackBin } from './posterior-fit.js';
import { ownRequestsInInterval, randomRoutingRejection } from './probability.js';
import type { CellWeight } from './steady-share.js';
import { perProcessorIntervalMs } from './units.js';

// The posterior over (rate, N) of the effective-count model, with each key's unlogged traffic
// integrated out, and what it says about a single rejection, a spacing, and the interval N·1000/rate.

/** One key's binned evidence, as the fitter collected it. */
export interface KeyEvidence {
  readonly key: string;
  /** packBin(interval, E[k] eighths, others' rate bin, outcome) → requests. */
  readonly bins: Map<number, number>;
  /** own accepted in the last second × 2 + rejected → requests (the sliding-window reading). */
  readonly slidingOverRate: Map<number, number>;
  /** Per others'-rate bin: the sum of the rates counted in it, and how many (each bin is scored at their mean). */
  readonly foreignSums: number[];
  readonly foreignCounts: number[];
  accepted: number;
  rejected: number;
}

/** What createSpikePosterior needs. */
export interface PosteriorInput {
  readonly rates: readonly RateCandidate[];
  readonly processors: readonly number[];
  readonly faults: readonly { readonly rate: number; readonly processors: number; readonly count: number }[];
  /** Evidence from outside the bins, added to each cell's prior (it is not part of the fitted observations). */
  readonly cellWeights: readonly CellWeight[];
  readonly intervals: readonly number[];
  readonly occupancySteps: number;
  readonly keys: readonly KeyEvidence[];
  readonly outOfOrder: number;
  readonly spacing: readonly KeySpacing[];
}

/** One (rate, N) cell with others' traffic integrated out. */
export interface PosteriorCell {
  readonly rate: number;
  readonly processors: number;
  readonly intervalMs: number;
  readonly logLikelihood: number;
  readonly posterior: number;
}

/** Model family compared in the summary. */
export type SpikeModelName = 'effective-count' | 'sliding-window' | 'baseline';

/** One family's best score with AIC = 2·parameters − 2·logLikelihood. */
export interface ModelComparisonRow {
  readonly model: SpikeModelName;
  readonly parameters: number;
  readonly logLikelihood: number;
  readonly aic: number;
  readonly deltaAic: number;
}

/** The posterior as plain data, for the report. */
export interface SpikeFitSummary {
  readonly observations: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly outOfOrder: number;
  /** Rates compared, with prior and posterior weight. */
  readonly rates: readonly { readonly rate: number; readonly prior: number; readonly posterior: number }[];
  /** Every (rate, N) cell, best first. */
  readonly cells: readonly PosteriorCell[];
  readonly comparison: readonly ModelComparisonRow[];
  readonly preferred: SpikeModelName | null;
  readonly keys: readonly KeySpacing[];
}

/** What is known about one spike rejection when it is explained. */
export interface RejectionFacts {
  readonly key: string;
  /** Gaps (ms, ascending) to the key's own earlier accepted requests. */
  readonly acceptedGapsMs: readonly number[];
  /** Beside acceptedGapsMs: the chance each of those requests held a processor (absent: 1, accepted). */
  readonly holdWeights?: readonly number[];
  readonly resolutionMs: number;
  /** Whole-second log: the key's rows run on through the seconds either side (absent: false). */
  readonly spreadSteady?: boolean;
  /** Others' requests per second the counters showed at the time; null when none said. */
  readonly foreignPerSecond: number | null;
  /** Gap to the key's previous request of any outcome; null when unknown. */
  readonly gapMs: number | null;
  /** Own requests of the key in the last second, this one included. */
  readonly lastSecond: number;
}

/** How probable each cause of one rejection is under the whole posterior (they sum to 1). */
export interface RejectionCauses {
  readonly aboveNominal: number;
  readonly smoothing: number;
  readonly otherConsumers: number;
  /** Mass of cells under which neither own nor others' traffic could have caused it. */
  readonly impossible: number;
  /** How likely SpikeArrest was to reject a request with these facts at all (before knowing it was rejected). */
  readonly chance: number;
  /** The most probable cell's interval and the own share of the rejection chance there. */
  readonly intervalMs: number;
  readonly ownProbability: number;
}

/** The posterior with its questions. */
export interface SpikePosterior {
  readonly summary: SpikeFitSummary;
  /** Causes of one rejection. */
  explainRejection(facts: RejectionFacts): RejectionCauses;
  /** Expected share of a steady client's requests rejected by its own traffic at spacingMs. */
  rejectionShareAt(spacingMs: number): number;
  /** The interval N·1000/rate at posterior quantile q (0–1). */
  intervalQuantile(q: number): number;
  /** Marginal posterior of each processor count for one rate. */
  processorsGiven(rate: number): readonly { readonly processors: number; readonly posterior: number }[];
}

// A deterministic model gives probability 0 or 1; one contrary observation must cost, not forbid.
const PROBABILITY_FLOOR = 1e-4;
// Share of the key's bucket traffic by others that is on this very key (the bucket may be the whole tenant).
const SHARE_GRID = [0, 0.01, 0.03, 0.1, 0.3, 1] as const;
const SHARE_PRIOR = [0.4, 0.12, 0.12, 0.12, 0.12, 0.12] as const;
// Others' occupancy when no counter says: none is the plain reading, so it carries half the prior.
const BACKGROUND_GRID = [0, 0.003, 0.01, 0.03, 0.1, 0.3] as const;
const BACKGROUND_PRIOR = [0.5, 0.1, 0.1, 0.1, 0.1, 0.1] as const;
// Cells below this posterior are left out of per-rejection questions.
const NEGLIGIBLE = 1e-5;
// Sliding-window reading: P(reject) when the window is full / has room.
const SLIDING_CERTAINTY = 0.995;

/**
 * One interval's bins (or those with no own request) as columns, not an object per bin: a large log has hundreds of
 * thousands, alive through all of the scoring, and as objects they were old-space garbage right after it.
 */
interface BinColumns {
  readonly occupancy: Float64Array;
  /** Others' requests per second; NaN where no counter said. */
  readonly foreign: Float64Array;
  readonly rejected: Uint8Array;
  readonly count: Float64Array;
}

interface KeyBins {
  readonly byInterval: Map<number, BinColumns>;
  readonly noOwn: BinColumns;
}

// The key under which groupBins counts the bins with no own request in the interval.
const NO_OWN = -1;

interface CellState {
  readonly rate: number;
  readonly processors: number;
  readonly interval: number;
  readonly intervalMs: number;
  readonly logPrior: number;
  /** Per jitter level: per key, the log-likelihood for each share (bins with counters) and each background (bins without). */
  readonly levels: LevelState[];
  /** Others' traffic and the jitter integrated out. */
  logLikelihood: number;
  posterior: number;
  /** Posterior weight of each jitter level within this cell. */
  levelWeights: number[];
}

interface LevelState {
  readonly share: Float64Array[];
  readonly background: Float64Array[];
  logLikelihood: number;
}

// Each observation's log-likelihood counts half: the fit scores requests as independent, yet a processor's state carries
// from one request to the next, so full weight made 95 % ranges that missed the true N (a power posterior's remedy).
const EVIDENCE_WEIGHT = 0.5;
// Fewer accepted requests than this, outnumbered by the rejections, show no spacing.
const MIN_ACCEPTED_FOR_SPACING = 5;

/** Whether a key's log holds (nearly) only its rejections, so its spacing cannot be read. */
export function onlyErrorsLogged(accepted: number, rejected: number): boolean {
  return accepted === 0 || (accepted < MIN_ACCEPTED_FOR_SPACING && rejected > accepted);
}

/** The posterior from the fitter's evidence. */
export function createSpikePosterior(input: PosteriorInput): SpikePosterior {
  // A key whose log is (nearly) only its errors says nothing about occupancy: left out.
  const fitted = input.keys.filter((key) => !onlyErrorsLogged(key.accepted, key.rejected));
  const keyIndex = new Map(fitted.map((key, index) => [key.key, index]));
  const cells = scoredCells(input, fitted);
  const tempered = (cell: CellState): number => cell.logPrior + EVIDENCE_WEIGHT * cell.logLikelihood;
  const maxLog = Math.max(...cells.map(tempered));
  let total = 0;
  for (const cell of cells) total += Math.exp(tempered(cell) - maxLog);
  for (const cell of cells) cell.posterior = Math.exp(tempered(cell) - maxLog) / total;
  const kept = cells.filter((cell) => cell.posterior >= NEGLIGIBLE);
  const keptTotal = kept.reduce((sum, cell) => sum + cell.posterior, 0);

  const summary = summarise(input, cells);

  return {
    summary,
    explainRejection(facts) {
      // A key left out of the fit (or pooled) gets the prior's view of others' traffic.
      const index = keyIndex.get(facts.key) ?? -1;
      let aboveNominal = 0;
      let smoothing = 0;
      let otherConsumers = 0;
      let impossible = 0;
      let chanceSum = 0;
      let best: CellState | null = null;
      let bestOwn = 0;
      for (const cell of kept) {
        const nominalMs = 1000 / cell.rate;
        const above = (facts.gapMs !== null && facts.gapMs < nominalMs) || facts.lastSecond > cell.rate;
        let ownShare = 0;
        let otherShare = 0;
        let none = 0;
        let cellChance = 0;
        cell.levelWeights.forEach((levelWeight, level) => {
          if (levelWeight < NEGLIGIBLE) return;
          const expected = expectedOwnInInterval(
            facts.acceptedGapsMs,
            cell.intervalMs,
            facts.resolutionMs,
            JITTER_LEVELS_MS[level],
            facts.holdWeights,
            facts.spreadSteady === true,
          );
          const own = Math.min(1, expected / cell.processors);
          for (const [occupancy, nuisance] of nuisanceFor(cell, level, index, facts.foreignPerSecond)) {
            const chance = rejectionChance(own, occupancy);
            const weight = levelWeight * nuisance;
            cellChance += weight * chance;
            if (chance <= 0) none += weight;
            else {
              ownShare += (weight * own) / chance;
              otherShare += (weight * (chance - own)) / chance;
            }
          }
        });
        const weight = cell.posterior / keptTotal;
        if (above) aboveNominal += weight * ownShare;
        else smoothing += weight * ownShare;
        otherConsumers += weight * otherShare;
        impossible += weight * none;
        chanceSum += weight * cellChance;
        if (best === null || cell.posterior > best.posterior) {
          best = cell;
          bestOwn = ownShare;
        }
      }
      return {
        aboveNominal,
        smoothing,
        otherConsumers,
        impossible,
        chance: chanceSum,
        intervalMs: best?.intervalMs ?? 0,
        ownProbability: bestOwn,
      };
    },
    rejectionShareAt(spacingMs) {
      let share = 0;
      for (const cell of kept) {
        const k = ownRequestsInInterval(spacingMs, cell.intervalMs);
        share += (cell.posterior / keptTotal) * randomRoutingRejection(k, cell.processors);
      }
      return share;
    },
    intervalQuantile(q) {
      const sorted = [...cells].sort((a, b) => a.intervalMs - b.intervalMs);
      let mass = 0;
      for (const cell of sorted) {
        mass += cell.posterior;
        if (mass >= q - 1e-12) return cell.intervalMs;
      }
      return sorted[sorted.length - 1]?.intervalMs ?? 0;
    },
    processorsGiven(rate) {
      const ofRate = cells.filter((cell) => cell.rate === rate);
      const mass = ofRate.reduce((sum, cell) => sum + cell.posterior, 0);
      return ofRate
        .map((cell) => ({ processors: cell.processors, posterior: mass > 0 ? cell.posterior / mass : 0 }))
        .sort((a, b) => a.processors - b.processors);
    },
  };

  // Posterior weights of others' occupancy for one cell and key, given what the counters said then.
  function nuisanceFor(
    cell: CellState,
    level: number,
    index: number,
    foreignPerSecond: number | null,
  ): [number, number][] {
    const state = cell.levels[level] as LevelState;
    if (foreignPerSecond !== null) {
      const weights = normalisedWeights(SHARE_PRIOR, state.share[index]);
      return SHARE_GRID.map((share, i) => [
        foreignOccupancy(share * foreignPerSecond, cell.rate),
        weights[i] as number,
      ]);
    }
    const weights = normalisedWeights(BACKGROUND_PRIOR, state.background[index]);
    return BACKGROUND_GRID.map((occupancy, i) => [occupancy, weights[i] as number]);
  }
}

// Apart from createSpikePosterior: its questions' closures would otherwise keep the evidence and its bins alive.
function scoredCells(input: PosteriorInput, fitted: readonly KeyEvidence[]): CellState[] {
  const binsByKey = fitted.map((key) => groupBins(key, input.occupancySteps));
  return gridCells(input).map((cell) => score(cell, binsByKey));
}

function groupBins(key: KeyEvidence, steps: number): KeyBins {
  const sizes = new Map<number, number>();
  for (const packed of key.bins.keys()) {
    const { interval } = unpackBin(packed);
    const at = interval < 0 ? NO_OWN : interval;
    sizes.set(at, (sizes.get(at) ?? 0) + 1);
  }
  const columns = new Map<number, BinColumns>();
  const filled = new Map<number, number>();
  for (const [at, size] of sizes) {
    columns.set(at, {
      occupancy: new Float64Array(size),
      foreign: new Float64Array(size),
      rejected: new Uint8Array(size),
      count: new Float64Array(size),
    });
    filled.set(at, 0);
  }
  // In the evidence's order, as before: the likelihood sums come out the same to the last bit.
  for (const [packed, count] of key.bins) {
    const bin = unpackBin(packed);
    const at = bin.interval < 0 ? NO_OWN : bin.interval;
    const into = columns.get(at) as BinColumns;
    const index = filled.get(at) as number;
    into.occupancy[index] = bin.occupancyEighths / steps;
    into.foreign[index] = foreignRateOf(key, bin.foreignBin) ?? Number.NaN;
    into.rejected[index] = bin.rejected ? 1 : 0;
    into.count[index] = count;
    filled.set(at, index + 1);
  }
  const noOwn = columns.get(NO_OWN) ?? EMPTY_COLUMNS;
  columns.delete(NO_OWN);
  return { byInterval: columns, noOwn };
}

const EMPTY_COLUMNS: BinColumns = {
  occupancy: new Float64Array(0),
  foreign: new Float64Array(0),
  rejected: new Uint8Array(0),
  count: new Float64Array(0),
};

function gridCells(input: PosteriorInput): CellState[] {
  const faultTotal = input.faults.reduce((sum, fault) => sum + fault.count, 0);
  const priorTotal = input.rates.reduce((sum, rate) => sum + rate.prior, 0) || 1;
  const cells: CellState[] = [];
  for (const candidate of input.rates) {
    for (const processors of input.processors) {
      const intervalMs = perProcessorIntervalMs(candidate.rate, 'second', processors);
      let prior: number;
      if (faultTotal > 0) {
        // The faults are Apigee's own word on rate and N: only the settings they named are possible.
        const seen = input.faults.filter((fault) => fault.rate === candidate.rate && fault.processors === processors);
        const count = seen.reduce((sum, fault) => sum + fault.count, 0);
        prior = count / faultTotal;
      } else {
        prior = candidate.prior / priorTotal / input.processors.length;
      }
      const weight = input.cellWeights.find(
        (entry) => entry.rate === candidate.rate && entry.processors === processors,
      );
      cells.push({
        rate: candidate.rate,
        processors,
        interval: input.intervals.indexOf(intervalMs),
        intervalMs,
        logPrior: Math.log(Math.max(prior, 1e-300)) + (weight?.logWeight ?? 0),
        levels: [],
        logLikelihood: 0,
        posterior: 0,
        levelWeights: [],
      });
    }
  }
  return cells;
}

function score(cell: CellState, binsByKey: readonly KeyBins[]): CellState {
  const levels = JITTER_LEVELS_MS.length;
  for (let level = 0; level < levels; level++) {
    const state: LevelState = { share: [], background: [], logLikelihood: 0 };
    for (const bins of binsByKey) {
      const share = new Float64Array(SHARE_GRID.length);
      const background = new Float64Array(BACKGROUND_GRID.length);
      const add = (columns: BinColumns): void => {
        for (let b = 0; b < columns.count.length; b++) {
          const own = Math.min(1, (columns.occupancy[b] as number) / cell.processors);
          const foreign = columns.foreign[b] as number;
          const count = columns.count[b] as number;
          const rejected = columns.rejected[b] === 1;
          if (Number.isNaN(foreign)) {
            for (let i = 0; i < BACKGROUND_GRID.length; i++)
              background[i] =
                (background[i] as number) +
                count * logOutcome(rejectionChance(own, BACKGROUND_GRID[i] as number), rejected);
          } else {
            for (let i = 0; i < SHARE_GRID.length; i++) {
              const occupancy = foreignOccupancy((SHARE_GRID[i] as number) * foreign, cell.rate);
              share[i] = (share[i] as number) + count * logOutcome(rejectionChance(own, occupancy), rejected);
            }
          }
        }
      };
      add(bins.byInterval.get(cell.interval * levels + level) ?? EMPTY_COLUMNS);
      add(bins.noOwn);
      state.share.push(share);
      state.background.push(background);
      state.logLikelihood += logMix(SHARE_PRIOR, share) + logMix(BACKGROUND_PRIOR, background);
    }
    cell.levels.push(state);
  }
  const byLevel = Float64Array.from(cell.levels.map((state) => state.logLikelihood));
  cell.logLikelihood = logMix(JITTER_PRIOR, byLevel);
  cell.levelWeights = normalisedWeights(JITTER_PRIOR, byLevel);
  return cell;
}

/** The log-likelihood of one outcome at model probability p of rejection, p kept off 0 and 1 by PROBABILITY_FLOOR. */
export function logOutcome(p: number, rejected: boolean): number {
  const clamped = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, p));
  return Math.log(rejected ? clamped : 1 - clamped);
}

// log Σ prior_i · exp(logLikelihood_i), computed without underflow.
function logMix(prior: readonly number[], logLikelihood: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < prior.length; i++)
    max = Math.max(max, Math.log(prior[i] as number) + (logLikelihood[i] as number));
  let sum = 0;
  for (let i = 0; i < prior.length; i++)
    sum += Math.exp(Math.log(prior[i] as number) + (logLikelihood[i] as number) - max);
  return max + Math.log(sum);
}

function normalisedWeights(prior: readonly number[], logLikelihood: Float64Array | undefined): number[] {
  const logs = prior.map((p, i) => Math.log(p) + (logLikelihood?.[i] ?? 0));
  const max = Math.max(...logs);
  const weights = logs.map((value) => Math.exp(value - max));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((value) => value / total);
}

function summarise(input: PosteriorInput, cells: readonly CellState[]): SpikeFitSummary {
  const accepted = input.keys.reduce((sum, key) => sum + key.accepted, 0);
  const rejected = input.keys.reduce((sum, key) => sum + key.rejected, 0);
  const observations = accepted + rejected;
  const priorTotal = input.rates.reduce((sum, rate) => sum + rate.prior, 0) || 1;
  const rates = input.rates.map((candidate) => ({
    rate: candidate.rate,
    prior: candidate.prior / priorTotal,
    posterior: cells.filter((cell) => cell.rate === candidate.rate).reduce((sum, cell) => sum + cell.posterior, 0),
  }));
  const sorted = [...cells].sort((a, b) => b.posterior - a.posterior);
  const bestCell = sorted[0];
  const share = observations ? rejected / observations : 0;
  const baseline = (rejected ? rejected * Math.log(share) : 0) + (accepted ? accepted * Math.log(1 - share) : 0);
  const sliding = input.rates.map((candidate) => {
    let logLikelihood = 0;
    for (const key of input.keys) {
      for (const [packed, count] of key.slidingOverRate) {
        const full = Math.floor(packed / 2) >= candidate.rate;
        const p = full ? SLIDING_CERTAINTY : 1 - SLIDING_CERTAINTY;
        logLikelihood += count * Math.log(packed % 2 === 1 ? p : 1 - p);
      }
    }
    return logLikelihood;
  });
  const rateParameter = input.rates.length > 1 ? 1 : 0;
  const rows: Omit<ModelComparisonRow, 'aic' | 'deltaAic'>[] =
    observations === 0 || !bestCell
      ? []
      : [
          {
            model: 'effective-count',
            parameters: rateParameter + 2,
            logLikelihood: Math.max(...cells.map((c) => c.logLikelihood)),
          },
          { model: 'sliding-window', parameters: rateParameter, logLikelihood: Math.max(...sliding) },
          { model: 'baseline', parameters: 1, logLikelihood: baseline },
        ];
  const withAic = rows.map((row) => ({ ...row, aic: 2 * row.parameters - 2 * row.logLikelihood }));
  const minAic = Math.min(...withAic.map((row) => row.aic));
  const comparison = withAic.map((row) => ({ ...row, deltaAic: row.aic - minAic })).sort((a, b) => a.aic - b.aic);
  return {
    observations,
    accepted,
    rejected,
    outOfOrder: input.outOfOrder,
    rates,
    cells: sorted.map((cell) => ({
      rate: cell.rate,
      processors: cell.processors,
      intervalMs: cell.intervalMs,
      logLikelihood: cell.logLikelihood,
      posterior: cell.posterior,
    })),
    comparison,
    preferred: comparison[0]?.model ?? null,
    keys: input.spacing,
  };
}
