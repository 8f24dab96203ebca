import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { root, runBin } from '../helpers/run-bin.js';

describe('README', () => {
  it.each([['analyze'], ['simulate'], ['mock-gateway'], ['record']])(
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
