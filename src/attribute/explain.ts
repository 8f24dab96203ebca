import { MOST_PROCESSORS_SEEN } from '../policy/profiles.js';
import type { Profile } from '../types.js';
import type { Attribution } from './attribution-types.js';

/** Why a throttled response happened, in the five cases users ask about (issue: "the verdict"). */
export type Explanation =
  | 'above-nominal' // (a) own traffic above the nominal rate
  | 'smoothing' // (b) below the nominal rate but within one processor's interval (UseEffectiveCount)
  | 'other-consumers' // (c) somebody else used the same bucket
  | 'exhaustion' // (d) own traffic used up a minute/day/tenant limit
  | 'unexplained'; // (e)

/** The SpikeArrest setting used to judge spike 429s: rate per second and processor count, with their origin. */
export interface SpikeSetting {
  readonly rate: number;
  readonly processors: number | null;
  readonly rateFrom: 'fault' | 'profile' | 'fit';
  readonly processorsFrom: 'fault' | 'fit' | null;
}

// Expected foreign requests inside the interval below which they cannot account for a rejection (5 %).
const PLAUSIBLE_FOREIGN_IN_INTERVAL = 0.05;

// Own traffic at 90 % of a limit or more is enough to exhaust it once counters lag a little.
const OWN_SHARE_FOR_EXHAUSTION = 0.9;

/** What an explanation is judged against, beyond the attribution itself. */
export interface ExplainContext {
  readonly spike: SpikeSetting | null;
  readonly profile: Profile | null;
  /** Every logged time is a whole second (sub-second spacing unknown). */
  readonly wholeSecondTimes?: boolean;
  /** Other consumers' requests per second in this client's product buckets around a time (epoch ms), from the ledger. */
  readonly foreignRateAt?: (ts: number) => number;
  /** The ledger's account of that traffic in words (amounts and times), for the summary. */
  readonly othersNote?: string;
}

/** The own gap before a 429 in ms, or null when unknown: with whole-second timestamps a gap of 0 only says "same second". */
export function knownGapMs(attribution: Attribution, wholeSecondTimes: boolean): number | null {
  return wholeSecondTimes && attribution.own.gapMs === 0 ? null : attribution.own.gapMs;
}

/** Sorts one attribution into (a)–(e) using the client's own spacing, the spike setting and the ledger. */
export function explain(attribution: Attribution, context: ExplainContext): Explanation {
  const { spike, profile } = context;
  const wholeSecondTimes = context.wholeSecondTimes ?? false;
  const { foreign } = attribution;
  const own = { ...attribution.own, gapMs: knownGapMs(attribution, wholeSecondTimes) };
  // Requests per second by others on the same buckets: the ledger's point estimate over the last minute, or its episode rate.
  const foreignRate = Math.max((foreign.productMinute ?? 0) / 60, context.foreignRateAt?.(attribution.ts) ?? 0);
  switch (attribution.layer) {
    case 'spike': {
      if (!spike) return foreignRate > 0 ? 'other-consumers' : 'unexplained';
      const nominalMs = 1000 / spike.rate;
      if (own.lastSecond > spike.rate || (own.gapMs !== null && own.gapMs < nominalMs)) return 'above-nominal';
      if (
        spike.processors !== null &&
        (own.gapMs === null ? wholeSecondTimes && own.lastSecond > 1 : own.gapMs < nominalMs * spike.processors)
      )
        return 'smoothing';
      // Others only explain a spike 429 if enough of their requests fall inside one processor's interval before it.
      const intervalS = (nominalMs * (spike.processors ?? MOST_PROCESSORS_SEEN)) / 1000;
      return foreignRate * intervalS >= PLAUSIBLE_FOREIGN_IN_INTERVAL ? 'other-consumers' : 'unexplained';
    }
    case 'product-minute':
      return ownShare(own.rollingMinute, profile?.perMinute ?? null) >= OWN_SHARE_FOR_EXHAUSTION
        ? 'exhaustion'
        : 'other-consumers';
    case 'product-day':
      // A log that starts mid-day undercounts own use: trust the ledger's foreign estimate when it has one.
      if (foreign.productDay !== null)
        return foreign.productDay > 0 && ownShare(own.utcDay, profile?.perDay ?? null) < OWN_SHARE_FOR_EXHAUSTION
          ? 'other-consumers'
          : 'exhaustion';
      return 'exhaustion';
    case 'tenant-minute':
      return ownShare(own.rollingMinute, profile?.tenantPerMinute ?? null) >= OWN_SHARE_FOR_EXHAUSTION
        ? 'exhaustion'
        : 'other-consumers';
    case 'tenant-day':
      return (foreign.tenantMinute ?? 0) > 0 ? 'other-consumers' : 'exhaustion';
    case 'legacy-credit':
      return 'exhaustion';
    case 'unknown':
      return 'unexplained';
  }
}

// Share of the limit the client's own log accounts for; 1 when the limit is unknown (blame own traffic).
function ownShare(ownCount: number, limit: number | null): number {
  if (limit === null || limit <= 0) return 1;
  return ownCount / limit;
}
