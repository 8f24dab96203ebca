// One throttled response as attribute reports it: the layer verdict, its evidence and the ledger's context.
import type { OwnCounts, PerCounterLayer } from '../ledger/index.js';
import type { Confidence, SourceRef } from '../types.js';
import type { ExplanationEvidence, LayerEvidence } from './evidence.js';
import type { AttributionBasis, Explanation, ThrottleLayer } from './vocabulary.js';

export type { Confidence };

/** The rate and processor count a SpikeArrest fault's MessageRate encodes. */
export interface FaultRate {
  readonly rate: number;
  readonly unit: 'second' | 'minute';
  readonly processors: number;
}

/** Which limit fired, how sure, and why: decided once, in decide.ts. */
export interface LayerVerdict {
  readonly layer: ThrottleLayer;
  readonly confidence: Confidence;
  readonly basis: AttributionBasis;
  readonly evidence: readonly LayerEvidence[];
  /** Neighbouring rows consulted. */
  readonly neighbours: readonly SourceRef[];
  /** What the server said was left per layer, on this response or its neighbours (null when not reported). */
  readonly left: PerCounterLayer<number | null>;
  readonly faultRate: FaultRate | null;
}

/** A throttled response with its layer verdict and the context the explanation needs. */
export interface Attribution extends LayerVerdict {
  readonly source: SourceRef;
  readonly ts: number;
  readonly status: number;
  readonly keyId: string | null;
  /** Request method and path (credentials redacted), to see which endpoints were throttled. */
  readonly method: string | null;
  readonly path: string | null;
  /** The ledger's own counts at this response. */
  readonly own: OwnCounts;
  /** Others' requests in each layer's window as the ledger estimated them then (null when unknown). */
  readonly foreign: PerCounterLayer<number | null>;
  /** The limit in force per layer then. */
  readonly limits: PerCounterLayer<number | null>;
  /** The server's latest `used` per layer then (this response's or an earlier one's). */
  readonly lastUsed: PerCounterLayer<number | null>;
  /** Spike 429s: gaps (ms, ascending) to the key's own earlier accepted requests that can still hold a processor. */
  readonly acceptedGapsMs: readonly number[];
  /** Of those, the gaps to quota 429s (which held a processor only if SpikeArrest had passed them). */
  readonly passedGapsMs: readonly number[];
  /** The time the model judges it at (epoch ms): the logged time, or in a whole-second log its place spread within the second. */
  readonly fitTs: number;
  /** How far that time may be from the true one (1 ms, or a second's share in a whole-second log). */
  readonly timeResolutionMs: number;
  /** Whole-second log: the key's rows run on through the seconds either side, so their spread times err together. */
  readonly timeSpreadSteady: boolean;
  /** Gap (ms) to the key's previous request at the model's times; null for the first. */
  readonly fitGapMs: number | null;
  /** Beside acceptedGapsMs: the chance each of those requests held a processor (1 for accepted ones). */
  readonly holdWeights: readonly number[];
  /** Others' requests per second on the key's buckets by the counters then; null when no counter said. */
  readonly foreignPerSecond: number | null;
}

/** Why it happened, decided once, in decide.ts. */
export interface ExplanationVerdict {
  readonly explanation: Explanation;
  readonly confidence: Confidence;
  /** Spike 429s explained from the model: the probability of each cause (sum 1); null otherwise. */
  readonly probabilities: {
    readonly aboveNominal: number;
    readonly smoothing: number;
    readonly otherConsumers: number;
  } | null;
  /** Two readings are about equally likely: the log cannot tell them apart. */
  readonly ambiguous: boolean;
  readonly evidence: readonly ExplanationEvidence[];
}

/** One attributed and explained throttled response, as reported. */
export interface ExplainedAttribution extends Attribution {
  readonly explanation: Explanation;
  readonly why: ExplanationVerdict;
}
