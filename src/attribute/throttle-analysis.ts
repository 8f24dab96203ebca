import { createSpikeFitter, type SpikeFitResult } from '../spike/index.js';
import type { Profile, RequestEvent, SourceRef } from '../types.js';
import type { Attribution, ForeignTraffic, OwnTraffic } from './attribution-types.js';
import { createAttributor } from './attributor.js';
import { headroomOf } from './classify.js';
import { explain, type Explanation, type SpikeSetting } from './explain.js';
import { isOtherError, isThrottled } from './is-throttled.js';
import { buildVerdicts, chooseSpikeSetting, type KeyVerdict } from './verdict.js';

// Keap's published spike rates over the years (25/s default, 10/s PAT docs, 5/s SAK staff): fit among them when unknown.
const CANDIDATE_RATES_PER_SECOND = [5, 10, 25];
// Keap's faults show 5–7 processors; room above that lets a fit say when none of those fits.
const CANDIDATE_PROCESSORS = Array.from({ length: 16 }, (_, index) => index + 1);
const EXAMPLES_PER_STATUS = 3;
// Every 429 is kept for the report, but only the first ones with their worded evidence: the rest keep
// their numbers (a few hundred bytes each), so memory grows with 429s far slower than with rows.
const DETAILED_ATTRIBUTIONS = 1000;
const NO_TEXT: readonly never[] = Object.freeze([]);

/** One attributed 429 with its explanation, as reported. */
export interface ExplainedAttribution extends Attribution {
  readonly explanation: Explanation;
}

/** Errors that are not throttling, counted apart. */
export interface OtherErrors {
  readonly status: number;
  readonly count: number;
  readonly examples: readonly SourceRef[];
}

/** What the analysis says about every throttled response. */
export interface ThrottleReport {
  readonly throttled: number;
  /** How many attributions (the first ones in time) carry worded evidence and neighbours; the rest carry the numbers only. */
  readonly detailedAttributions: number;
  /** 1000 when every logged time is a whole second: sub-second spacing is then unknown. */
  readonly timestampResolutionMs: 1 | 1000;
  readonly attributions: readonly ExplainedAttribution[];
  readonly otherErrors: readonly OtherErrors[];
  readonly spike: { readonly setting: SpikeSetting | null; readonly fit: SpikeFitResult | null };
  readonly verdict: { readonly dataset: KeyVerdict; readonly keys: readonly KeyVerdict[] };
}

/** Streams events (with their ledger context) into attributions, a spike-model fit and the verdicts. */
export function createThrottleAnalysis(options: { profile: Profile | null; epsilon?: number }) {
  const epsilon = options.epsilon ?? 3;
  const attributor = createAttributor({ profile: options.profile, epsilon });
  // The profile's rate is a candidate, not a given: Keap's published spike rates disagree (10/s docs, 5/s staff).
  const rates = [
    ...new Set([
      ...(options.profile?.spikePerSecond ? [options.profile.spikePerSecond] : []),
      ...CANDIDATE_RATES_PER_SECOND,
    ]),
  ];
  const fitter = createSpikeFitter({ rates, processors: CANDIDATE_PROCESSORS });
  const attributions: Attribution[] = [];
  const otherErrors = new Map<number, { count: number; examples: SourceRef[] }>();
  let fitted = 0;
  const keep = (attribution: Attribution): void => {
    attributions.push(
      attributions.length < DETAILED_ATTRIBUTIONS
        ? attribution
        : { ...attribution, evidence: NO_TEXT, neighbours: NO_TEXT },
    );
  };
  // Many loggers write whole seconds; sub-second spacing cannot be judged from such a log.
  let wholeSecondTimes = true;

  return {
    observe(event: RequestEvent, own: OwnTraffic, foreign: ForeignTraffic): void {
      if (event.ts % 1000 !== 0) wholeSecondTimes = false;
      for (const attribution of attributor.observe(event, own, foreign)) keep(attribution);
      if (isOtherError(event)) {
        const entry = otherErrors.get(event.status) ?? { count: 0, examples: [] };
        entry.count++;
        if (entry.examples.length < EXAMPLES_PER_STATUS) entry.examples.push(event.source);
        otherErrors.set(event.status, entry);
        return;
      }
      // The spike layer sees every request that got past authentication; a throttled one was rejected
      // there unless its own counters show a minute/day/tenant bucket was empty.
      const outcome = isThrottled(event) && !exhaustedElsewhere(event, epsilon) ? 'rejected' : 'accepted';
      fitter.observe(event.keyId ?? '', event.ts, outcome);
      fitted++;
    },
    /** Final verdicts; `foreignRateAt` and `othersNote` come from the ledger's finished episodes of other consumers. */
    finish(foreignRateAt?: (ts: number) => number, othersNote?: string): ThrottleReport {
      for (const attribution of attributor.finish()) keep(attribution);
      attributions.sort((a, b) => a.ts - b.ts || a.source.line - b.source.line);
      const fit = fitted > 0 ? fitter.result() : null;
      const setting = chooseSpikeSetting(attributions, fit, options.profile);
      // Adding the field in place: a copy of every attribution would double the report's peak memory.
      const context = {
        spike: setting,
        profile: options.profile,
        wholeSecondTimes,
        ...(foreignRateAt && { foreignRateAt }),
        ...(othersNote && { othersNote }),
      };
      const explained = attributions.map((attribution) =>
        Object.assign(attribution, { explanation: explain(attribution, context) }),
      );
      return {
        throttled: attributions.length,
        detailedAttributions: Math.min(attributions.length, DETAILED_ATTRIBUTIONS),
        attributions: explained,
        otherErrors: [...otherErrors]
          .map(([status, entry]) => ({ status, ...entry }))
          .sort((a, b) => a.status - b.status),
        spike: { setting, fit },
        timestampResolutionMs: wholeSecondTimes ? 1000 : 1,
        verdict: buildVerdicts(attributions, context),
      };
    },
  };
}

function exhaustedElsewhere(event: RequestEvent, epsilon: number): boolean {
  if (event.body.kind === 'quota-violation' || event.body.kind === 'xmlrpc-throttle') return true;
  return Object.values(headroomOf(event.counters)).some((left) => left !== null && left <= epsilon);
}
