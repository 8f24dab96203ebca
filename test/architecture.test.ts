import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  entryOf,
  IMPORTED_ONLY_BY,
  rankOf,
  sourceFiles,
  sourceImports,
  srcDir,
  srcEntries,
} from './helpers/source-graph.js';

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
const PURE_FILES = ['types.ts', 'errors.ts', 'report.ts', 'analyze.ts', 'simulate.ts'];
const FORBIDDEN =
  /from ['"](node:fs|node:fs\/promises|fs|node:process|process|chalk|commander|node:child_process)['"]|\bprocess\.(env|stdout|stderr|exit|argv)\b|console\.(log|error|warn)/;

describe('architecture', () => {
  it('keeps pure stages free of file, process, console and CLI imports', async () => {
    const offenders: string[] = [];
    const files = [
      ...(await Promise.all(PURE_DIRS.map((dir) => sourceFiles(join(srcDir, dir))))).flat(),
      ...PURE_FILES.map((file) => join(srcDir, file)),
    ];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      if (FORBIDDEN.test(text)) offenders.push(file.slice(srcDir.length));
    }
    expect(offenders).toEqual([]);
  });

  it('places every src/ folder and file in the flow', async () => {
    const entries = await srcEntries();
    expect(entries.filter((entry) => !rankOf.has(entry))).toEqual([]);
    expect([...rankOf.keys()].filter((entry) => !entries.includes(entry))).toEqual([]);
  });

  it('lets each stage import only earlier stages', async () => {
    const imports = await sourceImports();
    // The parser must see static, type-only, re-export and dynamic imports, or this test could pass on nothing.
    for (const [file, target] of [
      ['analyze.ts', 'ledger/index.ts'],
      ['report.ts', 'series/index.ts'],
      ['index.ts', 'pacer/index.ts'],
      ['cli/main.ts', 'cli/commands/check.ts'],
    ])
      expect(imports).toContainEqual({ file, target });
    const offenders: string[] = [];
    for (const { file, target } of imports) {
      const from = entryOf(file);
      const into = entryOf(target);
      if (from === into) continue;
      const late = (rankOf.get(into) ?? Infinity) >= (rankOf.get(from) ?? -Infinity);
      if (late || IMPORTED_ONLY_BY[into]?.includes(from) === false) offenders.push(`${file} imports ${target}`);
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
