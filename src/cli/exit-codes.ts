/** Process exit codes, after ESLint and knip. */
export const ExitCode = {
  /** Ran to completion; nothing to fail on. */
  Ok: 0,
  /** Ran to completion and found what the user asked to fail on. */
  Findings: 1,
  /** Could not complete: bad flags, unreadable or unusable input, or an internal error. */
  Failure: 2,
} as const;

/** One of the exit codes above. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Exit code for a finished analysis: Findings when a throttled response matches a `--fail-on` reason. */
export function exitCodeFor(
  byExplanation: Readonly<Record<string, number>>,
  throttled: number,
  failOn: readonly string[],
): ExitCodeValue {
  if (failOn.includes('any') && throttled > 0) return ExitCode.Findings;
  return failOn.some((reason) => (byExplanation[reason] ?? 0) > 0) ? ExitCode.Findings : ExitCode.Ok;
}
