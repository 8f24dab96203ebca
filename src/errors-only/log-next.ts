import type { ClientLanguage, FaultSummary, LogNextCode } from './errors-only-report.js';

/** What the log lacked, as seen over all its responses. */
export interface LogGaps {
  readonly applies: boolean;
  readonly anyCounters: boolean;
  readonly anyKey: boolean;
  readonly wholeSecondTimes: boolean;
  readonly zoneGiven: boolean;
  readonly throttledWithoutBody: number;
  readonly throttledWithoutPath: number;
}

/** What to log next, most useful first. */
export function logNextOf(gaps: LogGaps, faults: FaultSummary): LogNextCode[] {
  const next: LogNextCode[] = [];
  if (gaps.applies) next.push('log-every-response');
  if (!gaps.anyCounters) next.push('log-limit-headers');
  if (faults.truncated > 0 || gaps.throttledWithoutBody > 0) next.push('log-full-body');
  if (gaps.wholeSecondTimes) next.push('log-milliseconds');
  if (gaps.zoneGiven) next.push('log-zone');
  if (!gaps.anyKey) next.push('log-key');
  if (gaps.throttledWithoutPath > 0) next.push('log-request');
  return next;
}

// Formats a language's own logging produced; the other formats say nothing about the client.
const LANGUAGE_OF_FORMAT: Record<string, ClientLanguage> = {
  'php-log': 'php',
  'python-log': 'python',
  'http-dump': 'shell',
};

/** The language of the first input whose format names one. */
export function languageOf(formats: readonly string[]): ClientLanguage | null {
  for (const format of formats) {
    const language = LANGUAGE_OF_FORMAT[format];
    if (language) return language;
  }
  return null;
}
