import { isThrottled } from '../normalise/throttled.js';
import type { ZoneSpec } from '../normalise/time-zone.js';
import type { Profile, RequestEvent } from '../types.js';
import { createClusterCounter } from './clusters.js';
import { createEndpointCounter } from './endpoints.js';
import type { ErrorsOnlyReport } from './errors-only-report.js';
import { createFaultCounter } from './faults.js';
import { findingsOf } from './findings.js';
import { languageOf, logNextOf } from './log-next.js';
import { createMidnightCounter } from './midnight.js';

/** What the stage needs besides the events. */
export interface ErrorsOnlyOptions {
  /** The --tz zone, for hours on the log's own clock; also says the log's times had no zone. */
  readonly zone: ZoneSpec | null;
  /** Each input's format (php-log, python-log, …), for the language of the logging snippet. */
  readonly formats: readonly string[];
}

/** Streams time-ordered events into what the throttled responses alone can tell; constant memory. */
export function createErrorsOnlyAnalysis(options: ErrorsOnlyOptions) {
  const clusters = createClusterCounter(options.zone);
  const midnight = createMidnightCounter();
  const endpoints = createEndpointCounter();
  const faults = createFaultCounter();
  let throttled = 0;
  let successes = 0;
  let anyCounters = false;
  let anyKey = false;
  let wholeSecondTimes = true;
  let throttledWithoutBody = 0;
  let throttledWithoutPath = 0;
  return {
    observe(event: RequestEvent): void {
      if (event.status < 400) successes++;
      if (event.counters.generation !== 'none') anyCounters = true;
      if (event.keyId !== null) anyKey = true;
      if (event.ts % 1000 !== 0) wholeSecondTimes = false;
      if (!isThrottled(event)) return;
      throttled++;
      clusters.observe(event.ts);
      midnight.observe(event.ts);
      endpoints.observe(event.method, event.path);
      faults.observe(event.body);
      if (event.body.kind === 'none') throttledWithoutBody++;
      if (event.path === null) throttledWithoutPath++;
    },
    /** Null when the log holds no throttled response: then there is nothing to tell. `profile` is the report's. */
    finish(profile: Profile | null): ErrorsOnlyReport | null {
      if (throttled === 0) return null;
      const applies = successes === 0;
      const faultSummary = faults.result(profile);
      const clusterSummary = clusters.result();
      const midnightSummary = midnight.result();
      return {
        applies,
        throttled,
        successes,
        faults: faultSummary,
        clusters: clusterSummary,
        utcMidnight: midnightSummary,
        scope: { spike: 'key', minuteAndDay: profile?.counterScope ?? null },
        endpoints: endpoints.result(),
        findings: findingsOf(throttled, faultSummary, clusterSummary, midnightSummary),
        logNext: logNextOf(
          {
            applies,
            anyCounters,
            anyKey,
            wholeSecondTimes,
            zoneGiven: options.zone !== null,
            throttledWithoutBody,
            throttledWithoutPath,
          },
          faultSummary,
        ),
        language: languageOf(options.formats),
      };
    },
  };
}
