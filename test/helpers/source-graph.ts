import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { root } from './run-bin.js';

export const srcDir = join(root, 'src');

// Every src/ entry in flow order (the README's Contributing table, row for row): an entry imports only
// entries of earlier rows, never one of its own row.
export const FLOW: readonly (readonly string[])[] = [
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
  // Loopback listening and capped body reads, shared by the folders beside the stages and only by them (IMPORTED_ONLY_BY).
  ['http'],
  ['render'],
  // gateway/, capture/, pacer/, spool/ and parallel/ sit beside the stages: they may use any of them, only cli/ and the index import them.
  ['gateway', 'capture', 'pacer', 'spool', 'parallel'],
  ['cli', 'index.ts'],
];
/** Each entry's row in FLOW. */
export const rankOf = new Map(FLOW.flatMap((row, rank) => row.map((entry) => [entry, rank] as const)));
// Network plumbing is not for the stages, though it sits after them in the flow.
export const IMPORTED_ONLY_BY: Readonly<Record<string, readonly string[]>> = { http: ['gateway', 'capture', 'pacer'] };

/** The folders and .ts files directly in src/. */
export async function srcEntries(): Promise<string[]> {
  return (await readdir(srcDir)).filter((name) => !name.includes('.') || name.endsWith('.ts'));
}

/** Every .ts file below a folder, depth first. */
export async function sourceFiles(dir: string): Promise<string[]> {
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

/** One relative import, both sides as paths below src/ ('ledger/index.ts', 'types.ts'). */
export interface SourceImport {
  readonly file: string;
  readonly target: string;
}

/** The src/ entry a path belongs to: its top folder, or the file itself when it sits directly in src/. */
export const entryOf = (path: string): string => path.split('/')[0] as string;

// Static imports, `export … from` and `import('…')` alike; only relative specifiers stay inside src/.
const SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*'(\.[^']+)'/g;

/** Every relative import in src/. */
export async function sourceImports(): Promise<SourceImport[]> {
  const imports: SourceImport[] = [];
  for (const path of await sourceFiles(srcDir)) {
    const file = relative(srcDir, path);
    const text = await readFile(path, 'utf8');
    for (const match of text.matchAll(SPECIFIER)) {
      const target = join(file, '..', match[1] as string).replace(/\.js$/, '.ts');
      imports.push({ file, target });
    }
  }
  return imports;
}
