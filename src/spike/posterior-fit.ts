import { CANDIDATE_PROCESSORS } from './candidates.js';
import { GapHistogram } from '../ledger/gap-histogram.js';
import { createGapAccumulator, type GapAccumulator, type GapStats } from './gap-stats.js';
import { JITTER_LEVELS_MS, PASSED_HOLD_CHANCE, reachMs, withinIntervalProbability } from './own-occupancy.js';
import { createSpikePosterior, type KeyEvidence, type SpikePosterior } from './posterior.js';
import type { CellWeight } from './steady-share.js';
import { perProcessorIntervalMs } from './units.js';
import type { Mutable } from '../types.js';

const WIDEST_JITTER_MS = JITTER_LEVELS_MS[JITTER_LEVELS_MS.length - 1] as number;

// Streaming evidence for the effective-count model over a grid of rate × N, with other consumers of
// the key as nuisance: per request, the expected own occupancy E[k] for every distinct interval
// N·1000/rate is binned with the outcome and the others' rate the counters showed, so the likelihood
// of every grid cell is computed once at the end from small histograms (no per-request allocation).

/** A candidate SpikeArrest rate per second with its prior weight. */
export interface RateCandidate {
  readonly rate: number;
  readonly prior: number;
}

/** Fitter settings: the grid is fixed up front; the prior over it only when the result is asked for. */
export interface SpikeFitOptions {
  /** Candidate rates per second. */
  readonly rates: readonly number[];
  /** Candidate processor counts; default 1..16. */
  readonly processors?: readonly number[];
  /** Keys that get their own nuisance (others' traffic); later keys share one. Default 64. */
  readonly maxKeys?: number;
  /**
   * False: only each key's own requests are kept (for the gap questions); nothing is binned and no spacing is
   * summed, so this fitter's evidence is not to be read: it is counted by another fitter fed the same observations
   * (on another thread). Default true.
   */
  readonly countBins?: boolean;
}

/** Everything a fitter has counted: with the options and a prior, it makes the posterior (posteriorOfEvidence). */
export interface FitEvidence {
  readonly keys: readonly KeyEvidence[];
  readonly outOfOrder: number;
  readonly spacing: readonly KeySpacing[];
}

/** The prior the result is computed with. */
export interface SpikePrior {
  /** Prior weight per candidate rate (missing rates weigh 0; all missing = uniform). */
  readonly rates?: readonly RateCandidate[];
  /** Rate and N read from SpikeArrest faults with how often: the prior then rests on them. */
  readonly faults?: readonly { readonly rate: number; readonly processors: number; readonly count: number }[];
  /** Evidence from outside the fit's bins (an errors-only client's rejected share), per cell. */
  readonly cellWeights?: readonly CellWeight[];
}

/** One request that reached SpikeArrest, in time order per key. */
export interface SpikeObservation {
  readonly key: string;
  readonly tMs: number;
  /** passed: another limit rejected it after SpikeArrest let it through (it holds a processor, its outcome says nothing). */
  /** held: SpikeArrest let it through when a quota had (nearly) nothing left: it holds a processor, but is not scored,
   * since a rejection at that moment reads like the quota's. */
  readonly outcome: 'accepted' | 'rejected' | 'passed' | 'held';
  /** Others' requests per second in the key's buckets as the server counters showed them; null when no counter says. */
  readonly foreignPerSecond: number | null;
  /** 1 for millisecond times; in a whole-second log, the row's share of its second. */
  readonly resolutionMs: number;
  /** Whole-second log: the key's rows run on through the seconds either side (see withinIntervalProbability; absent: no). */
  readonly spreadSteady?: boolean;
}

/** One observation record a feeder rewrites for every request (a fitter reads it during observe() only). */
export type ObservationRecord = Mutable<SpikeObservation>;

/** A fresh record for a feeder to rewrite. */
export function newObservationRecord(): ObservationRecord {
  return { key: '', tMs: 0, outcome: 'accepted', foreignPerSecond: null, resolutionMs: 1, spreadSteady: false };
}

/** Spacing facts for one key. */
export interface KeySpacing {
  readonly key: string;
  readonly requests: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly outOfOrder: number;
  readonly spacing: GapStats;
  readonly spacingAtRejection: GapStats;
  /** Gaps from the previous request to a success, and their 5th percentile (ms; null without any). */
  readonly successGaps: number;
  readonly successGapP5Ms: number | null;
}

/** A streaming fitter; result() may be called at any time. */
export interface SpikeFitter {
  observe(observation: SpikeObservation): void;
  /** The nearest `limit` gaps (ms, ascending) from tMs back to the key's own accepted requests that can still matter. */
  recentAcceptedGaps(key: string, tMs: number, limit: number): number[];
  /** The nearest `limit` of those gaps that lead to requests a quota rejected (they held a processor only if SpikeArrest passed them). */
  recentPassedGaps(key: string, tMs: number, limit: number): number[];
  /** What has been counted so far, as plain data. */
  evidence(): FitEvidence;
  result(prior?: SpikePrior): SpikePosterior;
}

/** The in-process fitter, which can also hand its evidence over packed (what the fitting thread does). */
export interface PackingSpikeFitter extends SpikeFitter {
  /** The evidence with each key's bins as columns, not filled into its Map. */
  packedEvidence(): PackedFitEvidence;
}

/** A key's bins as two columns, in the order first counted: sent between threads by transfer, not by copy. */
export interface PackedBins {
  readonly keys: Int32Array<ArrayBuffer>;
  readonly counts: Float64Array<ArrayBuffer>;
}

/** FitEvidence whose keys' bin Maps are left empty, their bins in `bins` (one per key, same order). */
export interface PackedFitEvidence {
  readonly evidence: FitEvidence;
  readonly bins: readonly PackedBins[];
}

/** The evidence with every key's bins filled in from their columns (the keys' order kept). */
export function unpackEvidence(packed: PackedFitEvidence): FitEvidence {
  packed.evidence.keys.forEach((key, index) => {
    const { keys, counts } = packed.bins[index] as PackedBins;
    for (let i = 0; i < keys.length; i++) key.bins.set(keys[i] as number, counts[i] as number);
  });
  return packed.evidence;
}

/** Makes a fitter (in-process by default; the CLI counts bins on a worker thread). */
export type SpikeFitterFactory = (options: SpikeFitOptions) => SpikeFitter;

// E[k] is binned in eighths: fine enough for N ≤ 16, coarse enough to keep the histograms small.
const OCCUPANCY_STEPS = 8;
const POOLED_KEY = '(keys beyond the first 64)';

interface KeyState {
  readonly name: string;
  readonly accepted: number[];
  /** Beside accepted: whether that request passed SpikeArrest only to be rejected by a quota. */
  readonly passed: boolean[];
  head: number;
  lastMs: number | null;
  wholeSeconds: boolean;
  requests: number;
  acceptedCount: number;
  rejectedCount: number;
  outOfOrder: number;
  readonly spacing: GapAccumulator;
  readonly spacingAtRejection: GapAccumulator;
  /** Gaps from the key's previous request to each success: spacings SpikeArrest let through. */
  readonly gapsBeforeSuccess: GapHistogram;
  readonly evidence: KeyEvidence;
  /** The evidence's bins as they are counted; copied into evidence.bins (same keys, same order) for the result. */
  readonly binCounts: BinCounts;
}

/** A new fitter over the candidate rates × processors (RangeError on an empty or invalid grid). */
export function createSpikeFitter(options: SpikeFitOptions): PackingSpikeFitter {
  const { intervals } = fitGrid(options);
  const countBins = options.countBins ?? true;
  const widest = intervals[intervals.length - 1] as number;
  const maxKeys = options.maxKeys ?? 64;
  const keys = new Map<string, KeyState>();
  const ownKeys: KeyState[] = [];
  let pooled: KeyState | null = null;
  let outOfOrder = 0;
  // One slot per interval and jitter level: slot = interval × levels + level.
  const levels = JITTER_LEVELS_MS.length;
  const occupancy = new Float64Array(intervals.length * levels);
  const denseBudget = { blocks: 0 };
  // Per slot, for millisecond times: how far it reaches, and the widest gap still certainly inside.
  const reachAtMs = new Float64Array(occupancy.length);
  const certainUpTo = new Float64Array(occupancy.length);
  for (let d = 0; d < intervals.length; d++) {
    for (let j = 0; j < levels; j++) {
      reachAtMs[d * levels + j] = reachMs(intervals[d] as number, 1, JITTER_LEVELS_MS[j]);
      certainUpTo[d * levels + j] = widestCertainGap(intervals[d] as number, JITTER_LEVELS_MS[j] as number);
    }
  }

  const newKey = (name: string): KeyState => ({
    name,
    accepted: [],
    passed: [],
    head: 0,
    lastMs: null,
    wholeSeconds: true,
    requests: 0,
    acceptedCount: 0,
    rejectedCount: 0,
    outOfOrder: 0,
    spacing: createGapAccumulator(),
    spacingAtRejection: createGapAccumulator(),
    gapsBeforeSuccess: new GapHistogram(),
    evidence: {
      key: name,
      bins: new Map(),
      slidingOverRate: new Map(),
      foreignSums: new Array<number>(FOREIGN_BINS).fill(0),
      foreignCounts: new Array<number>(FOREIGN_BINS).fill(0),
      accepted: 0,
      rejected: 0,
    },
    binCounts: new BinCounts((occupancy.length + 1) * OCCUPANCY_BINS, denseBudget),
  });

  const stateFor = (key: string): KeyState => {
    const known = keys.get(key);
    if (known) return known;
    let state: KeyState;
    if (ownKeys.length < maxKeys) {
      state = newKey(key);
      ownKeys.push(state);
    } else {
      pooled ??= newKey(POOLED_KEY);
      state = pooled;
    }
    keys.set(key, state);
    return state;
  };

  // Accepted times older than the widest reach (whole seconds, at the widest level) can never count again.
  const trim = (s: KeyState, tMs: number): void => {
    const cutoff = tMs - reachMs(widest, 1000, WIDEST_JITTER_MS);
    while (s.head < s.accepted.length && (s.accepted[s.head] as number) <= cutoff) s.head++;
    if (s.head > 64 && s.head * 2 > s.accepted.length) {
      s.accepted.splice(0, s.head);
      s.passed.splice(0, s.head);
      s.head = 0;
    }
  };

  // Only the nearest few are asked for, so no list of every held gap is built per 429.
  // Gathered in one reused array and sliced out: an array literal filled by push had its allocation site tenured,
  // and every 429's gaps then went straight to the old space.
  const gathered: number[] = [];
  const nearestGaps = (s: KeyState, tMs: number, limit: number, passedOnly: boolean): number[] => {
    let found = 0;
    for (let i = s.accepted.length - 1; i >= s.head && found < limit; i--) {
      const gap = tMs - (s.accepted[i] as number);
      if (gap >= 0 && (!passedOnly || s.passed[i])) gathered[found++] = gap;
    }
    return gathered.slice(0, found);
  };
  // E[k] per slot into `occupancy`, as expectedOwnInInterval over the gaps back to each accepted request (ascending)
  // with their hold weights, without building either list: true when any is above 0.
  const occupancyOf = (s: KeyState, tMs: number, resolutionMs: number, steady: boolean): boolean => {
    const { accepted, passed, head } = s;
    const last = accepted.length - 1;
    if (last < head) {
      occupancy.fill(0);
      return false;
    }
    let any = false;
    const fine = resolutionMs === 1;
    for (let j = 0; j < levels; j++) {
      const jitterMs = JITTER_LEVELS_MS[j] as number;
      // Millisecond times: the chance falls with the gap and rises with the interval, so the gaps certainly inside
      // (chance exactly 1) only grow with the interval; their weighted sum is the same additions in the same order.
      let certain = 0;
      let certainSum = 0;
      for (let d = 0; d < intervals.length; d++) {
        const slot = d * levels + j;
        const intervalMs = intervals[d] as number;
        const reach = fine ? (reachAtMs[slot] as number) : reachMs(intervalMs, resolutionMs, jitterMs, steady);
        let sum = 0;
        let i = last;
        if (resolutionMs < 1000) {
          const upTo = fine ? (certainUpTo[slot] as number) : -1;
          while (last - certain >= head) {
            const gap = tMs - (accepted[last - certain] as number);
            // Up to the widest certain whole gap the chance is 1; a whole millisecond past it, below 1.
            if (!(fine && gap <= upTo)) {
              if (fine && gap >= upTo + 1) break;
              if (gap >= reach || withinIntervalProbability(gap, intervalMs, resolutionMs, jitterMs, steady) !== 1)
                break;
            }
            certainSum += (passed[last - certain] ? PASSED_HOLD_CHANCE : 1) * 1;
            certain++;
          }
          sum = certainSum;
          i = last - certain;
        }
        for (; i >= head; i--) {
          const gap = tMs - (accepted[i] as number);
          if (gap >= reach) break;
          const weight = passed[i] ? PASSED_HOLD_CHANCE : 1;
          sum += weight * withinIntervalProbability(gap, intervalMs, resolutionMs, jitterMs, steady);
        }
        occupancy[slot] = sum;
        if (sum > 0) any = true;
      }
    }
    return any;
  };

  return {
    observe(observation) {
      const s = stateFor(observation.key);
      const { tMs } = observation;
      if (s.lastMs !== null && tMs < s.lastMs) {
        s.outOfOrder++;
        outOfOrder++;
        return;
      }
      if (tMs % 1000 !== 0) s.wholeSeconds = false;
      if (observation.outcome === 'passed' || observation.outcome === 'held') {
        trim(s, tMs);
        s.accepted.push(tMs);
        s.passed.push(observation.outcome === 'passed');
        if (countBins && s.lastMs !== null) {
          s.spacing.add(tMs - s.lastMs);
          // Held is a success at a nearly used-up quota; passed, a quota 429, says nothing of SpikeArrest.
          if (observation.outcome === 'held') s.gapsBeforeSuccess.add(tMs - s.lastMs);
        }
        s.lastMs = tMs;
        s.requests++;
        return;
      }
      const resolutionMs = Math.max(observation.resolutionMs, s.wholeSeconds ? 1000 : 1);
      trim(s, tMs);
      const rejected = observation.outcome === 'rejected';
      const any = countBins && occupancyOf(s, tMs, resolutionMs, observation.spreadSteady === true && resolutionMs > 1);
      // Bin = cell × 96 + fr, as packBin(slot, E[k] eighths, foreign, outcome) lays it out.
      const foreignBin = binForeign(observation.foreignPerSecond);
      const fr = foreignBin * 2 + (rejected ? 1 : 0);
      const bins = s.binCounts;
      // Counted by the fitter on the other thread when countBins is false: this one keeps only the key's requests.
      if (countBins) {
        if (observation.foreignPerSecond !== null) {
          s.evidence.foreignSums[foreignBin] =
            (s.evidence.foreignSums[foreignBin] as number) + observation.foreignPerSecond;
          s.evidence.foreignCounts[foreignBin] = (s.evidence.foreignCounts[foreignBin] as number) + 1;
        }
        if (!any) bins.addCell(fr, 0);
        else {
          for (let slot = 0; slot < occupancy.length; slot++) {
            const eighths = Math.min(Math.round((occupancy[slot] as number) * OCCUPANCY_STEPS), OCCUPANCY_BINS - 1);
            bins.addCell(fr, (slot + 1) * OCCUPANCY_BINS + eighths);
          }
        }
        // The sliding-window reading: how many accepted in the last second, against each rate.
        let lastSecond = 0;
        for (let i = s.accepted.length - 1; i >= s.head && tMs - (s.accepted[i] as number) < 1000; i--) lastSecond++;
        const slidingKey = lastSecond * 2 + (rejected ? 1 : 0);
        s.evidence.slidingOverRate.set(slidingKey, (s.evidence.slidingOverRate.get(slidingKey) ?? 0) + 1);
      }

      const gapMs = countBins && s.lastMs !== null ? tMs - s.lastMs : null;
      if (gapMs !== null) s.spacing.add(gapMs);
      s.lastMs = tMs;
      s.requests++;
      if (rejected) {
        s.rejectedCount++;
        s.evidence.rejected++;
        if (gapMs !== null) s.spacingAtRejection.add(gapMs);
      } else {
        s.acceptedCount++;
        s.evidence.accepted++;
        if (gapMs !== null) s.gapsBeforeSuccess.add(gapMs);
        s.accepted.push(tMs);
        s.passed.push(false);
      }
    },
    recentAcceptedGaps(key, tMs, limit) {
      const s = keys.get(key);
      return s ? nearestGaps(s, tMs, limit, false) : [];
    },
    recentPassedGaps(key, tMs, limit) {
      const s = keys.get(key);
      return s ? nearestGaps(s, tMs, limit, true) : [];
    },
    evidence(): FitEvidence {
      const all = pooled ? [...ownKeys, pooled] : ownKeys;
      for (const s of all) s.binCounts.copyInto(s.evidence.bins);
      return plainEvidence(
        all,
        all.map((s) => s.evidence),
      );
    },
    packedEvidence(): PackedFitEvidence {
      const all = pooled ? [...ownKeys, pooled] : ownKeys;
      // Fresh empty Maps: the receiving thread fills its copy of them from the columns.
      const keys = all.map((s): KeyEvidence => ({ ...s.evidence, bins: new Map() }));
      return { evidence: plainEvidence(all, keys), bins: all.map((s) => s.binCounts.packed()) };
    },
    result(prior = {}) {
      return posteriorOfEvidence(options, this.evidence(), prior);
    },
  };

  function plainEvidence(all: readonly KeyState[], keys: readonly KeyEvidence[]): FitEvidence {
    return {
      keys,
      outOfOrder,
      spacing: all.map((s): KeySpacing => ({
        key: s.name,
        requests: s.requests,
        accepted: s.acceptedCount,
        rejected: s.rejectedCount,
        outOfOrder: s.outOfOrder,
        spacing: s.spacing.stats(),
        spacingAtRejection: s.spacingAtRejection.stats(),
        successGaps: s.gapsBeforeSuccess.count,
        successGapP5Ms: s.gapsBeforeSuccess.quantile(0.05),
      })),
    };
  }
}

/** The candidate rates, processor counts and their distinct intervals N·1000/rate, ascending (RangeError when invalid). */
function fitGrid(options: SpikeFitOptions): { rates: number[]; processors: readonly number[]; intervals: number[] } {
  const processors = options.processors ?? CANDIDATE_PROCESSORS;
  if (options.rates.length === 0 || processors.length === 0)
    throw new RangeError('need at least one rate and one processor count');
  if (
    options.rates.some((rate) => !(rate > 0) || !Number.isFinite(rate)) ||
    processors.some((n) => !Number.isInteger(n) || n < 1)
  )
    throw new RangeError('rates must be positive and processor counts positive integers');
  const rates = [...new Set(options.rates)];
  const intervals = [
    ...new Set(rates.flatMap((rate) => processors.map((n) => perProcessorIntervalMs(rate, 'second', n)))),
  ].sort((a, b) => a - b);
  return { rates, processors, intervals };
}

/** The posterior from what a fitter with these options counted, under a prior. */
export function posteriorOfEvidence(
  options: SpikeFitOptions,
  evidence: FitEvidence,
  prior: SpikePrior = {},
): SpikePosterior {
  const { rates, processors, intervals } = fitGrid(options);
  const weights = new Map((prior.rates ?? []).map((candidate) => [candidate.rate, candidate.prior]));
  return createSpikePosterior({
    rates: rates.map((rate) => ({ rate, prior: weights.size === 0 ? 1 : (weights.get(rate) ?? 0) })),
    processors,
    faults: prior.faults ?? [],
    cellWeights: prior.cellWeights ?? [],
    intervals,
    occupancySteps: OCCUPANCY_STEPS,
    keys: evidence.keys,
    outOfOrder: evidence.outOfOrder,
    spacing: evidence.spacing,
  });
}

// The widest whole-millisecond gap whose chance of falling inside intervalMs is exactly 1 (millisecond times).
function widestCertainGap(intervalMs: number, jitterMs: number): number {
  let gap = Math.floor((intervalMs - jitterMs) / 1.02);
  while (gap >= 0 && withinIntervalProbability(gap, intervalMs, 1, jitterMs) !== 1) gap--;
  while (withinIntervalProbability(gap + 1, intervalMs, 1, jitterMs) === 1) gap++;
  return gap;
}

// Dense counting blocks across all keys of one fitter: each is one others'-rate bin and outcome over every slot and
// occupancy (~75 KB); past the budget, bins are counted in the table.
const MAX_DENSE_BLOCKS = 64;

/**
 * Counts per packed bin (key = cell × 96 + foreign × 2 + outcome, cell = (slot + 1) × 129 + E[k] eighths), in dense
 * blocks per others'-rate bin and outcome while the budget lasts, else in an open-addressing table (a Map costs
 * several times as much per count); keeps the order in which bins were first counted.
 */
class BinCounts {
  private keys = new Int32Array(1024).fill(-1);
  private counts = new Float64Array(1024);
  private order = new Int32Array(256);
  private size = 0;
  private readonly blocks: (Uint32Array | null)[] = new Array<Uint32Array | null>(FOREIGN_BINS * 2).fill(null);
  private readonly cells: number;
  private readonly budget: { blocks: number };

  constructor(cells: number, budget: { blocks: number }) {
    this.cells = cells;
    this.budget = budget;
  }

  /** Counts one request in the bin of `cell` for others'-rate-and-outcome `fr`. */
  addCell(fr: number, cell: number): void {
    let block = this.blocks[fr] as Uint32Array | null;
    if (block === null && this.budget.blocks < MAX_DENSE_BLOCKS) {
      block = this.blocks[fr] = new Uint32Array(this.cells);
      this.budget.blocks++;
    }
    if (block === null) {
      this.add(cell * FOREIGN_BINS * 2 + fr);
      return;
    }
    if ((block[cell] as number) === 0) this.remember(cell * FOREIGN_BINS * 2 + fr);
    block[cell] = (block[cell] as number) + 1;
  }

  private add(key: number): void {
    let mask = this.keys.length - 1;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const held = this.keys[slot] as number;
      if (held === key) {
        this.counts[slot] = (this.counts[slot] as number) + 1;
        return;
      }
      if (held === -1) break;
      slot = (slot + 1) & mask;
    }
    if ((this.size + 1) * 2 > this.keys.length) {
      this.grow();
      mask = this.keys.length - 1;
      slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
      while (this.keys[slot] !== -1) slot = (slot + 1) & mask;
    }
    this.keys[slot] = key;
    this.counts[slot] = 1;
    this.remember(key);
  }

  private remember(key: number): void {
    if (this.size === this.order.length) {
      const order = new Int32Array(this.order.length * 2);
      order.set(this.order);
      this.order = order;
    }
    this.order[this.size++] = key;
  }

  /** Sets every count into `bins`, keys in the order first counted (as counting into the Map itself would). */
  copyInto(bins: Map<number, number>): void {
    for (let i = 0; i < this.size; i++) {
      const key = this.order[i] as number;
      bins.set(key, this.countOf(key));
    }
  }

  /** The counts as columns, keys in the order first counted. */
  packed(): PackedBins {
    const keys = this.order.slice(0, this.size);
    const counts = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) counts[i] = this.countOf(keys[i] as number);
    return { keys, counts };
  }

  private countOf(key: number): number {
    const fr = key % (FOREIGN_BINS * 2);
    const block = this.blocks[fr];
    if (block) return block[(key - fr) / (FOREIGN_BINS * 2)] as number;
    const mask = this.keys.length - 1;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    while (this.keys[slot] !== key) slot = (slot + 1) & mask;
    return this.counts[slot] as number;
  }

  private grow(): void {
    const keys = this.keys;
    const counts = this.counts;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.counts = new Float64Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let old = 0; old < keys.length; old++) {
      const key = keys[old] as number;
      if (key === -1) continue;
      let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
      while (this.keys[slot] !== -1) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.counts[slot] = counts[old] as number;
    }
  }
}

// Bin layout of one histogram key: slot (interval × jitter level; −1 = no own request within any
// interval), E[k] in eighths, others' rate bin, outcome.
const FOREIGN_BINS = 48;
const OCCUPANCY_BINS = 16 * OCCUPANCY_STEPS + 1;

/** Packs one histogram key. */
export function packBin(interval: number, occupancyEighths: number, foreignBin: number, rejected: boolean): number {
  const occupancyBin = Math.min(occupancyEighths, OCCUPANCY_BINS - 1);
  return (((interval + 1) * OCCUPANCY_BINS + occupancyBin) * FOREIGN_BINS + foreignBin) * 2 + (rejected ? 1 : 0);
}

/** Unpacks one histogram key. */
export function unpackBin(key: number): {
  interval: number;
  occupancyEighths: number;
  foreignBin: number;
  rejected: boolean;
} {
  const rejected = key % 2 === 1;
  let rest = (key - (rejected ? 1 : 0)) / 2;
  const foreignBin = rest % FOREIGN_BINS;
  rest = (rest - foreignBin) / FOREIGN_BINS;
  const occupancyEighths = rest % OCCUPANCY_BINS;
  const interval = (rest - occupancyEighths) / OCCUPANCY_BINS - 1;
  return { interval, occupancyEighths, foreignBin, rejected };
}

// Others' rate bins: 0 = no counter says, 1 = counters show none, then powers of two from 1/200 per second.
const FOREIGN_BASE_PER_SECOND = 0.005;

/** The bin of an others' rate per second (null = unknown). */
export function binForeign(perSecond: number | null): number {
  if (perSecond === null) return 0;
  if (!(perSecond > 0)) return 1;
  return 2 + Math.max(0, Math.min(FOREIGN_BINS - 3, Math.round(Math.log2(perSecond / FOREIGN_BASE_PER_SECOND))));
}

/** The rate a key's bin stands for: the mean of the rates counted in it (a bin's width would skew it up to 41 %). */
export function foreignRateOf(key: KeyEvidence, bin: number): number | null {
  const count = key.foreignCounts[bin] ?? 0;
  return count > 0 ? (key.foreignSums[bin] as number) / count : foreignOfBin(bin);
}

/** The rate a bin stands for (null for unknown). */
export function foreignOfBin(bin: number): number | null {
  if (bin === 0) return null;
  if (bin === 1) return 0;
  return FOREIGN_BASE_PER_SECOND * 2 ** (bin - 2);
}
