// Errors a user can act on: a closed set of codes, each worded once, with a hint that says what to do.

/** Every code a run can stop with (exit 2), with what it means: the README's error table is this list. */
export const ERROR_CATALOGUE = {
  USAGE_UNKNOWN_OPTION: 'an option the command does not know',
  USAGE_MISSING_ARGUMENT: 'a command without its files, or an option without its value',
  USAGE_UNKNOWN_COMMAND: 'a command keap-throttle does not have',
  USAGE_BAD_CHOICE: 'an option value outside its choices (e.g. --format)',
  USAGE_CONFLICT: 'two options that cannot go together (--profile with --policy, --format table with --json)',
  USAGE_OPTION_NOT_USED: 'an option the command would ignore (e.g. --fail-on on simulate)',
  BAD_OPTION: 'an option value that cannot be read (a duration, a number, a --fail-on reason)',
  BAD_TIMEZONE: 'a --tz that is neither an IANA zone nor an offset',
  INPUT_NOT_FOUND: 'a named file does not exist',
  INPUT_UNREADABLE: 'a file cannot be read (permissions)',
  INPUT_IS_DIRECTORY: 'a directory was named instead of a file',
  INPUT_IS_TTY: '- was given but standard input is a terminal',
  INPUT_EMPTY: 'a file holds no bytes',
  INPUT_FORMAT_UNKNOWN: 'a file is neither CSV, JSON, NDJSON nor HAR',
  INPUT_MALFORMED: 'a file whose row boundaries cannot be trusted (broken JSON, a huge CSV line)',
  NO_TIMESTAMP_COLUMN: 'no column holds the request time',
  NO_STATUS_COLUMN: 'no column holds the HTTP status',
  NO_ROWS: 'a file without a usable row',
  STRICT_SKIPS: '--strict and at least one row was skipped',
  POLICY_NOT_FOUND: 'an unknown --profile, or a --policy file that does not exist',
  POLICY_INVALID: 'a --policy file that is not a valid policy',
  OUTPUT_NOT_WRITABLE: 'the report cannot be written (disk full, closed pipe, --output folder missing)',
} as const;

/** Codes of errors that stop a run (exit 2). */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Where in the input the problem is; printed as `file:line`. */
export interface ErrorLocation {
  readonly file: string;
  readonly line?: number;
}

/** An error meant for the user: printed as one line plus a hint, never with a stack trace. */
export class KeapThrottleError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;
  readonly hint: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { location?: ErrorLocation; hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KeapThrottleError';
    this.code = code;
    this.location = options.location;
    this.hint = options.hint;
  }
}

/** True for errors the CLI reports as user errors (exit 2, no stack). */
export function isKeapThrottleError(error: unknown): error is KeapThrottleError {
  return error instanceof KeapThrottleError;
}

/** `file:line` (or `file`) for messages. */
export function formatLocation(location: ErrorLocation): string {
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}
