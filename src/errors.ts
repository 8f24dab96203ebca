// Errors a user can act on: a closed set of codes, each worded once, with a hint that says what to do.

/** Codes of errors that stop a run (exit 2). */
export type ErrorCode =
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'INPUT_IS_DIRECTORY'
  | 'INPUT_IS_TTY'
  | 'INPUT_EMPTY'
  | 'INPUT_FORMAT_UNKNOWN'
  | 'INPUT_MALFORMED'
  | 'NO_TIMESTAMP_COLUMN'
  | 'NO_STATUS_COLUMN'
  | 'NO_ROWS'
  | 'STRICT_SKIPS'
  | 'BAD_TIMEZONE'
  | 'BAD_OPTION'
  | 'POLICY_NOT_FOUND'
  | 'POLICY_INVALID'
  | 'OUTPUT_NOT_WRITABLE';

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
