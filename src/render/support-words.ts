// The sentences of the support evidence: the verdict in two sentences and the questions worth asking
// Keap, each made from the codes and numbers the analysis decided (nothing is decided here).
import type { ThrottleReport } from '../attribute/throttle-analysis.js';
import { EXPLANATIONS, THROTTLE_LAYERS, type Explanation, type ThrottleLayer } from '../attribute/vocabulary.js';
import type { GateResult, RuleResult } from '../gate/rules.js';
import type { LedgerReport } from '../ledger/index.js';
import type { ProfileChoice } from '../policy/infer-profile.js';
import { count, shortUtc } from './time-format.js';

/** A key the log does not name, as a person reads it. */
export const NO_KEY_WORDS = '(not logged)';

/** Each limit layer as a person names it. */
export const LAYER_NAMES: Readonly<Record<ThrottleLayer, string>> = {
  spike: 'the per-second SpikeArrest limit',
  'product-minute': 'the per-minute throttle',
  'product-day': 'the daily quota',
  'tenant-minute': 'the tenant minute ceiling',
  'tenant-day': 'the tenant day ceiling',
  'legacy-credit': 'the legacy XML-RPC credit bank',
  unknown: 'a limit the log does not name',
};

const CAUSE_WORDS: Readonly<Record<Explanation, string>> = {
  'above-nominal': 'your own traffic running above the nominal rate',
  smoothing:
    'SpikeArrest smoothing: your requests were slower than the nominal rate but closer than one message processor’s interval',
  'other-consumers': 'other consumers of the same key or bucket (traffic your log does not contain)',
  exhaustion: 'your own traffic using up a minute, day, tenant or credit limit',
  unexplained: 'nothing the log shows',
};

/** The verdict in two sentences: what fired, and why with what to do. */
export function verdictSentences(throttling: ThrottleReport, requests: number): [string, string] {
  const { dataset } = throttling.verdict;
  const total = throttling.throttled;
  if (total === 0) return [`None of the ${count(requests)} responses was throttled.`, 'There is nothing to avoid.'];
  const layers = THROTTLE_LAYERS.filter((layer) => dataset.byLayer[layer] > 0);
  const fired =
    layers.length === 1
      ? `all by ${LAYER_NAMES[layers[0] as ThrottleLayer]}`
      : `by ${layers.map((layer) => `${LAYER_NAMES[layer]} (${count(dataset.byLayer[layer])})`).join(', ')}`;
  const first = `${count(total)} of ${count(requests)} responses were throttled, ${fired}.`;
  const causes = EXPLANATIONS.filter((name) => dataset.byExplanation[name] > 0).sort(
    (a, b) => dataset.byExplanation[b] - dataset.byExplanation[a],
  );
  const main = causes[0] as Explanation;
  const rest = causes.slice(1).map((name) => `${CAUSE_WORDS[name]} (${count(dataset.byExplanation[name])})`);
  const spacing = dataset.advice.minSpacingMs;
  const todo =
    spacing !== null && main !== 'exhaustion' && main !== 'unexplained'
      ? `; keep at least ${spacing} ms between requests of one key, one at a time`
      : '';
  const also = rest.length > 0 ? `, then ${rest.join(', ')}` : '';
  const second = `The likeliest cause is ${CAUSE_WORDS[main]} (${count(dataset.byExplanation[main])} of ${count(total)})${also}${todo}.`;
  return [first, second];
}

/** What the analysis cannot settle and only Keap can answer, one question each. */
export function questionsForKeap(report: {
  readonly profile: ProfileChoice;
  readonly ledger: LedgerReport;
  readonly throttling: ThrottleReport;
  readonly input: { readonly tenants: readonly string[] };
}): string[] {
  const { throttling, ledger, profile } = report;
  const tenant = report.input.tenants.length > 0 ? `tenant ${report.input.tenants.join(', ')}` : 'my tenant';
  const credential = credentialWords(profile);
  const setting = throttling.spike.setting;
  const byLayer = throttling.verdict.dataset.byLayer;
  const byExplanation = throttling.verdict.dataset.byExplanation;
  const questions: string[] = [];
  if (byLayer.spike > 0 && (setting === null || setting.processorsFrom !== 'fault' || !setting.rateIdentified))
    questions.push(
      `Which SpikeArrest rate and how many message processors serve ${credential} traffic on ${tenant}, and is UseEffectiveCount on?`,
    );
  if (setting && !setting.rateIdentified && throttling.throttled > 0) {
    const rates = setting.rateCandidates
      .filter((candidate) => candidate.probability >= 0.05)
      .map((candidate) => `${candidate.rate}/s`);
    if (rates.length > 1) questions.push(`Is the per-second limit for ${credential} ${rates.join(' or ')}?`);
  }
  if (byExplanation['other-consumers'] > 0) {
    const episodes = (['product-day', 'product-minute', 'tenant-day', 'tenant-minute'] as const).flatMap((layer) =>
      ledger.layers[layer].flatMap((group) => group.serverAhead),
    );
    const during =
      episodes.length > 0
        ? ` between ${shortUtc(Math.min(...episodes.map((e) => e.startAfter ?? e.start)))} and ${shortUtc(Math.max(...episodes.map((e) => e.end)))}`
        : '';
    questions.push(
      `Which other keys, integrations or apps sent requests on ${tenant}${during}? The server counted requests this log does not contain.`,
    );
  }
  if (byExplanation.unexplained > 0)
    questions.push(
      `Which policy rejected the ${count(byExplanation.unexplained)} throttled response(s) the log cannot explain (their x-request-id values are listed above)?`,
    );
  if (byLayer['product-day'] + byLayer['tenant-day'] > 0)
    questions.push(`Can the daily quota for ${credential} on ${tenant} be raised, and does it reset at 00:00 UTC?`);
  if (byLayer['product-minute'] + byLayer['tenant-minute'] > 0)
    questions.push(
      `Is the minute throttle for ${credential} a rolling 60 s window or the UTC minute, and which credentials share it?`,
    );
  if (profile.alsoMatching.length > 0)
    questions.push(
      `Which limits apply to this credential today: ${[profile.profile, ...profile.alsoMatching]
        .flatMap((p) => (p ? [p.label] : []))
        .join(' or ')}?`,
    );
  return questions;
}

/** "PAT/SAK" etc. for the questions. */
export function credentialWords(profile: ProfileChoice): string {
  switch (profile.profile?.credential) {
    case 'oauth2':
      return 'OAuth2 (developer app)';
    case 'pat-sak':
      return 'PAT/SAK';
    case 'legacy-key':
      return 'legacy API key';
    default:
      return 'this credential';
  }
}

/** One rule's outcome in words (stderr line and summaries). */
export function ruleWords(result: RuleResult): string {
  switch (result.rule) {
    case 'fail-on':
      return result.reason === 'any'
        ? `--fail-on any: ${count(result.matched)} throttled response(s)`
        : `--fail-on ${result.reason}: ${count(result.matched)} throttled response(s) ${isLayer(result.reason) ? `attributed to ${result.reason}` : `explained as ${result.reason}`}`;
    case 'max-429-rate':
      return `--max-429-rate ${result.thresholdPercent}: ${result.measuredPercent} % of requests throttled (${count(result.throttled)} of ${count(result.requests)})`;
    case 'min-headroom':
      return result.tightest === null
        ? `--min-headroom ${result.thresholdPercent}: no minute or day bucket with a known limit`
        : `--min-headroom ${result.thresholdPercent}: ${result.failingBuckets === 0 ? 'tightest' : `${count(result.failingBuckets)} bucket(s) below, tightest`} ${result.tightest.layer} ${result.tightest.bucket} kept ${result.tightest.percent} % (peak ${count(result.tightest.peak)} of ${count(result.tightest.limit)})`;
    case 'max-unexplained':
      return `--max-unexplained ${result.threshold}: ${count(result.unexplained)} unexplained throttled response(s)`;
  }
}

/** "all 3 rules hold" / "2 of 3 rules failed". */
export function gateWords(gate: GateResult): string {
  const failed = gate.rules.filter((rule) => !rule.passed).length;
  return failed === 0
    ? `all ${gate.rules.length} rule${gate.rules.length === 1 ? '' : 's'} hold`
    : `${failed} of ${gate.rules.length} rule${gate.rules.length === 1 ? '' : 's'} failed`;
}

function isLayer(reason: string): boolean {
  return (THROTTLE_LAYERS as readonly string[]).includes(reason);
}
