import { INTERVAL_COVERAGE } from '../attribute/spike-setting.js';
import { CANDIDATE_PROCESSORS, KEAP_SPIKE_RATES } from '../spike/candidates.js';
import { mixtureSafeSpacingMs } from '../spike/mixture-share.js';
import { reachMs } from '../spike/own-occupancy.js';
import { minimumSafeSpacingMs } from '../spike/probability.js';
import { perProcessorIntervalMs } from '../spike/units.js';
import { createOnlinePosterior, type OnlinePosterior } from './online-posterior.js';
import type { PacerMode, SpikeKnowledge } from './pacer-options.js';

// How far apart one key's requests go: the model's safe spacing for a known setting, or the online
// posterior's when the setting is learned, with the floor a rejection of the key's own traffic sets.

/** What one response told the key's SpikeArrest model. */
export interface SpikeOutcome {
  readonly sentMs: number;
  readonly receivedMs: number;
  /** Whether SpikeArrest let it through (any answer but a spike 429 did pass it). */
  readonly rejected: boolean;
  /** Rate from `x-keap-product-spike-limit`, when the header names one. */
  readonly headerRate: number | null;
  /** Rate and N from a SpikeArrest fault's MessageRate, when the body carried one. */
  readonly fault: { readonly rate: number; readonly processors: number } | null;
}

/** Where the key's setting comes from. */
export type SettingSource = 'options' | 'report' | 'fault' | 'learned';

/** The key's spacing as stats report it. */
export interface KeySpacingSnapshot {
  readonly spacingMs: number;
  /** The per-processor interval the spacing covers (ms). */
  readonly intervalMs: number;
  readonly rate: number | null;
  readonly processors: { readonly estimate: number; readonly low: number; readonly high: number } | null;
  readonly source: SettingSource;
  /** Responses the key's model has seen. */
  readonly observations: number;
}

/** One key's spacing state. */
export interface KeySpacing {
  /** Earliest time the next request may be sent (−∞ before the first). */
  nextSendMs(): number;
  recordSend(sentMs: number): void;
  recordOutcome(outcome: SpikeOutcome): void;
  /** One processor interval as the key's model sees it now (for a spike retry's wait). */
  intervalMs(): number;
  snapshot(): KeySpacingSnapshot;
}

/** Spacing rules shared by every key of a pacer. */
export interface SpacingRules {
  readonly mode: PacerMode;
  /** Target 429 share in throughput mode (0–1). */
  readonly targetShare: number;
  readonly knowledge: SpikeKnowledge;
}

// Prior weight of an N outside a report's credible range, against 1 inside it.
const OUTSIDE_RANGE_PRIOR = 1e-2;
// While learning, the spacing may go below the credible bound only as far as a 2 % own-rejection chance.
const EXPLORATION_RISK = 0.02;
// Never below the reach of the posterior's median interval: the likely setting is never probed.
const MEDIAN = 0.5;
const LATENCY_WINDOW = 32;
// The first answers may include opening the connection: until a few are in, no latency counts as normal.
const LATENCY_WARMUP = 4;
const BISECTION_STEPS = 14;

/** A fresh spacing state for one key. */
export function createKeySpacing(rules: SpacingRules): KeySpacing {
  const { knowledge, mode } = rules;
  let fixed: { rate: number; processors: number; source: SettingSource } | null =
    knowledge.rate !== null && typeof knowledge.processors === 'number'
      ? { rate: knowledge.rate, processors: knowledge.processors, source: knowledge.source }
      : null;
  let headerRate: number | null = null;
  let posterior: OnlinePosterior | null = null;
  let posteriorRate: number | null = null;
  const accepted: number[] = [];
  let lastSendMs = Number.NEGATIVE_INFINITY;
  let ownRejections = 0;
  let floorMs = knowledge.minSpacingMs;
  const latencies: number[] = [];
  let lastLatencyMs = 0;

  const fixedIntervalMs = (): number | null =>
    fixed ? perProcessorIntervalMs(fixed.rate, 'second', fixed.processors) : null;
  const knownRate = (): number | null => fixed?.rate ?? knowledge.rate ?? headerRate;
  const nominalMs = (): number => 1000 / (knownRate() ?? posterior?.rate() ?? Math.max(...KEAP_SPIKE_RATES));

  const ensurePosterior = (): OnlinePosterior => {
    const rate = knownRate();
    if (posterior && posteriorRate === rate) return posterior;
    const range = typeof knowledge.processors === 'object' && knowledge.processors ? knowledge.processors : null;
    const known = typeof knowledge.processors === 'number' ? knowledge.processors : null;
    const widest = Math.max(CANDIDATE_PROCESSORS.length, range?.high ?? 0, known ?? 0);
    posterior = createOnlinePosterior({
      rates: rate === null ? KEAP_SPIKE_RATES : [rate],
      processors: known !== null ? [known] : Array.from({ length: widest }, (_, index) => index + 1),
      // A report's range is a strong prior, not a wall: N may have grown since the log.
      ...(range && {
        prior: (_: number, n: number) => (n >= range.low && n <= range.high ? 1 : OUTSIDE_RANGE_PRIOR),
      }),
    });
    posteriorRate = rate;
    return posterior;
  };

  const gapsFrom = (tMs: number): number[] => {
    const gaps: number[] = [];
    for (let i = accepted.length - 1; i >= 0; i--) gaps.push(tMs - (accepted[i] as number));
    return gaps;
  };

  const widestIntervalMs = (): number =>
    fixedIntervalMs() ??
    (posterior
      ? posterior.intervalQuantile(1)
      : perProcessorIntervalMs(Math.min(...KEAP_SPIKE_RATES), 'second', CANDIDATE_PROCESSORS.length));

  // Zero-429 while learning: between the reach of the median and of the credible upper interval,
  // the smallest spacing whose posterior chance of an own rejection stays within the exploration risk.
  const learnedZeroSpacing = (p: OnlinePosterior): number => {
    const cap = reachMs(p.intervalQuantile(INTERVAL_COVERAGE), 1);
    let lo = Math.max(reachMs(p.intervalQuantile(MEDIAN), 1), nominalMs());
    if (lo >= cap) return lo;
    const risk = (spacing: number): number => p.ownRejectionChance(gapsFrom(lastSendMs + spacing));
    if (risk(lo) <= EXPLORATION_RISK) return lo;
    let hi = cap;
    for (let i = 0; i < BISECTION_STEPS; i++) {
      const mid = (lo + hi) / 2;
      if (risk(mid) <= EXPLORATION_RISK) hi = mid;
      else lo = mid;
    }
    return hi;
  };

  const modelSpacingMs = (): number => {
    if (fixed) {
      const params = {
        rate: fixed.rate,
        unit: 'second' as const,
        processors: fixed.processors,
        routing: 'random' as const,
      };
      return mode === 'zero-429'
        ? reachMs(minimumSafeSpacingMs(0, params), 1)
        : Math.max(1000 / fixed.rate, minimumSafeSpacingMs(rules.targetShare, params));
    }
    const start = knowledge.startSpacingMs ?? nominalMs();
    if (mode === 'zero-429') {
      // Until the key's own traffic is rejected, nothing says the start (nominal, or a report's advice) is too close.
      if (ownRejections === 0 || !posterior) return start;
      return learnedZeroSpacing(posterior);
    }
    if (!posterior || posterior.observations === 0) return start;
    return Math.max(nominalMs(), mixtureSafeSpacingMs(rules.targetShare, posterior.settings()));
  };

  const spacingMs = (): number => Math.max(modelSpacingMs(), floorMs);

  const trim = (nowMs: number): void => {
    const cutoff = nowMs - reachMs(widestIntervalMs(), 1);
    let drop = 0;
    while (drop < accepted.length && (accepted[drop] as number) <= cutoff) drop++;
    if (drop > 0) accepted.splice(0, drop);
  };

  return {
    nextSendMs() {
      if (lastSendMs === Number.NEGATIVE_INFINITY) return lastSendMs;
      // A late answer may mean a late arrival at the gateway: the next request keeps its distance from that.
      const usualMs = latencies.length < LATENCY_WARMUP ? 0 : Math.min(...latencies);
      const lateMs = mode === 'zero-429' ? Math.max(0, lastLatencyMs - usualMs) : 0;
      return lastSendMs + spacingMs() + lateMs;
    },
    recordSend(sentMs) {
      lastSendMs = Math.max(lastSendMs, sentMs);
    },
    recordOutcome(outcome) {
      const latency = Math.max(0, outcome.receivedMs - outcome.sentMs);
      latencies.push(latency);
      if (latencies.length > LATENCY_WINDOW) latencies.shift();
      if (outcome.sentMs >= lastSendMs) lastLatencyMs = latency;
      if (outcome.fault) {
        // A SpikeArrest fault names the rate and the live N outright, over any option (N changes as Keap scales).
        fixed = { rate: outcome.fault.rate, processors: outcome.fault.processors, source: 'fault' };
      }
      if (outcome.headerRate !== null) headerRate = outcome.headerRate;
      trim(outcome.sentMs);
      const gaps = gapsFrom(outcome.sentMs).filter((gap) => gap > 0);
      if (!fixed) {
        const p = ensurePosterior();
        p.observe(gaps, outcome.rejected);
        if (outcome.rejected && gaps.length > 0 && p.ownCauseOfRejection(gaps) >= 0.5) {
          ownRejections++;
          // Never again as close as a gap the key's own traffic was rejected at.
          if (mode === 'zero-429') floorMs = Math.max(floorMs, Math.min(...gaps) + 1);
        }
      } else if (outcome.rejected) ownRejections++;
      if (!outcome.rejected) {
        let at = accepted.length;
        while (at > 0 && (accepted[at - 1] as number) > outcome.sentMs) at--;
        accepted.splice(at, 0, outcome.sentMs);
      }
    },
    intervalMs() {
      return fixedIntervalMs() ?? (posterior ? posterior.intervalQuantile(INTERVAL_COVERAGE) : spacingMs());
    },
    snapshot() {
      const estimate = fixed ? null : (posterior?.estimate() ?? null);
      return {
        spacingMs: spacingMs(),
        intervalMs: fixedIntervalMs() ?? (posterior ? posterior.intervalQuantile(INTERVAL_COVERAGE) : nominalMs()),
        rate: fixed?.rate ?? estimate?.rate ?? knownRate(),
        processors: fixed
          ? { estimate: fixed.processors, low: fixed.processors, high: fixed.processors }
          : estimate
            ? { estimate: estimate.processors, low: estimate.low, high: estimate.high }
            : null,
        source: fixed?.source ?? knowledge.source,
        observations: posterior?.observations ?? 0,
      };
    },
  };
}
