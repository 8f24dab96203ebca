#!/usr/bin/env node
// Runs one analysis of a file through the built library and prints what it cost, as one JSON line:
// rows, wall ms, and this process's peak resident memory (so the parent can compare sizes).
import { analyze, openInput, sniffInput } from '../dist/index.js';

const [file] = process.argv.slice(2);
const started = performance.now();
const input = await sniffInput(await openInput(file, { stream: process.stdin, isTTY: false }));
const report = await analyze([input], { zone: null });
const wallMs = performance.now() - started;
const { maxRSS } = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ rows: report.input.rows.read, used: report.input.rows.used, throttled: report.input.throttled, wallMs: Math.round(wallMs), peakRssMiB: Math.round(maxRSS / 1024) })}\n`);
