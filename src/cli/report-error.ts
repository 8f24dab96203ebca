import { formatLocation, isKeapThrottleError } from '../errors.js';

/** One line for stderr: user errors as `error: file:line: problem (hint)`, anything else as a bug. */
export function describeError(error: unknown, debug: boolean): string {
  if (isKeapThrottleError(error)) {
    const where = error.location ? `${formatLocation(error.location)}: ` : '';
    const hint = error.hint ? `; ${error.hint}` : '';
    return `keap-throttle: error: ${where}${error.message}${hint}\n`;
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `keap-throttle: internal error: ${message.split('\n')[0]} (please report it with the command you ran; --debug shows the stack)${stack}\n`;
}
