// Ground truth for one own request, decided causally from the gateway's decision (README.md here has the rules).
import type { GatewayDecision, GatewayLayer } from './gateway.js';

/** The explanations the analyser must give; `unexplained` is never true here (the gateway knows every cause). */
export const TRUE_EXPLANATIONS = ['above-nominal', 'smoothing', 'other-consumers', 'exhaustion'] as const;
export type TrueExplanation = (typeof TRUE_EXPLANATIONS)[number];

// Own share of a quota window at or above which the client's own traffic is said to have exhausted it.
const OWN_SHARE_FOR_EXHAUSTION = 0.9;
// Counters jitter by a few units and the ledger smooths them: a share this close to the line could be read either way.
const SHARE_AMBIGUITY = 0.05;

/** What the client's own traffic on one key looked like just before a request, at the gateway and in the log. */
export interface OwnContext {
  /** Gap to the previous own request of the key (ms, gateway arrival times); null for the first. */
  readonly gapMs: number | null;
  /** Own requests of the key in the last second, this one included (arrival times). */
  readonly lastSecond: number;
  /** The same two facts from the logged send times (whole seconds when the log has them); the gap is null when unknown (first, or same whole second). */
  readonly loggedGapMs: number | null;
  readonly loggedLastSecond: number;
  /** Whether an own / a foreign request on this key passed SpikeArrest within the last processor interval. */
  readonly ownAcceptedWithinInterval: boolean;
  readonly foreignAcceptedWithinInterval: boolean;
}

export interface RequestTruth {
  readonly layer: GatewayLayer | null;
  readonly explanation: TrueExplanation | null;
  /** Other readings the log genuinely cannot rule out (never the explanation itself). */
  readonly alternatives: readonly TrueExplanation[];
  /** For spike rejections: the processor's last accepted request. */
  readonly blocker: { readonly own: boolean; readonly arrivalMs: number; readonly requestId: number } | null;
  /** For quota rejections: own share of the rejecting window. */
  readonly ownShare: number | null;
}

/** Labels one decision: the layer that rejected it and why (null explanation when accepted). */
export function labelRequest(decision: GatewayDecision, own: OwnContext, rate: number): RequestTruth {
  if (decision.accepted || decision.layer === null)
    return { layer: null, explanation: null, alternatives: [], blocker: null, ownShare: null };
  if (decision.layer === 'spike') {
    const blocker = decision.blocker;
    if (!blocker) throw new Error(`spike rejection of request ${decision.request.id} without a blocker`);
    const ownReading = ownSpikeReading(own.gapMs, own.lastSecond, rate);
    // Same whole second: the log cannot say whether the gap was under 1/rate, so both own readings stand.
    const loggedReadings: TrueExplanation[] =
      own.loggedGapMs === null && own.loggedLastSecond <= rate && own.gapMs !== null
        ? ['above-nominal', 'smoothing']
        : [ownSpikeReading(own.loggedGapMs, own.loggedLastSecond, rate)];
    const explanation: TrueExplanation = blocker.own ? ownReading : 'other-consumers';
    const alternatives = new Set<TrueExplanation>();
    // The log never shows which processor a request took: own and foreign blockers inside the interval are indistinguishable.
    if (!blocker.own && own.ownAcceptedWithinInterval) alternatives.add(ownReading);
    if (blocker.own && own.foreignAcceptedWithinInterval) alternatives.add('other-consumers');
    // Network delay and whole-second times can put the logged gap on the other side of the nominal interval.
    if (blocker.own || own.ownAcceptedWithinInterval) for (const reading of loggedReadings) alternatives.add(reading);
    alternatives.delete(explanation);
    return {
      layer: 'spike',
      explanation,
      alternatives: [...alternatives],
      blocker: { own: blocker.own, arrivalMs: blocker.t, requestId: blocker.id },
      ownShare: null,
    };
  }
  const share = decision.share;
  if (!share) throw new Error(`quota rejection of request ${decision.request.id} without its window`);
  const ownShare = share.total > 0 ? share.own / share.total : 0;
  const explanation: TrueExplanation = ownShare >= OWN_SHARE_FOR_EXHAUSTION ? 'exhaustion' : 'other-consumers';
  const other: TrueExplanation = explanation === 'exhaustion' ? 'other-consumers' : 'exhaustion';
  const alternatives: TrueExplanation[] = [];
  if (Math.abs(ownShare - OWN_SHARE_FOR_EXHAUSTION) <= SHARE_AMBIGUITY) alternatives.push(other);
  // Own demand alone filled the window: it would have run out without the others too.
  else if (explanation === 'other-consumers' && share.ownDemand >= share.limit) alternatives.push('exhaustion');
  // A day counter that was already high when the log began may hold the client's own earlier traffic.
  else if (
    explanation === 'other-consumers' &&
    (share.own + share.beforeLogMaybeOwn) / share.total >= OWN_SHARE_FOR_EXHAUSTION
  )
    alternatives.push('exhaustion');
  return { layer: decision.layer, explanation, alternatives, blocker: null, ownShare };
}

function ownSpikeReading(gapMs: number | null, lastSecond: number, rate: number): TrueExplanation {
  return lastSecond > rate || (gapMs !== null && gapMs < 1000 / rate) ? 'above-nominal' : 'smoothing';
}
