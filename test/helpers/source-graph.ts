import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { root } from './run-bin.js';

export const srcDir = join(root, 'src');

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
