import type { RecordStoreFactory } from './attribute/record-store.js';
import type { SpikeFitterFactory } from './spike/index.js';
import { createThrottleAnalysis } from './attribute/throttle-analysis.js';
import { createErrorsOnlyAnalysis } from './errors-only/index.js';
import { KeapThrottleError } from './errors.js';
import { createThrottledDetails } from './details/throttled-details.js';
import { createLedger } from './ledger/index.js';
import type { ZoneSpec } from './normalise/time-zone.js';
import { describeZoneHint } from './normalise/zone-hint.js';
import { createProfileDetector, type ProfileChoice } from './policy/infer-profile.js';
import type { Report } from './report.js';
import { createSeries } from './series/index.js';
import { createInputTally, type InputSummary } from './summary/input-tally.js';
import type { TimelineItem } from './timeline/timeline-item.js';
import { timelineBatches, type AnalysisInput } from './timeline/timeline-of.js';
import type { Profile, RequestEvent } from './types.js';

export type { AnalysisInput } from './timeline/timeline-of.js';

/** What the user chose; everything else is inferred from the log. */
export interface AnalyzeOptions {
  /** Zone for zone-less timestamps (`--tz`); null makes them skipped rows. */
  readonly zone?: ZoneSpec | null;
  /** Status for rows that carry none (`--status 429`: a list of throttled times). */
  readonly status?: number | null;
  /** A profile forced by `--profile`/`--policy`; otherwise inferred from headers. */
  readonly profile?: Profile | null;
  /** Called with the rows read so far, every PROGRESS_EVERY rows (for a progress line on a terminal). */
  readonly onProgress?: (rowsRead: number) => void;
  /**
   * Where the per-429 records wait (default: in memory). The CLI passes a spool file (`fileStores()`), so memory does
   * not grow with the 429s; call `report.throttling.attributions.close()` when done with the report.
   */
  readonly stores?: RecordStoreFactory;
  /** Makes the SpikeArrest fitter (default: in-process); the CLI counts its bins on a worker thread (`workerFitters`). */
  readonly fitters?: SpikeFitterFactory;
}

const PROGRESS_EVERY = 50_000;

/** Reads, normalises and merges every input by time, and returns the report. Throws KeapThrottleError for unusable input. */
export async function analyze(inputs: readonly AnalysisInput[], options: AnalyzeOptions = {}): Promise<Report> {
  const tally = createInputTally();
  const detector = createProfileDetector();
  for (const input of inputs) tally.addFile(input.name, input.format);
  const errorsOnly = createErrorsOnlyAnalysis({
    zone: options.zone ?? null,
    formats: inputs.map((input) => input.format),
  });

  // The profile decides how the later stages count, so events wait until the headers have named it.
  const waiting: RequestEvent[] = [];
  // Decided once: the ledger and the attribution must count with the profile the report names.
  let decided: ProfileChoice | null = options.profile ? chooseProfile(options.profile, detector.result()) : null;
  let stages: Stages | null = decided ? createStages(decided, options) : null;
  const feed = (event: RequestEvent, into: Stages) => {
    const point = into.ledger.observe(event);
    into.throttle.observe(event, point);
    into.series.observe(event, point);
    into.details.observe(event, point);
  };
  let rowsRead = 0;
  for await (const batch of timelineBatches(inputs, options.zone ?? null, options.status ?? null)) {
    // Indexed, not for-of: this loop runs for every row (an iterator result each step, in an async body).
    for (let index = 0; index < batch.length; index++) {
      const item = batch[index] as TimelineItem;
      if (item.kind === 'note') {
        tally.addNote(item.note);
        continue;
      }
      if (options.onProgress && ++rowsRead % PROGRESS_EVERY === 0) options.onProgress(rowsRead);
      if (item.kind === 'skip') {
        tally.addSkip(item.skip);
        continue;
      }
      if (item.kind === 'aside') {
        tally.addAside(item.aside);
        continue;
      }
      tally.addEvent(item.event);
      errorsOnly.observe(item.event);
      detector.observe(item.event);
      if (stages) {
        feed(item.event, stages);
        continue;
      }
      waiting.push(item.event);
      if (detector.decided || waiting.length >= MAX_WAITING_FOR_PROFILE) {
        decided = detector.result();
        stages = createStages(decided, options);
        for (const event of waiting.splice(0)) feed(event, stages);
      }
    }
  }
  decided ??= detector.result();
  stages ??= createStages(decided, options);
  for (const event of waiting.splice(0)) feed(event, stages);
  const input = tally.result();
  assertUsable(input);
  // The evidence covers the whole log, even when the choice was made before (or on the first of) its responses.
  const profile: ProfileChoice = options.profile
    ? chooseProfile(options.profile, detector.result())
    : { ...decided, evidence: detector.result().evidence };
  const ledger = stages.ledger.finish();
  const { series } = stages;
  // The charts count each 429's layer as it is explained: the list is not read again for them.
  const throttling = stages.throttle.finish(ledger, (attribution) => series.countVerdict(attribution));
  return {
    schemaVersion: 1,
    run: null,
    input,
    profile,
    ledger,
    throttling,
    series: series.finish(),
    details: stages.details.finish(),
    errorsOnly: errorsOnly.finish(profile.profile),
  };
}

// Bounded: a log without limit headers must not be held in memory while waiting for them.
const MAX_WAITING_FOR_PROFILE = 5000;

interface Stages {
  readonly ledger: ReturnType<typeof createLedger>;
  readonly throttle: ReturnType<typeof createThrottleAnalysis>;
  readonly series: ReturnType<typeof createSeries>;
  readonly details: ReturnType<typeof createThrottledDetails>;
}

function createStages(choice: ProfileChoice, options: AnalyzeOptions): Stages {
  const competingRates = choice.alsoMatching.flatMap((profile) =>
    profile.spikePerSecond === null ? [] : [profile.spikePerSecond],
  );
  return {
    ledger: createLedger({ profile: choice.profile }),
    throttle: createThrottleAnalysis({
      profile: choice.profile,
      competingRates,
      ...(options.stores && { stores: options.stores }),
      ...(options.fitters && { fitters: options.fitters }),
    }),
    series: createSeries({ spikePerSecond: choice.profile?.spikePerSecond ?? null }),
    details: createThrottledDetails(),
  };
}

function chooseProfile(forced: Profile | null | undefined, inferred: ProfileChoice): ProfileChoice {
  if (!forced) return inferred;
  return {
    profile: forced,
    basis: 'user',
    confidence: 'high',
    evidence: [{ code: 'CHOSEN_BY_USER' }, ...inferred.evidence],
    alsoMatching: [],
  };
}

// A file whose every row lacks the same essential field has a missing column, not bad rows.
function assertUsable(summary: InputSummary): void {
  for (const file of summary.files) {
    if (file.rows === 0) {
      throw new KeapThrottleError('NO_ROWS', 'has no data rows', {
        location: { file: file.name },
        hint: 'the file holds only a header (or nothing to read)',
      });
    }
    if (file.used > 0) continue;
    if (file.skipped === 0) {
      throw new KeapThrottleError('NO_ROWS', `none of ${file.rows} log entries is a Keap API call`, {
        location: { file: file.name },
        hint: 'log each Keap response (status, URL, headers); see README "What to log"',
      });
    }
    const only = (code: keyof typeof file.skippedByCode) => file.skippedByCode[code] === file.skipped;
    if (only('NO_TIMESTAMP')) {
      throw new KeapThrottleError(
        'NO_TIMESTAMP_COLUMN',
        'no time column (ts, timestamp, time, datetime, logged_at, …) and no date header',
        {
          location: { file: file.name, line: 1 },
          hint: 'add a column with the request time in ISO-8601 UTC, e.g. 2026-03-02T21:47:13.120Z',
        },
      );
    }
    if (only('NO_STATUS')) {
      throw new KeapThrottleError('NO_STATUS_COLUMN', 'no HTTP status column (status, status_code, http_status, …)', {
        location: { file: file.name, line: 1 },
        hint:
          file.format === 'times'
            ? 'if these are the times of throttled responses, pass --status 429'
            : 'log the response status code in a column named status (or pass --status 429 for a list of 429s)',
      });
    }
    const hint = summary.zoneHint;
    if (only('TIMESTAMP_WITHOUT_ZONE') && hint && hint.rows * 2 > hint.rowsWithHint) {
      const first = summary.skipped.find((group) => group.code === 'TIMESTAMP_WITHOUT_ZONE')?.examples[0];
      const { relation, suggestion } = describeZoneHint(hint);
      throw new KeapThrottleError('NO_ROWS', 'the times have no zone, and keap-throttle never guesses one', {
        location: { file: file.name, ...(first && { line: first.line }) },
        hint: `${hint.rows} of ${file.skipped} rows are ${relation}: ${suggestion}?`,
      });
    }
    // Every row skipped: nothing to analyse, so say why the first one was.
    const first = summary.skipped.flatMap((group) => group.examples).find((example) => example.file === file.name);
    throw new KeapThrottleError('NO_ROWS', `none of ${file.rows} rows is usable: ${first?.detail ?? 'all skipped'}`, {
      location: { file: file.name, ...(first && { line: first.line }) },
      hint: 'fix that for every row, or drop the file from the command',
    });
  }
}
