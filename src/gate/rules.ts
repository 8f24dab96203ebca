// The CI rules (`--fail-on`, `check`) judged on a finished analysis: codes and numbers only.
import type { ThrottleReport } from '../attribute/throttle-analysis.js';
import { EXPLANATIONS, THROTTLE_LAYERS, type Explanation, type ThrottleLayer } from '../attribute/vocabulary.js';
import { COUNTER_LAYERS, type CounterLayer, type LedgerReport } from '../ledger/index.js';
import type { InputSummary } from '../summary/input-tally.js';

/** What `--fail-on` accepts: any throttled response, an explanation, or a limit layer. */
export const FAIL_ON_REASONS = ['any', ...EXPLANATIONS, ...THROTTLE_LAYERS] as const;

/** One of FAIL_ON_REASONS. */
export type FailOnReason = (typeof FAIL_ON_REASONS)[number];

/** The thresholds a run was asked to hold; absent ones are not checked. */
export interface GateRules {
  readonly failOn: readonly FailOnReason[];
  readonly max429RatePercent?: number;
  readonly minHeadroomPercent?: number;
  readonly maxUnexplained?: number;
}

/** One rule's outcome with the number it was judged on. */
export type RuleResult =
  | { readonly rule: 'fail-on'; readonly reason: FailOnReason; readonly matched: number; readonly passed: boolean }
  | {
      readonly rule: 'max-429-rate';
      readonly thresholdPercent: number;
      readonly measuredPercent: number;
      readonly throttled: number;
      readonly requests: number;
      readonly passed: boolean;
    }
  | {
      readonly rule: 'min-headroom';
      readonly thresholdPercent: number;
      /** The bucket with the least headroom; null when no minute or day bucket had a known limit. */
      readonly tightest: {
        readonly layer: CounterLayer;
        readonly bucket: string;
        readonly percent: number;
        readonly peak: number;
        readonly limit: number;
      } | null;
      readonly failingBuckets: number;
      readonly passed: boolean;
    }
  | {
      readonly rule: 'max-unexplained';
      readonly threshold: number;
      readonly unexplained: number;
      readonly passed: boolean;
    };

/** Every rule asked for, in the order given, and whether all held. */
export interface GateResult {
  readonly passed: boolean;
  readonly rules: readonly RuleResult[];
}

/** Judges the rules on a report's parts. */
export function judgeRules(
  rules: GateRules,
  report: { readonly input: InputSummary; readonly ledger: LedgerReport; readonly throttling: ThrottleReport },
): GateResult {
  const { byExplanation, byLayer } = report.throttling.verdict.dataset;
  const results: RuleResult[] = [];
  for (const reason of rules.failOn) {
    const matched =
      reason === 'any'
        ? report.throttling.throttled
        : isExplanation(reason)
          ? byExplanation[reason]
          : byLayer[reason as ThrottleLayer];
    results.push({ rule: 'fail-on', reason, matched, passed: matched === 0 });
  }
  if (rules.max429RatePercent !== undefined) {
    const requests = report.input.rows.used;
    const throttled = report.throttling.throttled;
    const measuredPercent = requests === 0 ? 0 : round2((throttled / requests) * 100);
    results.push({
      rule: 'max-429-rate',
      thresholdPercent: rules.max429RatePercent,
      measuredPercent,
      throttled,
      requests,
      passed: measuredPercent <= rules.max429RatePercent,
    });
  }
  if (rules.minHeadroomPercent !== undefined) results.push(headroomRule(rules.minHeadroomPercent, report.ledger));
  if (rules.maxUnexplained !== undefined)
    results.push({
      rule: 'max-unexplained',
      threshold: rules.maxUnexplained,
      unexplained: byExplanation.unexplained,
      passed: byExplanation.unexplained <= rules.maxUnexplained,
    });
  return { passed: results.every((result) => result.passed), rules: results };
}

function headroomRule(thresholdPercent: number, ledger: LedgerReport): RuleResult {
  let tightest: Extract<RuleResult, { rule: 'min-headroom' }>['tightest'] = null;
  let failingBuckets = 0;
  for (const layer of COUNTER_LAYERS) {
    for (const group of ledger.layers[layer]) {
      const peak = group.peakRolling ?? group.peakFixed;
      if (!group.headroom || group.limit.value === null || !peak) continue;
      if (group.headroom.percent < thresholdPercent) failingBuckets++;
      if (!tightest || group.headroom.percent < tightest.percent)
        tightest = {
          layer,
          bucket: group.bucket,
          percent: group.headroom.percent,
          peak: peak.count,
          limit: group.limit.value,
        };
    }
  }
  return { rule: 'min-headroom', thresholdPercent, tightest, failingBuckets, passed: failingBuckets === 0 };
}

function isExplanation(reason: string): reason is Explanation {
  return (EXPLANATIONS as readonly string[]).includes(reason);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
