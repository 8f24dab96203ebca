import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/run-bin.js';

// Network and capture code sits beside the stages: only the CLI and the library index may import it.
async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? sourceFiles(join(dir, entry.name))
        : Promise.resolve(entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []),
    ),
  );
  return nested.flat();
}

describe('gateway/ and capture/ boundaries', () => {
  it('are imported only by cli/ and src/index.ts, and import neither cli/ nor each other', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(join(root, 'src'))) {
      const path = relative(join(root, 'src'), file);
      const text = await readFile(file, 'utf8');
      const imports = [...text.matchAll(/(?:from|import)\s*'(\.[^']+)'/g)].map((match) =>
        join(path, '..', match[1] as string),
      );
      const folder = path.split('/')[0];
      for (const target of imports) {
        const into = target.split('/')[0];
        if ((into === 'gateway' || into === 'capture') && into !== folder && folder !== 'cli' && path !== 'index.ts')
          offenders.push(`${path} imports ${target}`);
        if ((folder === 'gateway' || folder === 'capture') && into === 'cli')
          offenders.push(`${path} imports ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
