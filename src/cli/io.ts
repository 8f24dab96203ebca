import type { Readable, Writable } from 'node:stream';

/** The outside world the CLI touches, passed in so tests can run it in-process. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean; columns?: number };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly stdin: Readable & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}
