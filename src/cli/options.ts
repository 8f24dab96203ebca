import { Option } from 'commander';
import type { OutputFormat } from '../render/format.js';
import { OUTPUT_FORMATS } from '../render/format.js';

/** What `--fail-on` accepts: any throttled response, or one of the verdict's explanations. */
export const FAIL_ON_CHOICES = [
  'any',
  'above-nominal',
  'smoothing',
  'other-consumers',
  'exhaustion',
  'unexplained',
] as const;

/** Options every analysing command shares, declared once. */
export function sharedOptions(): Option[] {
  return [
    new Option('-f, --format <format>', 'output format')
      .choices(OUTPUT_FORMATS)
      .default('table' satisfies OutputFormat),
    new Option('--json', 'shorthand for --format json').implies({ format: 'json' }),
    new Option(
      '--tz <zone>',
      'zone for timestamps written without one (IANA name like America/Chicago, UTC, or +02:00)',
    ),
    new Option(
      '--profile <id>',
      'credential profile to assume instead of inferring it from the headers (see README "Profiles")',
    ),
    new Option('--policy <file>', 'JSON policy file with your own limits (see README "Policy files")').conflicts(
      'profile',
    ),
    new Option('--status <code>', 'HTTP status for rows that carry none (429 for a list of throttled times)'),
    new Option('--strict', 'fail (exit 2) when any row is skipped'),
    new Option(
      '--fail-on <reasons>',
      `exit 1 when a 429 has one of these explanations (comma-separated: ${FAIL_ON_CHOICES.join(', ')})`,
    ),
    new Option('--color', 'force colour'),
    new Option('--no-color', 'no colour (also NO_COLOR=1)'),
    new Option('--debug', 'show stack traces for internal errors'),
  ];
}

/** Parsed values of the shared options. */
export interface SharedOptionValues {
  readonly format: OutputFormat;
  readonly tz?: string;
  readonly profile?: string;
  readonly policy?: string;
  readonly status?: string;
  readonly strict?: boolean;
  readonly failOn?: string;
  readonly color?: boolean;
  readonly debug?: boolean;
}

/** `analyze --emit-pacer <file>`: the createPacer() options this log supports, as JSON. */
export function emitPacerOption(): Option {
  return new Option('--emit-pacer <file>', 'also write the createPacer() options this log supports to a JSON file');
}
