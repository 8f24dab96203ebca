// The CLI in-process: main(argv, io) with standard streams that collect what is written.
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

/** What one in-process run printed and returned. */
export interface MainResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function collector(
  tty: boolean,
  columns?: number,
): Writable & { text: () => string; isTTY: boolean; columns?: number } {
  const parts: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      parts.push(chunk.toString());
      done();
    },
  }) as Writable & { text: () => string; isTTY: boolean; columns?: number };
  stream.text = () => parts.join('');
  stream.isTTY = tty;
  if (columns !== undefined) stream.columns = columns;
  return stream;
}

/** Runs `keap-throttle <args>` in-process with colour off; stdin holds `stdin` when given. */
export async function runMain(
  args: readonly string[],
  options: { stdin?: string | Buffer; env?: Record<string, string>; tty?: { columns: number } } = {},
): Promise<MainResult> {
  const stdout = collector(Boolean(options.tty), options.tty?.columns);
  const stderr = collector(false);
  const stdin = Object.assign(Readable.from([Buffer.from(options.stdin ?? '')]), { isTTY: false });
  const code = await main(args, { stdout, stderr, stdin, env: { NO_COLOR: '1', ...options.env } });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
