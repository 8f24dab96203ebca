#!/usr/bin/env node
// What `keap-throttle record` adds to each call: the same requests sent straight to `mock-gateway`
// and through `record`, each server in its own process on loopback, one client with keep-alive.
// Prints latency percentiles both ways and the difference, for 2xx answers (streamed through) and
// 429 answers (body held until its line is written), sequentially and with 16 calls in flight.
// Sizes: BENCH_PROXY_REQUESTS=2000 (per case) to override.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const bin = `${here}../bin/keap-throttle.js`;
if (!existsSync(`${here}../dist/index.js`))
  execFileSync('npm', ['run', 'build'], { cwd: `${here}..`, stdio: 'inherit' });
const REQUESTS = Number(process.env.BENCH_PROXY_REQUESTS ?? 2000);
const WARMUP = 200;
const dir = mkdtempSync(join(tmpdir(), 'kt-bench-proxy-'));
const children = [];

function serve(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(child);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text) => {
      out += text;
      const match = /^listening on (\S+)\n/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function call(url, token) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(url, token, concurrency) {
  for (let i = 0; i < WARMUP; i++) await call(url, token);
  const times = [];
  const statuses = new Map();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < REQUESTS) {
        next++;
        const { status, ms } = await call(url, token);
        times.push(ms);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), statuses: Object.fromEntries(statuses) };
}

try {
  // 2xx case: limits far away. 429 case: one request per second per key, so nearly every call is rejected.
  const open = await serve([
    'mock-gateway',
    '--port',
    '0',
    '--rate',
    '100000',
    '--processors',
    '1',
    '--per-minute',
    '10000000',
    '--per-day',
    '10000000',
    '--tenant-minute',
    '10000000',
    '--tenant-day',
    '10000000',
  ]);
  const out = join(dir, 'bench.ndjson');
  const proxied = await serve(['record', '--target', open, '--out', out, '--port', '0']);
  const tight = await serve(['mock-gateway', '--port', '0', '--rate', '1', '--processors', '1']);
  const out429 = join(dir, 'bench-429.ndjson');
  const proxied429 = await serve(['record', '--target', tight, '--out', out429, '--port', '0']);
  const fmt = (n) => n.toFixed(3).padStart(7);
  console.log(`proxy latency over loopback, ${REQUESTS} requests per case (after ${WARMUP} warm-up), ms:`);
  console.log('case                      direct p50/p95/p99          via record p50/p95/p99      added p50/p95/p99');
  for (const [label, direct, via, token, concurrency] of [
    ['2xx, one at a time', open, proxied, 'bench-token-a', 1],
    ['2xx, 16 in flight', open, proxied, 'bench-token-b', 16],
    ['429, one at a time', tight, proxied429, 'bench-token-c', 1],
  ]) {
    const a = await measure(`${direct}/crm/rest/v1/contacts`, token, concurrency);
    const b = await measure(`${via}/crm/rest/v1/contacts`, `${token}-via`, concurrency);
    console.log(
      `${label.padEnd(24)}  ${fmt(a.p50)} ${fmt(a.p95)} ${fmt(a.p99)}    ${fmt(b.p50)} ${fmt(b.p95)} ${fmt(b.p99)}    ${fmt(b.p50 - a.p50)} ${fmt(b.p95 - a.p95)} ${fmt(b.p99 - a.p99)}   statuses via record ${JSON.stringify(b.statuses)}`,
    );
  }
  const lines = (file) => Math.round(statSync(file).size);
  console.log(`recorded ${lines(out) + lines(out429)} bytes of NDJSON`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  agent.destroy();
  await new Promise((resolve) => setTimeout(resolve, 300));
  rmSync(dir, { recursive: true, force: true });
}
