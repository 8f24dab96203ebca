import { Option } from 'commander';
import { EXPLANATIONS } from '../attribute/vocabulary.js';
import type { OutputFormat } from '../render/format.js';

/** What `--fail-on` lists in its help: any throttled response, or one of the verdict's explanations. */
export const FAIL_ON_CHOICES = ['any', ...EXPLANATIONS] as const;

/** How the log is read: every analysing command takes these. */
export function inputOptions(options: { strict: boolean }): Option[] {
  return [
    new Option(
      '--tz <zone>',
      'zone for timestamps written without one (IANA name like America/Chicago, UTC, or +02:00); times are also shown in it',
    ),
    new Option(
      '--profile <id>',
      'credential profile to assume instead of inferring it from the headers (see README "Profiles")',
    ),
    new Option('--policy <file>', 'JSON policy file with your own limits (see README "Policy files")').conflicts(
      'profile',
    ),
    new Option('--status <code>', 'HTTP status for rows that carry none (429 for a list of throttled times)'),
    ...(options.strict ? [new Option('--strict', 'fail (exit 2) when any row is skipped')] : []),
  ];
}

/** Where and how the report is written. */
export function outputOptions(formats: readonly OutputFormat[], options: { redaction: boolean }): Option[] {
  return [
    new Option('-f, --format <format>', 'output format').choices(formats).default('table' satisfies OutputFormat),
    new Option('--json', 'shorthand for --format json').implies({ format: 'json' }),
    new Option('-o, --output <file>', 'write the report to this file (- for standard output)'),
    ...(options.redaction
      ? [
          new Option('--redact-tenant', 'hide the tenant id (x-keap-tenant-id) in every output'),
          new Option('--redact-urls', 'hide request paths in every output'),
        ]
      : []),
    new Option('--verbose', 'also print the model details a support engineer may want (fit scores, counter models)'),
    new Option('--color', 'force colour'),
    new Option('--no-color', 'no colour (also NO_COLOR=1)'),
    new Option('--debug', 'show stack traces for internal errors'),
  ];
}

/** `--fail-on`, for analyze and check. */
export function failOnOptionDefinition(): Option {
  return new Option(
    '--fail-on <reasons>',
    `exit 1 when a 429 has one of these explanations or layers (comma-separated: ${FAIL_ON_CHOICES.join(', ')}, or a layer such as spike, product-day)`,
  );
}

/** The rules only `check` has. */
export function checkRuleOptions(): Option[] {
  return [
    new Option('--max-429-rate <percent>', 'fail when more than this share of requests were throttled'),
    new Option(
      '--min-headroom <percent>',
      'fail when a minute or day bucket kept less than this share of its limit unused',
    ),
    new Option('--max-unexplained <n>', 'fail when more than n throttled responses are unexplained'),
  ];
}

/** Parsed values of the options; each command registers only the ones it uses. */
export interface SharedOptionValues {
  readonly format: OutputFormat;
  readonly json?: boolean;
  readonly output?: string;
  readonly redactTenant?: boolean;
  readonly redactUrls?: boolean;
  readonly verbose?: boolean;
  readonly tz?: string;
  readonly profile?: string;
  readonly policy?: string;
  readonly status?: string;
  readonly strict?: boolean;
  readonly failOn?: string;
  readonly color?: boolean;
  readonly debug?: boolean;
}

/** Parsed values of the check rules. */
export interface CheckOptionValues extends SharedOptionValues {
  readonly max429Rate?: string;
  readonly minHeadroom?: string;
  readonly maxUnexplained?: string;
}

/** `analyze --emit-pacer <file>`: the createPacer() options this log supports, as JSON. */
export function emitPacerOption(): Option {
  return new Option('--emit-pacer <file>', 'also write the createPacer() options this log supports to a JSON file');
}
