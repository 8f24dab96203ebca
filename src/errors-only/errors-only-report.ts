import type { Profile, ResponseBody } from '../types.js';

/** What a log of throttled responses alone can tell (no spacing, no counters): data, worded by src/render/errors-only.ts. */
export interface ErrorsOnlyReport {
  /** True when the log holds no successful response, so the rest of the report has only the errors to go on. */
  readonly applies: boolean;
  readonly throttled: number;
  /** Responses below 400 in the log (0 when `applies`). */
  readonly successes: number;
  readonly faults: FaultSummary;
  readonly clusters: ClusterSummary;
  readonly utcMidnight: MidnightSummary;
  /** Who shares the limits: SpikeArrest counts per key (whoever sends with it); the minute/day counters per the profile. */
  readonly scope: { readonly spike: 'key'; readonly minuteAndDay: Profile['counterScope'] | null };
  /** Throttled requests per endpoint (method and path with ids as `{id}`), most first, at most ENDPOINTS_SHOWN. */
  readonly endpoints: readonly EndpointCount[];
  readonly findings: readonly ErrorsOnlyFinding[];
  /** What to add to the log for a full analysis, most useful first. */
  readonly logNext: readonly LogNextCode[];
  /** The client language the log came from (its format), for a ready logging snippet; null when unknown. */
  readonly language: ClientLanguage | null;
}

/** What the 429 bodies say. */
export interface FaultSummary {
  readonly bodies: readonly { readonly kind: ResponseBody['kind']; readonly count: number }[];
  /** Distinct SpikeArrest readings (rate per unit over N message processors), most frequent first. */
  readonly spikeRates: readonly {
    readonly rate: number;
    readonly unit: 'second' | 'minute';
    readonly processors: number;
    readonly count: number;
  }[];
  /** The rate every readable fault agrees on; null when none is readable or they disagree. */
  readonly rate: number | null;
  readonly unit: 'second' | 'minute' | null;
  readonly processorsMin: number | null;
  readonly processorsMax: number | null;
  /** One processor's interval (N / rate) in ms over the N seen: the spacing two requests need on one key. */
  readonly perProcessorIntervalMs: { readonly min: number; readonly max: number } | null;
  /** SpikeArrest faults whose MessageRate was cut off (Guzzle keeps 120 characters): rate unknown, not guessed. */
  readonly truncated: number;
  /** The profile's spike rate per second and whether the faults agree with it; null when either is unknown. */
  readonly profileRate: number | null;
  readonly agreesWithProfile: boolean | null;
}

/** How the throttled responses fall in time. */
export interface ClusterSummary {
  /** 24 counts, index = hour of the day in UTC. */
  readonly byHourUtc: readonly number[];
  /** 7 counts, index 0 = Sunday, in UTC. */
  readonly byWeekdayUtc: readonly number[];
  /** The same in the zone given with --tz (the log's own clock); null without --tz. */
  readonly local: {
    readonly zone: string;
    readonly byHour: readonly number[];
    readonly byWeekday: readonly number[];
  } | null;
  /** Throttled responses within BURST_WINDOW_MS of the previous one form a burst. */
  readonly burstWindowMs: number;
  readonly bursts: number;
  readonly largestBurst: number;
  /** Throttled responses with no other one within the window on either side. */
  readonly isolated: number;
  readonly minGapMs: number | null;
  /** Gaps between consecutive throttled responses, counted by size. */
  readonly gaps: {
    readonly underSecond: number;
    readonly underMinute: number;
    readonly underHour: number;
    readonly hourOrMore: number;
  };
}

/** Whether the throttled responses gather at 00:00 UTC, where Keap's daily quota resets. */
export interface MidnightSummary {
  /** UTC days with a throttled response. */
  readonly days: number;
  /** Throttled responses within MIDNIGHT_WINDOW_MS of 00:00 UTC, and how many a uniform spread would put there. */
  readonly nearMidnight: number;
  readonly expectedNearMidnight: number;
  /** Days (with two or more) whose 429s run into the last minutes before 00:00 UTC and stop at it. */
  readonly daysEndingAtMidnight: number;
  readonly daysWithSeveral: number;
  readonly pattern: 'daily-quota' | 'none';
}

/** One endpoint with how many throttled responses it got. */
export interface EndpointCount {
  readonly method: string | null;
  readonly path: string | null;
  readonly count: number;
}

/** Answers an errors-only log supports (stable codes). */
export type ErrorsOnlyFinding =
  | 'throttling-response' // the bodies are what Keap's gateway sends when a limit fires (not an outage)
  | 'spike-arrest-layer' // SpikeArrest faults: the per-second layer, counted per key whoever sends
  | 'daily-quota-layer' // quota faults or 429s that stop at 00:00 UTC: the daily quota
  | 'rate-from-fault' // the faults carry the live setting (rate and N)
  | 'isolated-throttling' // 429s far apart: not bursts of traffic, but pairs inside one processor's interval
  | 'bursts' // 429s within seconds of each other: traffic bursts
  | 'no-utc-midnight-pattern'; // nothing gathers at 00:00 UTC: not the daily quota

/** What to log next (stable codes; the renderer gives a snippet per language). */
export type LogNextCode =
  | 'log-every-response' // successes too, so spacing and counters can be rebuilt
  | 'log-limit-headers' // the x-keap-* response headers
  | 'log-full-body' // the whole fault body (Guzzle cuts it at 120 characters)
  | 'log-milliseconds' // times with milliseconds
  | 'log-zone' // times with their UTC offset
  | 'log-key' // which key (a label) sent the request
  | 'log-request'; // method and URL

/** Languages a logging recipe exists for in the README. */
export type ClientLanguage = 'php' | 'python' | 'shell';
