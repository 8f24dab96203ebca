import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/errors.js';
import { root, runBin } from '../helpers/run-bin.js';
import { FLOW, srcEntries } from '../helpers/source-graph.js';

describe('README', () => {
  it.each([['analyze'], ['check'], ['simulate'], ['mock-gateway'], ['record']])(
    'documents every option of %s --help',
    async (command) => {
      const readme = await readFile(`${root}README.md`, 'utf8');
      const help = (await runBin([command, '--help'])).stdout;
      const flags = [
        ...new Set([...help.matchAll(/(?<![\w-])(--[a-z][a-z-]+)/g)].map((match) => match[1] as string)),
      ].filter((flag) => flag !== '--help');
      expect(flags.length).toBeGreaterThan(2);
      expect(flags.filter((flag) => !readme.includes(`\`${flag}`))).toEqual([]);
    },
  );

  it('lists every error code of the catalogue', async () => {
    const readme = await readFile(`${root}README.md`, 'utf8');
    expect(Object.keys(ERROR_CATALOGUE).filter((code) => !readme.includes(`| \`${code}\` |`))).toEqual([]);
  });

  it('produces the four outputs and runs check with the commands of "Four outputs from the bundled example"', async () => {
    const readme = await readFile(`${root}README.md`, 'utf8');
    const section = readme.slice(readme.indexOf('### Four outputs from the bundled example'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const commands = block.split('\n').filter((line) => line.startsWith('node bin/keap-throttle.js '));
    expect(commands).toHaveLength(5);
    const dir = await mkdtemp(join(tmpdir(), 'keap-throttle-readme-'));
    const outputs: Record<string, string> = {};
    for (const command of commands) {
      const args = command
        .replace('node bin/keap-throttle.js ', '')
        .split(' ')
        .map((arg) => (/\.(json|md|html)$/.test(arg) ? join(dir, arg) : arg));
      const result = await runBin(args);
      expect(result.code, command).toBe(0);
      const file = args[args.indexOf('-o') + 1];
      outputs[args.includes('-o') && file ? (file.split('.').pop() ?? '') : (args[0] ?? '')] = args.includes('-o')
        ? await readFile(file as string, 'utf8')
        : result.stdout;
    }
    expect(outputs['analyze']).toMatch(/Why the 2 throttled response\(s\) happened/);
    expect(JSON.parse(outputs['json'] as string).throttling.throttled).toBe(2);
    expect(outputs['md']).toMatch(/^## keap-throttle: 2 throttled response\(s\) in 24/);
    expect(outputs['html']).toMatch(/^<!doctype html>/);
    expect(outputs['check']).toMatch(/^pass {2}--max-429-rate 10: 8.33 %/);
  });

  it('runs the keap-throttle/spike example as written, through the package exports', async () => {
    const readme = await readFile(`${root}README.md`, 'utf8');
    const section = readme.slice(readme.indexOf('### The SpikeArrest model: `keap-throttle/spike`'));
    const block = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(block).toContain("from 'keap-throttle/spike'");
    expect(block.trim().split('\n').length).toBeLessThanOrEqual(12);
    // Evaluated from the repository root, the bare specifier resolves through package.json's own exports.
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', block], { cwd: root });
    const [steady, safe, fifth, rejected] = stdout.trim().split('\n').map(Number);
    // 25 per second over 6 processors: I = 240 ms; at 100 ms two own requests sit in I, so P = 2 / (6 + 2).
    expect(steady).toBe(0.25);
    expect(safe).toBe(240);
    expect(fifth).toBe(120);
    expect(Math.abs((rejected as number) - 2500)).toBeLessThan(150);
  });

  it("maps src/ in Contributing row for row as the architecture test's flow, every folder and file once", async () => {
    const readme = await readFile(`${root}README.md`, 'utf8');
    const section = readme.slice(readme.indexOf('## Contributing'), readme.indexOf('`npm test` builds'));
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) =>
        [...(line.split(' | ')[0] ?? '').matchAll(/`([^`]+)`/g)].map((m) => (m[1] as string).replace(/\/$/, '')),
      );
    expect(rows).toEqual(FLOW);
    expect(rows.flat().sort()).toEqual((await srcEntries()).sort());
  });

  it('gives the set-up as the two commands .ci/run also runs', async () => {
    const readme = await readFile(`${root}README.md`, 'utf8');
    const ci = await readFile(`${root}.ci/run`, 'utf8');
    expect(readme).toContain(
      'npm ci && node bin/keap-throttle.js analyze fixtures/logs/sak-sleep5-thread89944.csv\nnpm test\n',
    );
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test\b/m);
  });
});
