// The CLI in-process: main(argv, io) with standard streams that collect what is written.
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

function collector(): Writable & { text: () => string; isTTY: boolean } {
  const parts: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      parts.push(chunk.toString());
      done();
    },
  }) as Writable & { text: () => string; isTTY: boolean };
  stream.text = () => parts.join('');
  stream.isTTY = false;
  return stream;
}

/** Runs `keap-throttle <args> -` in-process on `bytes` as standard input. */
export async function runMain(args: readonly string[], bytes: Buffer) {
  const stdout = collector();
  const stderr = collector();
  const stdin = Object.assign(Readable.from([bytes]), { isTTY: false });
  const code = await main([...args, '-'], { stdout, stderr, stdin, env: {} });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
