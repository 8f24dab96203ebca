import { formatLocation, isKeapThrottleError } from '../errors.js';
import { redactText } from '../normalise/redact.js';

// An internal error's message may carry text from the log; the line stays short and redacted.
const MAX_INTERNAL_MESSAGE = 200;

/** One line for stderr: user errors as `error [CODE]: file:line: problem; hint`, anything else as a bug. */
export function describeError(error: unknown, debug: boolean): string {
  if (isKeapThrottleError(error)) {
    const where = error.location ? `${formatLocation(error.location)}: ` : '';
    const hint = error.hint ? `; ${error.hint}` : '';
    return `keap-throttle: error [${error.code}]: ${where}${error.message}${hint}\n`;
  }
  const raw = error instanceof Error ? error.message : 'unknown error';
  const message = redactText(raw.split('\n')[0] ?? '').slice(0, MAX_INTERNAL_MESSAGE);
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `keap-throttle: internal error [INTERNAL]: ${message}; please report it with the command you ran (--debug shows the stack)${stack}\n`;
}
