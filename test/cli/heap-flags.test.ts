import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/run-bin.js';

// V8 prints each pretenuring decision under this flag; "=> tenure" is a site switched to old-space allocation.
const TRACE = '--trace-pretenuring-statistics';
const tenured = (output: string): number => output.split('\n').filter((line) => /=> tenure\b/.test(line)).length;
const decisions = (output: string): number => output.split('\n').filter((line) => line.includes('pretenuring:')).length;

// Literals kept alive across scavenges: V8 tenures their allocation site within a few collections.
const keepLiterals = `const kept = []; for (let i = 0; i < 3e6; i++) kept.push({ i }); console.log(kept.length);`;
const run = (code: string) =>
  spawnSync(process.execPath, [TRACE, '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });

describe('the CLI keeps short-lived objects young (allocation-site pretenuring off)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kt-heap-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('turns off the decision V8 otherwise makes for a literal that survives', () => {
    const plain = run(keepLiterals);
    expect(plain.status).toBe(0);
    expect(tenured(plain.stdout)).toBeGreaterThan(0);
    const flagged = run(
      `import { keepShortLivedObjectsYoung } from './dist/cli/heap-flags.js'; keepShortLivedObjectsYoung(); ${keepLiterals}`,
    );
    expect(flagged.status).toBe(0);
    expect(tenured(flagged.stdout)).toBe(0);
  });

  it('runs the CLI without a pretenuring decision, where the same analysis in a bare process makes them', () => {
    const log = join(folder, 'half-429s.csv');
    const made = spawnSync(process.execPath, ['bench/gen-log.mjs', '40000', log, '--seed', '7', '--throttled', '0.5'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(made.status).toBe(0);
    const argv = ['analyze', '--json', '-o', join(folder, 'report.json'), log];
    const cli = spawnSync(process.execPath, [TRACE, 'bin/keap-throttle.js', ...argv], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(decisions(cli.stdout)).toBe(0);
    // main() without the entry module (run.ts) that sets the flag: V8 weighs its sites as usual.
    const bare = run(
      `import { main } from './dist/cli/main.js'; process.exitCode = await main(${JSON.stringify(argv)}, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {} });`,
    );
    expect(bare.status).toBe(0);
    expect(decisions(bare.stdout)).toBeGreaterThan(0);
  });
});
