import { KeapThrottleError } from '../errors.js';

/** A listen failure a user can fix (port taken, no permission) as a BAD_OPTION error; anything else unchanged. */
export function listenError(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE')
    return new KeapThrottleError('BAD_OPTION', `--port ${port}: the port is already in use on 127.0.0.1`, {
      hint: 'pick another port, or --port 0 for any free one',
    });
  if (code === 'EACCES')
    return new KeapThrottleError('BAD_OPTION', `--port ${port}: not allowed to listen on this port`, {
      hint: 'use a port above 1023, or --port 0 for any free one',
    });
  return error;
}
