import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ChartAssets } from '../render/html.js';

const require = createRequire(import.meta.url);

/** uPlot's script and stylesheet from node_modules, to be inlined into the HTML report. */
export async function loadChartAssets(): Promise<ChartAssets> {
  const dist = join(dirname(require.resolve('uplot/package.json')), 'dist');
  const [script, style] = await Promise.all([
    readFile(join(dist, 'uPlot.iife.min.js'), 'utf8'),
    readFile(join(dist, 'uPlot.min.css'), 'utf8'),
  ]);
  const { version } = require('uplot/package.json') as { version: string };
  return { uplotScript: script, uplotStyle: style, uplotVersion: version };
}
