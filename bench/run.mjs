#!/usr/bin/env node
// `npm run bench`: times `keap-throttle analyze --json` in fresh processes beside csv-parse's bare streaming
// parse of the same file (bench/bare-parse.mjs), on deterministic synthetic logs (bench/gen-log.mjs), and
// prints rows/s, MB/s, peak RSS and the ratio to the bare parse; the figures go to bench/results.md.
//   BENCH_RUNS=3          pairs of (bare parse, analyze) on the main log; the medians are reported
//   BENCH_ROWS=1000000    rows of the main log; BENCH_BIG_ROWS=10000000 rows streamed from the generator
//   BENCH_ONLY=csv,formats,throttled,stream,growth,proxy   run only these parts
// Last, what the recording proxy adds to a call (bench/proxy-latency.mjs).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${here}out`;
const bin = `${root}bin/keap-throttle.js`;
const usageHook = `${here}usage.mjs`;
const usageFile = `${outDir}/usage.json`;
const node = process.execPath;

const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const mainRows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const bigRows = Number(process.env.BENCH_BIG_ROWS ?? 10_000_000);
const growthRows = Math.min(mainRows, 200_000);
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const want = (part) => only === null || only.has(part);

mkdirSync(outDir, { recursive: true });
if (!existsSync(`${root}dist/index.js`)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

/** A generated log in bench/out (gitignored), made once per set of generator options. */
function log(rows, options = [], format = 'csv') {
  const tag = options.join('').replace(/[^\w.]+/g, '-');
  const csv = `${outDir}/log-${rows}${tag}.csv`;
  if (!existsSync(csv)) execFileSync(node, [`${here}gen-log.mjs`, String(rows), csv, ...options]);
  if (format === 'csv') return csv;
  const converted = csv.replace(/\.csv$/, `.${format}`);
  if (!existsSync(converted)) execFileSync(node, [`${here}convert-log.mjs`, format, csv, converted]);
  return converted;
}

/** Runs one command in a fresh process (its output discarded) and reads the OS's figures for it. */
function measure(command) {
  rmSync(usageFile, { force: true });
  const started = performance.now();
  const result = spawnSync(command[0], command.slice(1), {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, BENCH_USAGE_FILE: usageFile },
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command.join(' ')} exited with ${result.status ?? result.signal}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { wallMs, peakRssMiB: usage.maxRssKiB / 1024, cpuMs: (usage.userUs + usage.systemUs) / 1000 };
}

const analyzeCommand = (file) => [node, '--import', usageHook, bin, 'analyze', '--json', file];
const bareCommand = (file) => [node, '--import', usageHook, `${here}bare-parse.mjs`, file];
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const medianRun = (list) => ({
  wallMs: median(list.map((r) => r.wallMs)),
  peakRssMiB: median(list.map((r) => r.peakRssMiB)),
  cpuMs: median(list.map((r) => r.cpuMs)),
});

const rowsOut = [];
function record(label, rows, bytes, result, extra = {}) {
  const row = {
    label,
    rows,
    mb: bytes / 1e6,
    wallS: result.wallMs / 1000,
    rowsPerS: rows / (result.wallMs / 1000),
    mbPerS: bytes / 1e6 / (result.wallMs / 1000),
    usPerRow: (result.wallMs * 1000) / rows,
    peakRssMiB: result.peakRssMiB,
    cpuS: result.cpuMs / 1000,
    ...extra,
  };
  rowsOut.push(row);
  console.log(
    `${label.padEnd(34)} ${String(rows).padStart(9)} rows ${row.mb.toFixed(0).padStart(5)} MB ${row.wallS.toFixed(2).padStart(7)} s` +
      ` ${Math.round(row.rowsPerS).toString().padStart(8)} rows/s ${row.mbPerS.toFixed(1).padStart(6)} MB/s` +
      ` peak RSS ${row.peakRssMiB.toFixed(0).padStart(4)} MiB${extra.ratio === undefined ? '' : `  ratio ${extra.ratio.toFixed(2)}`}`,
  );
  return row;
}

const verdicts = [];
const say = (line) => {
  verdicts.push(line);
  console.log(line);
};

let csvMain = null;
let bare = null;
if (want('csv')) {
  const file = log(mainRows);
  const bytes = statSync(file).size;
  const pairs = [];
  // Interleaved, so a machine that slows down mid-run slows both sides of each ratio alike.
  for (let run = 0; run < runs; run++) {
    const baseline = measure(bareCommand(file));
    const ours = measure(analyzeCommand(file));
    pairs.push({ baseline, ours, ratio: ours.wallMs / baseline.wallMs });
  }
  bare = record('csv-parse bare parse (floor)', mainRows, bytes, medianRun(pairs.map((p) => p.baseline)));
  const ratio = median(pairs.map((p) => p.ratio));
  csvMain = record('analyze --json, CSV', mainRows, bytes, medianRun(pairs.map((p) => p.ours)), { ratio });
  say(
    `ratio to the bare parse: ${ratio.toFixed(2)} (median of ${runs} interleaved pairs: ${pairs.map((p) => p.ratio.toFixed(2)).join(', ')}; target ≤ 1.25, goal ≤ 1.00)`,
  );
  say(`peak RSS at ${mainRows} rows: ${csvMain.peakRssMiB.toFixed(0)} MiB (target ≤ 150)`);
}

if (want('formats')) {
  // Each format beside a CSV run of the same log in every round, so the per-row comparison is a ratio taken round by
  // round, as the CSV one is: separate single runs moved with the machine's speed by a quarter.
  const csvFile = log(mainRows);
  const files = ['ndjson', 'har'].map((format) => ({ format, file: log(mainRows, [], format), runs: [], ratios: [] }));
  const csvRuns = [];
  for (let run = 0; run < runs; run++) {
    const csv = measure(analyzeCommand(csvFile));
    csvRuns.push(csv);
    for (const entry of files) {
      const result = measure(analyzeCommand(entry.file));
      entry.runs.push(result);
      entry.ratios.push(result.wallMs / csv.wallMs);
    }
  }
  const csvUsPerRow = (median(csvRuns.map((r) => r.wallMs)) * 1000) / mainRows;
  for (const { format, file, runs: measured, ratios } of files) {
    const ratio = median(ratios);
    const result = record(
      `analyze --json, ${format.toUpperCase()}`,
      mainRows,
      statSync(file).size,
      medianRun(measured),
      {
        ratioToCsv: ratio,
      },
    );
    say(
      `${format.toUpperCase()}: ${result.usPerRow.toFixed(2)} µs/row against CSV's ${csvUsPerRow.toFixed(2)} in the same rounds, ${ratio.toFixed(2)}× (median of ${runs} interleaved ratios: ${ratios.map((r) => r.toFixed(2)).join(', ')}; target ≤ 1.00)`,
    );
  }
}

if (want('throttled')) {
  const file = log(mainRows, ['--throttled', '0.5']);
  const result = record(`analyze --json, half 429s`, mainRows, statSync(file).size, measure(analyzeCommand(file)));
  say(`peak RSS with ~${mainRows / 2} 429s: ${result.peakRssMiB.toFixed(0)} MiB (target ≤ 150)`);
}

if (want('stream')) {
  // Streamed from the generator through a pipe: the big log is never written to disk.
  const quote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;
  const pipeline = `${quote(node)} ${quote(`${here}gen-log.mjs`)} ${bigRows} | ${analyzeCommand('-').map(quote).join(' ')}`;
  const bytesPerRow = csvMain ? (csvMain.mb * 1e6) / mainRows : 303.6;
  const result = record(
    `generator → analyze --json - (stdin)`,
    bigRows,
    bytesPerRow * bigRows,
    measure(['sh', '-c', pipeline]),
  );
  if (csvMain)
    say(
      `peak RSS at ${bigRows} rows: ${result.peakRssMiB.toFixed(0)} MiB, ${((result.peakRssMiB / csvMain.peakRssMiB - 1) * 100).toFixed(1)} % from ${mainRows} rows (target ±10 %)`,
    );
}

if (want('growth')) {
  const perRow = (file, rows) =>
    record(`  ${file.replace(/.*\//, '')}`, rows, statSync(file).size, measure(analyzeCommand(file)));
  const small = perRow(log(growthRows / 2), growthRows / 2);
  const mid = perRow(log(growthRows), growthRows);
  const rowsLine = [small, mid, ...(csvMain ? [csvMain] : [])]
    .map((row) => `${row.rows}: ${row.usPerRow.toFixed(2)} µs/row`)
    .join(', ');
  say(`runtime with rows: ${rowsLine} (linear when µs/row stays level)`);
  const keys = [1, 10, 100].map((count) => [count, perRow(log(growthRows, ['--keys', String(count)]), growthRows)]);
  say(
    `runtime with keys (${growthRows} rows): ${keys.map(([count, row]) => `${count} keys ${row.usPerRow.toFixed(2)} µs/row`).join(', ')}`,
  );
  const tenants = [1, 10, 100].map((count) => [
    count,
    perRow(log(growthRows, ['--keys', '100', '--tenants', String(count)]), growthRows),
  ]);
  say(
    `runtime with tenants (${growthRows} rows, 100 keys): ${tenants.map(([count, row]) => `${count} tenants ${row.usPerRow.toFixed(2)} µs/row`).join(', ')}`,
  );
}

const when = new Date().toISOString().slice(0, 10);
if (want('proxy')) execFileSync(node, [`${here}proxy-latency.mjs`], { stdio: 'inherit' });
const table = [
  '| run | rows | MB | wall s | rows/s | MB/s | µs/row | peak RSS MiB | ratio to bare parse |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rowsOut.map(
    (row) =>
      `| ${row.label.trim()} | ${row.rows} | ${row.mb.toFixed(0)} | ${row.wallS.toFixed(2)} | ${Math.round(row.rowsPerS)} | ${row.mbPerS.toFixed(1)} | ${row.usPerRow.toFixed(2)} | ${row.peakRssMiB.toFixed(0)} | ${
        row.ratio !== undefined
          ? row.ratio.toFixed(2)
          : bare && row.label !== bare.label
            ? (row.usPerRow / bare.usPerRow).toFixed(2)
            : ''
      } |`,
  ),
];
writeFileSync(`${outDir}/results.json`, `${JSON.stringify({ when, rows: rowsOut, verdicts }, null, 1)}\n`);
writeFileSync(
  `${here}results.md`,
  [
    '# Benchmark figures',
    '',
    `Written by \`npm run bench\` on ${when}: Node ${process.version}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB.`,
    'Each figure is one fresh process, its peak RSS as the operating system counts it; the CSV pair is the median',
    `of ${runs} interleaved runs, and the ratio is taken pair by pair; NDJSON and HAR are the medians of ${runs} rounds`,
    "each beside a CSV run (their ratio to CSV is in the notes below). Other rows' ratio: µs/row against the bare parse's.",
    '',
    ...table,
    '',
    ...verdicts.map((line) => `- ${line}`),
    '',
  ].join('\n'),
);
console.log(`figures written to bench/results.md`);
