// A 429's record is copied and changed field by field, never by spread or Object.assign: on these records those fell off
// V8's fast path and left kilobytes of old-space garbage per 429, most of the heap's growth on a large log.
import type { Attribution, ExplainedAttribution, ExplanationVerdict, LayerVerdict } from './attribution-types.js';

/** An explained record still being filled in by the review and the explanation. */
export type ExplainedDraft = { -readonly [K in keyof ExplainedAttribution]: ExplainedAttribution[K] };

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
