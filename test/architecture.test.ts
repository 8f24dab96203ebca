import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryOf, sourceFiles, sourceImports, srcDir } from './helpers/source-graph.js';

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

// Every src/ entry in flow order: an entry imports only entries of earlier rows, never one of its own row.
const FLOW: readonly (readonly string[])[] = [
  // The shared vocabulary (types, error codes, the package version): imports nothing from src/.
  ['types.ts', 'errors.ts', 'version.ts'],
  ['read'],
  ['normalise'],
  ['timeline'],
  ['summary', 'policy'],
  ['ledger'],
  // The SpikeArrest model: a pure library every later stage may use (exported as keap-throttle/spike).
  ['spike'],
  ['attribute'],
  ['errors-only', 'series', 'details', 'gate'],
  ['report.ts'],
  ['analyze.ts', 'simulate.ts'],
  // Loopback listening and capped body reads, shared by the folders beside the stages (and only by them, below).
  ['http'],
  // gateway/, capture/ and pacer/ sit beside the stages: they may use any of them, only cli/ and the index import them.
  ['render', 'gateway', 'capture', 'pacer'],
  ['cli', 'index.ts'],
];
const rankOf = new Map(FLOW.flatMap((row, rank) => row.map((entry) => [entry, rank] as const)));
// Network plumbing is not for the stages, though it sits after them in the flow.
const IMPORTED_ONLY_BY: Readonly<Record<string, readonly string[]>> = { http: ['gateway', 'capture', 'pacer'] };

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
    const entries = (await readdir(srcDir)).filter((name) => !name.includes('.') || name.endsWith('.ts'));
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
