import type { Writable } from 'node:stream';
import { KeapThrottleError } from '../errors.js';

/** Writes text and waits until it is flushed; a reader that went away (EPIPE) is not an error, a full disk is. */
export async function writeOut(stream: Writable, text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const settle = (error: NodeJS.ErrnoException | null | undefined) => {
      stream.off('error', settle);
      if (!error || error.code === 'EPIPE') resolve();
      else reject(notWritable(error));
    };
    stream.once('error', settle);
    stream.write(text, settle);
  });
}

/** The one-line error for standard output that cannot take the report (`> /dev/full`, a closed descriptor). */
export function notWritable(error: NodeJS.ErrnoException): KeapThrottleError {
  return new KeapThrottleError('OUTPUT_NOT_WRITABLE', `standard output cannot be written (${error.code ?? 'error'})`, {
    hint: 'check the disk space and the file or pipe the report goes to',
    cause: error,
  });
}
