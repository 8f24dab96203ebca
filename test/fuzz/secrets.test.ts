import { spawn } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/run-bin.js';
import { leakedSecrets } from '../helpers/secrets.js';
import { countTried, params, runs } from './config.js';
import { runMain } from './cli-run.js';
import { runLibrary } from './pipeline.js';
import { secretLogArb, type SecretLog } from './secret-logs.js';

// No planted secret, nor any 8 characters of one, in any output: JSON and table from the library (skip
// details included), and stdout and stderr of the CLI, in-process through main(argv, io) and as a real process.

function expectNoLeak(text: string, log: SecretLog): void {
  const leaked = leakedSecrets(text, log.secrets);
  if (leaked.length > 0) {
    const at = text.indexOf(leaked[0]?.slice(0, 8) ?? '');
    throw new Error(`secret leaked (${log.format}): …${text.slice(Math.max(0, at - 120), at + 40)}…`);
  }
}

describe('fuzz: planted secrets never reach an output', () => {
  it('library: renderJson, renderTable and skip details', async () => {
    await fc.assert(
      fc.asyncProperty(secretLogArb, async (log) => {
        countTried('library planted secrets');
        const outcome = await runLibrary(log.bytes, '');
        if (outcome.kind === 'report') {
          expect(outcome.report.input.rows.read).toBe(log.rows);
          expectNoLeak(outcome.outputs, log);
        } else expectNoLeak(outcome.line, log);
      }),
      params(runs(60)),
    );
  });

  it('CLI in-process: main(argv, io), table and --json, with --strict', async () => {
    await fc.assert(
      fc.asyncProperty(secretLogArb, fc.constantFrom('table', 'json'), fc.boolean(), async (log, format, strict) => {
        countTried('CLI in-process planted secrets');
        const result = await runMain(['analyze', '--format', format, ...(strict ? ['--strict'] : [])], log.bytes);
        expect([0, 2]).toContain(result.code);
        // stderr holds nothing or one error line; never an internal error or a stack.
        expect(result.stderr).toMatch(/^(keap-throttle: error \[[A-Z_]+\]: [^\n]*\n)?$/);
        if (result.code === 0 && format === 'json') expect(JSON.parse(result.stdout).input.rows.read).toBe(log.rows);
        expectNoLeak(result.stdout + result.stderr, log);
      }),
      params(runs(40)),
    );
  });

  it('CLI as a real process: bin/keap-throttle.js', async () => {
    await fc.assert(
      fc.asyncProperty(secretLogArb, fc.constantFrom('table', 'json'), async (log, format) => {
        countTried('CLI subprocess planted secrets');
        const child = spawn(process.execPath, ['bin/keap-throttle.js', 'analyze', '-', '--format', format], {
          cwd: root,
          env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
        });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
        child.stderr.setEncoding('utf8').on('data', (text: string) => (out += text));
        child.stdin.end(log.bytes);
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect([0, 2]).toContain(code);
        expect(out).not.toMatch(/internal error|\n\s+at /);
        expectNoLeak(out, log);
      }),
      params(runs(3, 0.02)),
    );
  });
});
