import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { createProgress } from '../../src/cli/progress.js';

function io(isTTY: boolean, env: Record<string, string> = {}): { io: CliIo; written: () => string } {
  const stderr = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { io: { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env }, written: () => text };
}

describe('createProgress', () => {
  it('counts rows on a terminal and clears the line when done', async () => {
    const fake = io(true);
    const progress = createProgress(fake.io, 'table');
    progress?.update(50_000);
    progress?.update(100_000);
    progress?.done();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.written()).toBe('\rkeap-throttle: 50,000 rows read…\rkeap-throttle: 100,000 rows read…\r\u001b[K');
  });

  it.each([
    [false, {}, 'table'],
    [true, { CI: 'true' }, 'table'],
    [true, {}, 'json'],
  ] as const)('stays silent (tty %s, env %j, format %s)', (isTTY, env, format) => {
    expect(createProgress(io(isTTY, env).io, format)).toBeNull();
  });
});
