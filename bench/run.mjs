#!/usr/bin/env node
// `npm run bench`: generates deterministic synthetic logs of growing size (bench/gen-log.mjs) and
// analyses each in a fresh process, printing rows/s and peak memory. Memory must stay flat as rows
// grow tenfold; the last line says whether it did. Sizes: BENCH_ROWS=100000,1000000 to override.
// Then what the recording proxy adds to a call (bench/proxy-latency.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = `${here}out`;
mkdirSync(outDir, { recursive: true });
if (!existsSync(`${here}../dist/index.js`))
  execFileSync('npm', ['run', 'build'], { cwd: `${here}..`, stdio: 'inherit' });

const sizes = (process.env.BENCH_ROWS ?? '100000,1000000').split(',').map(Number);
const results = [];
for (const rows of sizes) {
  const file = `${outDir}/log-${rows}.csv`;
  if (!existsSync(file)) execFileSync(process.execPath, [`${here}gen-log.mjs`, String(rows), file]);
  const sizeMiB = statSync(file).size / 1024 / 1024;
  const line = execFileSync(process.execPath, ['--expose-gc', `${here}measure.mjs`, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const result = { ...JSON.parse(line), fileMiB: Math.round(sizeMiB) };
  results.push(result);
  console.log(
    `${String(rows).padStart(9)} rows  ${String(result.fileMiB).padStart(5)} MiB  ${String(result.wallMs).padStart(7)} ms  ${String(Math.round(rows / (result.wallMs / 1000))).padStart(8)} rows/s  peak RSS ${result.peakRssMiB} MiB  report heap ${result.retainedHeapMiB} MiB  (429s: ${result.throttled})`,
  );
}
if (results.length >= 2) {
  const first = results[0];
  const last = results[results.length - 1];
  const ratio = last.peakRssMiB / first.peakRssMiB;
  console.log(
    `memory: ${last.rows / first.rows}x the rows took ${ratio.toFixed(2)}x the peak memory (${ratio < 1.5 ? 'flat' : 'GROWS WITH ROWS'})`,
  );
  // Each throttled response stays in the report (the JSON lists every one): that part grows with 429s, not rows.
  const perThrottled =
    ((last.retainedHeapMiB - first.retainedHeapMiB) * 1024) / Math.max(1, last.throttled - first.throttled);
  console.log(
    `report heap: ${first.retainedHeapMiB} → ${last.retainedHeapMiB} MiB, about ${perThrottled.toFixed(2)} KiB per extra 429`,
  );
}

// What the recording proxy adds to each call (bench/proxy-latency.mjs).
execFileSync(process.execPath, [`${here}proxy-latency.mjs`], { stdio: 'inherit' });
