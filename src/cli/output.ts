import type { Writable } from 'node:stream';

/** Writes text and waits until it is flushed; a reader that went away (EPIPE) is not an error. */
export async function writeOut(stream: Writable, text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? resolve() : reject(error));
    stream.once('error', onError);
    stream.write(text, (error) => {
      stream.off('error', onError);
      if (error && (error as NodeJS.ErrnoException).code !== 'EPIPE') reject(error);
      else resolve();
    });
  });
}
