import type { GateResult } from '../gate/rules.js';
import type { ZoneSpec } from '../normalise/time-zone.js';
import { redactText, redactedPath } from '../normalise/redact.js';
import type { CommandName, InputDigest, RunInfo } from '../report.js';
import { version } from '../version.js';

/** How this run was made, for the report: the command line with credentials removed, the inputs' digests. */
export function runInfo(
  command: CommandName,
  argv: readonly string[],
  inputs: readonly InputDigest[],
  zone: ZoneSpec | null,
  gate: GateResult | null,
): RunInfo {
  return {
    command,
    tool: { name: 'keap-throttle', version },
    argv: argv.map(redactArgument),
    inputs,
    zone,
    gate,
  };
}

// A URL pasted as an argument keeps its path only; anything else passes the free-text redactor.
function redactArgument(arg: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return redactedPath(arg);
  return redactText(arg);
}
