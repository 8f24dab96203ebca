import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers/run-bin.js';

// Only read/ (files) and cli/ (the process) touch the outside world; every other stage is pure.
const PURE_DIRS = [
  'normalise',
  'timeline',
  'summary',
  'policy',
  'render',
  'spike',
  'ledger',
  'attribute',
  'errors-only',
  'series',
  'details',
  'gate',
];
const FORBIDDEN =
  /from ['"](node:fs|node:fs\/promises|fs|node:process|process|chalk|commander|node:child_process)['"]|\bprocess\.(env|stdout|stderr|exit|argv)\b|console\.(log|error|warn)/;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? sourceFiles(join(dir, entry.name))
        : Promise.resolve(entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []),
    ),
  );
  return nested.flat();
}

describe('architecture', () => {
  it('keeps pure stages free of file, process, console and CLI imports', async () => {
    const offenders: string[] = [];
    for (const dir of PURE_DIRS) {
      for (const file of await sourceFiles(join(root, 'src', dir))) {
        const text = await readFile(file, 'utf8');
        if (FORBIDDEN.test(text)) offenders.push(file.slice(root.length));
      }
    }
    expect(offenders).toEqual([]);
  });

  it('has no side effects when the library is imported', async () => {
    const before = process.exitCode;
    const library = await import('../src/index.js');
    expect(typeof library.analyze).toBe('function');
    expect(process.exitCode).toBe(before);
  });
});
