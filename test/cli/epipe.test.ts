import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/run-bin.js';

describe('a reader that goes away', () => {
  it('ends quietly with exit 0 when stdout is closed early (… | head)', async () => {
    const child = spawn(
      process.execPath,
      [
        'bin/keap-throttle.js',
        'analyze',
        'fixtures/logs/legacy-spike-cdt-thread88137.csv',
        '--tz',
        'America/Chicago',
        '--json',
      ],
      { cwd: root, env: { PATH: process.env['PATH'] ?? '' } },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
