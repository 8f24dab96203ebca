import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/run-bin.js';

// The README's logging recipes are the files fixtures:clients runs against the mock (and whose logs the tests read).
const RECIPES = [
  ['php', 'keap-log.php'],
  ['python', 'keap_log.py'],
  ['js', 'keap-fetch.mjs'],
  ['sh', 'keap-curl.sh'],
] as const;

describe('README "Minimal logging recipes"', () => {
  it.each(RECIPES)('its %s recipe is the code in fixtures/clients/recipes/%s', async (language, file) => {
    const readme = await readFile(`${root}README.md`, 'utf8');
    const start = readme.indexOf('## Minimal logging recipes');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 3));
    const block = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section)?.[1];
    expect(block).toBeDefined();
    const recipe = await readFile(`${root}fixtures/clients/recipes/${file}`, 'utf8');
    expect(recipe).toContain((block ?? '').trim());
  });
});
