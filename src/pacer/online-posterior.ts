import { expectedOwnInInterval, rejectionChance } from '../spike/own-occupancy.js';
import type { WeightedSetting } from '../spike/mixture-share.js';
import { logOutcome } from '../spike/posterior.js';
import { perProcessorIntervalMs } from '../spike/units.js';

// The posterior over (rate, N) a pacer keeps for one key while it sends: each response multiplies
// every candidate by the effective-count model's chance of that outcome, given the key's own
// accepted requests inside the candidate's interval. Others' traffic on the key is a nuisance
// integrated over a few background occupancies, so one 429 nobody of ours caused costs, not forbids.

/** Candidate settings the posterior starts from. */
export interface OnlinePosteriorGrid {
  readonly rates: readonly number[];
  readonly processors: readonly number[];
  /** Prior weight of a candidate (default: uniform). */
  readonly prior?: (rate: number, processors: number) => number;
}

/** Point estimate and credible range of N at the most probable rate. */
export interface SettingEstimate {
  readonly rate: number;
  readonly processors: number;
  /** 5 % and 95 % quantiles of N at that rate. */
  readonly low: number;
  readonly high: number;
  readonly intervalMs: number;
}

/** The online posterior of one key. */
export interface OnlinePosterior {
  /** One response: gaps (ms, ascending) back to the key's own accepted requests, and whether it was rejected. */
  observe(acceptedGapsMs: readonly number[], rejected: boolean): void;
  readonly observations: number;
  /** The per-processor interval N·1000/rate at posterior quantile q (0–1). */
  intervalQuantile(q: number): number;
  /** Posterior chance that the key's own accepted requests make the next request (at these gaps) rejected. */
  ownRejectionChance(acceptedGapsMs: readonly number[]): number;
  /** Posterior chance that a rejection at these gaps was caused by the key's own traffic. */
  ownCauseOfRejection(acceptedGapsMs: readonly number[]): number;
  /** Every candidate with its posterior weight, for the expected-share curve. */
  settings(): readonly WeightedSetting[];
  /** The most probable rate's N estimate. */
  estimate(): SettingEstimate;
  /** The most probable rate. */
  rate(): number;
}

// Others' share of the processors: a pacer usually has the key to itself, and a rejection rate that
// only others could explain would leave it nothing to do, so more than 3 % counts as its own N.
const BACKGROUND = [0, 0.003, 0.01, 0.03] as const;
const BACKGROUND_PRIOR = [0.7, 0.1, 0.1, 0.1] as const;
// Own send times are the pacer's own clock: a millisecond resolution with latency jitter.
const RESOLUTION_MS = 1;

interface Cell {
  readonly logPrior: number;
  readonly rate: number;
  readonly processors: number;
  readonly intervalMs: number;
  readonly logLikelihood: Float64Array;
}

/** A posterior uniform over rates × processors (RangeError on an empty or invalid grid). */
export function createOnlinePosterior(grid: OnlinePosteriorGrid): OnlinePosterior {
  if (grid.rates.length === 0 || grid.processors.length === 0)
    throw new RangeError('need at least one rate and one processor count');
  if (grid.rates.some((rate) => !(rate > 0 && Number.isFinite(rate))))
    throw new RangeError('candidate rates must be positive');
  if (grid.processors.some((n) => !(Number.isInteger(n) && n >= 1)))
    throw new RangeError('candidate processor counts must be whole numbers ≥ 1');
  const cells: Cell[] = [];
  for (const rate of new Set(grid.rates))
    for (const processors of new Set(grid.processors))
      cells.push({
        logPrior: Math.log(Math.max(1e-300, grid.prior?.(rate, processors) ?? 1)),
        rate,
        processors,
        intervalMs: perProcessorIntervalMs(rate, 'second', processors),
        logLikelihood: new Float64Array(BACKGROUND.length),
      });
  const byInterval = [...cells.keys()].sort((a, b) => (cells[a] as Cell).intervalMs - (cells[b] as Cell).intervalMs);
  let weights = normalised(cells);
  let observations = 0;

  const ownShare = (cell: Cell, gaps: readonly number[]): number =>
    gaps.length === 0 ? 0 : Math.min(1, expectedOwnInInterval(gaps, cell.intervalMs, RESOLUTION_MS) / cell.processors);

  const mostProbableRate = (): number => {
    const byRate = new Map<number, number>();
    cells.forEach((cell, i) => byRate.set(cell.rate, (byRate.get(cell.rate) ?? 0) + (weights[i] as number)));
    // Ties go to the lower rate: its longer intervals keep the spacing safe.
    return [...byRate].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] as number;
  };

  return {
    observe(gaps, rejected) {
      for (const cell of cells) {
        const own = ownShare(cell, gaps);
        for (let b = 0; b < BACKGROUND.length; b++) {
          const outcome = logOutcome(rejectionChance(own, BACKGROUND[b] as number), rejected);
          cell.logLikelihood[b] = (cell.logLikelihood[b] as number) + outcome;
        }
      }
      observations++;
      weights = normalised(cells);
    },
    get observations() {
      return observations;
    },
    intervalQuantile(q) {
      let mass = 0;
      for (const i of byInterval) {
        mass += weights[i] as number;
        if (mass >= q - 1e-12) return (cells[i] as Cell).intervalMs;
      }
      return (cells[byInterval[byInterval.length - 1] as number] as Cell).intervalMs;
    },
    ownRejectionChance(gaps) {
      let chance = 0;
      cells.forEach((cell, i) => (chance += (weights[i] as number) * ownShare(cell, gaps)));
      return chance;
    },
    ownCauseOfRejection(gaps) {
      // P(own | rejected) = Σ w·own / Σ w·P(reject), others' occupancy weighted by what this key's answers say of it.
      let own = 0;
      let any = 0;
      cells.forEach((cell, i) => {
        const share = ownShare(cell, gaps);
        const w = weights[i] as number;
        const background = backgroundWeights(cell);
        own += w * share;
        for (let b = 0; b < BACKGROUND.length; b++)
          any += w * (background[b] as number) * rejectionChance(share, BACKGROUND[b] as number);
      });
      return any > 0 ? own / any : 0;
    },
    settings() {
      return cells.map((cell, i) => ({
        intervalMs: cell.intervalMs,
        processors: cell.processors,
        weight: weights[i] as number,
      }));
    },
    rate: mostProbableRate,
    estimate() {
      const rate = mostProbableRate();
      const ofRate = cells
        .map((cell, i) => ({ cell, weight: weights[i] as number }))
        .filter((entry) => entry.cell.rate === rate)
        .sort((a, b) => a.cell.processors - b.cell.processors);
      const mass = ofRate.reduce((sum, entry) => sum + entry.weight, 0) || 1;
      const quantile = (q: number): number => {
        let sum = 0;
        for (const entry of ofRate) {
          sum += entry.weight / mass;
          if (sum >= q - 1e-12) return entry.cell.processors;
        }
        return ofRate[ofRate.length - 1]?.cell.processors ?? 1;
      };
      const best = [...ofRate].sort((a, b) => b.weight - a.weight)[0]?.cell as Cell;
      return {
        rate,
        processors: best.processors,
        low: quantile(0.05),
        high: quantile(0.95),
        intervalMs: best.intervalMs,
      };
    },
  };
}

// Posterior weights of others' occupancy within one cell.
function backgroundWeights(cell: Cell): number[] {
  const logs = BACKGROUND_PRIOR.map((prior, b) => Math.log(prior) + (cell.logLikelihood[b] as number));
  const max = Math.max(...logs);
  const weights = logs.map((value) => Math.exp(value - max));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((value) => value / total);
}

// Each cell's weight: its background mixture, log-sum-exp so long runs never underflow.
function normalised(cells: readonly Cell[]): number[] {
  const logs = cells.map((cell) => {
    let max = Number.NEGATIVE_INFINITY;
    for (let b = 0; b < BACKGROUND.length; b++)
      max = Math.max(max, Math.log(BACKGROUND_PRIOR[b] as number) + (cell.logLikelihood[b] as number));
    let sum = 0;
    for (let b = 0; b < BACKGROUND.length; b++)
      sum += Math.exp(Math.log(BACKGROUND_PRIOR[b] as number) + (cell.logLikelihood[b] as number) - max);
    return cell.logPrior + max + Math.log(sum);
  });
  const max = Math.max(...logs);
  const weights = logs.map((value) => Math.exp(value - max));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((value) => value / total);
}
