// A 429's record is copied and changed field by field, never by spread or Object.assign: on these records those fell off
// V8's fast path and left kilobytes of old-space garbage per 429, most of the heap's growth on a large log. It is booked
// by a constructor, not a literal: V8 tenured the literal's allocation site, and every record went straight to the old space.
import type { LedgerPoint, PerCounterLayer } from '../ledger/index.js';
import type { Mutable, RequestEvent } from '../types.js';
import type { Attribution, ExplainedAttribution, ExplanationVerdict, LayerVerdict } from './attribution-types.js';

/** Where the SpikeArrest model places a 429 when it is booked: its time, and the gaps back to the key's own requests. */
export interface FitPlace {
  readonly acceptedGapsMs: readonly number[];
  readonly passedGapsMs: readonly number[];
  readonly fitTs: number;
  readonly timeResolutionMs: number;
  readonly timeSpreadSteady: boolean;
  readonly fitGapMs: number | null;
  readonly foreignPerSecond: number | null;
}

/** Others' requests per counter layer at a 429, as the ledger estimated them. */
class ForeignRequests implements PerCounterLayer<number | null> {
  readonly 'product-minute': number | null;
  readonly 'product-day': number | null;
  readonly 'tenant-minute': number | null;
  readonly 'tenant-day': number | null;
  constructor(foreign: LedgerPoint['foreign']) {
    this['product-minute'] = foreign['product-minute'].requests;
    this['product-day'] = foreign['product-day'].requests;
    this['tenant-minute'] = foreign['tenant-minute'].requests;
    this['tenant-day'] = foreign['tenant-day'].requests;
  }
}

// Until the review gives each record its own at the end of the log; only ever read, so one serves every record.
const NO_HOLD_WEIGHTS: readonly number[] = [];

/** A booked record's fields: those of Attribution, set once by the constructor. */
type BookedFields = Mutable<Attribution>;

// The class takes its fields from Attribution by declaration merging; the record test checks the constructor sets each.
export interface BookedAttribution extends BookedFields {}

/** A 429's record as booked while the log streams: its layer verdict, the event, the ledger's view and the fit's place. */
export class BookedAttribution {
  constructor(verdict: LayerVerdict, event: RequestEvent, point: LedgerPoint, place: FitPlace) {
    this.layer = verdict.layer;
    this.confidence = verdict.confidence;
    this.basis = verdict.basis;
    this.evidence = verdict.evidence;
    this.neighbours = verdict.neighbours;
    this.left = verdict.left;
    this.faultRate = verdict.faultRate;
    this.source = event.source;
    this.ts = event.ts;
    this.status = event.status;
    this.keyId = event.keyId;
    this.method = event.method;
    this.path = event.path;
    this.own = point.own;
    this.foreign = new ForeignRequests(point.foreign);
    this.limits = point.limits;
    this.lastUsed = point.lastUsed;
    // Every 429 keeps them: a quota 429 may turn out to be SpikeArrest's (reviewLayer).
    this.acceptedGapsMs = place.acceptedGapsMs;
    this.passedGapsMs = place.passedGapsMs;
    this.fitTs = place.fitTs;
    this.timeResolutionMs = place.timeResolutionMs;
    this.timeSpreadSteady = place.timeSpreadSteady;
    this.fitGapMs = place.fitGapMs;
    this.holdWeights = NO_HOLD_WEIGHTS;
    this.foreignPerSecond = place.foreignPerSecond;
  }
}

/** An explained record still being filled in by the review and the explanation. */
export type ExplainedDraft = Mutable<ExplainedAttribution>;

// Stands in until decideExplanation answers, so the record has its final shape from the start.
const PENDING: ExplanationVerdict = {
  explanation: 'unexplained',
  confidence: 'low',
  probabilities: null,
  ambiguous: false,
  evidence: [],
};

/** A fresh copy of a booked record with the review's hold weights (the booked one reads the same next time). */
export function draftOf(booked: Attribution, holdWeights: readonly number[]): ExplainedDraft {
  return {
    layer: booked.layer,
    confidence: booked.confidence,
    basis: booked.basis,
    evidence: booked.evidence,
    neighbours: booked.neighbours,
    left: booked.left,
    faultRate: booked.faultRate,
    source: booked.source,
    ts: booked.ts,
    status: booked.status,
    keyId: booked.keyId,
    method: booked.method,
    path: booked.path,
    own: booked.own,
    foreign: booked.foreign,
    limits: booked.limits,
    lastUsed: booked.lastUsed,
    acceptedGapsMs: booked.acceptedGapsMs,
    passedGapsMs: booked.passedGapsMs,
    fitTs: booked.fitTs,
    timeResolutionMs: booked.timeResolutionMs,
    timeSpreadSteady: booked.timeSpreadSteady,
    fitGapMs: booked.fitGapMs,
    holdWeights,
    foreignPerSecond: booked.foreignPerSecond,
    explanation: PENDING.explanation,
    why: PENDING,
  };
}

/** The review's layer verdict in place of the booked one. */
export function setLayerVerdict(draft: ExplainedDraft, verdict: LayerVerdict): void {
  draft.layer = verdict.layer;
  draft.confidence = verdict.confidence;
  draft.basis = verdict.basis;
  draft.evidence = verdict.evidence;
  draft.neighbours = verdict.neighbours;
  draft.left = verdict.left;
  draft.faultRate = verdict.faultRate;
}

/** The explanation decided for the record. */
export function setExplanation(draft: ExplainedDraft, why: ExplanationVerdict): ExplainedAttribution {
  draft.explanation = why.explanation;
  draft.why = why;
  return draft;
}
