#!/usr/bin/env node
// Runs one analysis of a file through the built library and prints what it cost, as one JSON line:
// rows, wall ms, peak resident memory, and the heap still held by the finished report (needs --expose-gc).
import { analyze, openInput, sniffInput } from '../dist/index.js';

const [file] = process.argv.slice(2);
const started = performance.now();
const input = await sniffInput(await openInput(file, { stream: process.stdin, isTTY: false }));
const report = await analyze([input], { zone: null });
const wallMs = performance.now() - started;
globalThis.gc?.();
const retainedHeapMiB = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
const { maxRSS } = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({ rows: report.input.rows.read, used: report.input.rows.used, throttled: report.throttling.throttled, wallMs: Math.round(wallMs), peakRssMiB: Math.round(maxRSS / 1024), retainedHeapMiB })}\n`,
);
