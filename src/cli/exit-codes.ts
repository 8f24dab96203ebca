/** Process exit codes, after ESLint and knip. */
export const ExitCode = {
  /** Ran to completion; nothing to fail on. */
  Ok: 0,
  /** Ran to completion and a rule (--fail-on, a check rule) failed. */
  Findings: 1,
  /** Could not complete: bad flags, unreadable or unusable input, or an internal error. */
  Failure: 2,
} as const;

/** One of the exit codes above. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
