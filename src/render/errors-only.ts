import type { ClientLanguage, ErrorsOnlyReport, LogNextCode } from '../errors-only/index.js';
import type { Report } from '../report.js';
import type { Style } from './style.js';
import { count, humanDuration } from './time-format.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const BUSIEST_SHOWN = 5;

const LOG_NEXT_WORDS: Record<LogNextCode, string> = {
  'log-every-response': 'every response, successes too (spacing and counters need them)',
  'log-limit-headers': "the x-keap-* response headers (each limit's used/available)",
  'log-full-body': 'the whole 429 body (its MessageRate gives the rate and N)',
  'log-milliseconds': 'times with milliseconds',
  'log-zone': 'times with their UTC offset (ISO-8601 with Z or +hh:mm)',
  'log-key': 'a label for the key that sent each request',
  'log-request': 'the method and URL of each request',
};

// One line per language calling the README's recipe (the same code fixtures:clients runs); generic when unknown.
const SNIPPETS: Record<ClientLanguage | 'any', string> = {
  php: "PHP/Guzzle: $stack->push(keapLogMiddleware('/var/log/keap.ndjson', 'orders-sync'));",
  python: "Python/requests: log_keap_responses(session, 'keap.ndjson', 'contacts-sync')",
  shell: 'curl: keap-curl.sh keap.txt -H "Authorization: Bearer $TOKEN" https://api.infusionsoft.com/crm/rest/v1/…',
  any: 'one line per response with time (ISO-8601 UTC), method, URL, status, every response header and the body',
};

/** What the throttled responses alone tell, for a log without successful responses; '' otherwise. */
export function renderErrorsOnly(report: Report, style: Style): string {
  const errors = report.errorsOnly;
  if (!errors || !errors.applies) return '';
  const out = [
    style.bold(`What ${count(errors.throttled)} throttled response(s) alone can tell (the log has no successful ones)`),
  ];
  out.push(...faultLines(errors, report));
  out.push(...clusterLines(errors));
  // A log without URLs has nothing to say here; "log next" asks for them.
  if (errors.endpoints.some((e) => e.path !== null))
    out.push(
      `  Endpoints: ${errors.endpoints.map((e) => `${e.method ?? ''} ${e.path ?? '(not logged)'} ×${count(e.count)}`.trim()).join(', ')}`,
    );
  if (errors.logNext.length > 0) {
    out.push(`  Log next: ${errors.logNext.map((code) => LOG_NEXT_WORDS[code]).join('; ')}.`);
    out.push(`    ${SNIPPETS[errors.language ?? 'any']}`);
    out.push('    (the recipe, and those for Node and curl: README "Minimal logging recipes")');
  }
  return `${out.join('\n')}\n`;
}

function faultLines(errors: ErrorsOnlyReport, report: Report): string[] {
  const lines: string[] = [];
  const { faults, findings, scope } = errors;
  const bodies = faults.bodies.map((b) => `${b.kind} ×${count(b.count)}`).join(', ');
  lines.push(
    findings.includes('throttling-response')
      ? `  Is it throttling? Yes: the bodies (${bodies}) are what Keap's gateway sends when a limit fires, not an outage.`
      : `  Bodies: ${bodies}; none says which limit fired.`,
  );
  if (faults.rate !== null && faults.processorsMin !== null && faults.processorsMax !== null) {
    const n =
      faults.processorsMin === faults.processorsMax
        ? `${faults.processorsMin}`
        : `${faults.processorsMin}–${faults.processorsMax}`;
    const interval = faults.perProcessorIntervalMs;
    const each = interval
      ? `, so each admits one request per ${interval.min === interval.max ? interval.min : `${interval.min}–${interval.max}`} ms`
      : '';
    const readings = faults.spikeRates.map((r) => `N=${r.processors} ×${count(r.count)}`).join(', ');
    const agreement =
      faults.agreesWithProfile === null
        ? ''
        : faults.agreesWithProfile
          ? ` That matches the profile's ${faults.profileRate}/s (${report.profile.profile?.id}).`
          : ` The profile says ${faults.profileRate}/s (${report.profile.profile?.id}): the faults are the live setting.`;
    lines.push(
      `  Current limit, from the faults: ${faults.rate} per ${faults.unit} split over ${n} message processors (${readings})${each}.${agreement}`,
    );
  }
  if (faults.truncated > 0)
    lines.push(
      `  ${count(faults.truncated)} fault(s) were cut off by the client before their MessageRate ended: rate and N unknown there, not guessed.`,
    );
  if (findings.includes('spike-arrest-layer')) {
    const counters =
      scope.minuteAndDay && scope.minuteAndDay !== 'unknown'
        ? `; the minute and day limits are counted per ${scope.minuteAndDay}`
        : '';
    lines.push(
      `  Who shares it: SpikeArrest counts per key, not per server: every server, script or plugin sending with the same key shares it${counters}.`,
    );
  }
  return lines;
}

function clusterLines(errors: ErrorsOnlyReport): string[] {
  const { clusters, utcMidnight } = errors;
  const lines = [
    `  When (UTC): ${busiest(clusters.byHourUtc, (h) => `${String(h).padStart(2, '0')}:00`)}; ${busiest(clusters.byWeekdayUtc, (d) => WEEKDAYS[d] ?? '')}`,
  ];
  if (clusters.local)
    lines.push(
      `  When (${clusters.local.zone}): ${busiest(clusters.local.byHour, (h) => `${String(h).padStart(2, '0')}:00`)}; ${busiest(clusters.local.byWeekday, (d) => WEEKDAYS[d] ?? '')}`,
    );
  const window = humanDuration(clusters.burstWindowMs);
  const closest = clusters.minGapMs === null ? '' : ` (the closest two ${humanDuration(clusters.minGapMs)} apart)`;
  lines.push(
    clusters.bursts === 0
      ? `  Bursts: none; ${count(clusters.isolated)} isolated 429s${closest}: no run of traffic, but two requests on one key inside one processor's interval (yours, or another consumer's of the key).`
      : `  Bursts: ${count(clusters.bursts)} (429s within ${window} of each other, the largest ${count(clusters.largestBurst)}); ${count(clusters.isolated)} isolated${closest}.`,
  );
  const expected = utcMidnight.expectedNearMidnight.toFixed(1);
  lines.push(
    utcMidnight.pattern === 'daily-quota'
      ? `  00:00 UTC: on ${utcMidnight.daysEndingAtMidnight} of ${utcMidnight.daysWithSeveral} days the 429s run up to 00:00 UTC and stop there: the daily quota, reset at 00:00 UTC.`
      : `  00:00 UTC: ${count(utcMidnight.nearMidnight)} of ${count(errors.throttled)} within 15 min of it (${expected} expected by chance): no sign of the daily quota.`,
  );
  return lines;
}

function busiest(counts: readonly number[], label: (index: number) => string): string {
  return counts
    .map((n, index) => ({ n, index }))
    .filter((entry) => entry.n > 0)
    .sort((a, b) => b.n - a.n || a.index - b.index)
    .slice(0, BUSIEST_SHOWN)
    .map((entry) => `${label(entry.index)} ×${count(entry.n)}`)
    .join(', ');
}
