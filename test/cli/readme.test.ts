import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/errors.js';
import { root, runBin } from '../helpers/run-bin.js';

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
