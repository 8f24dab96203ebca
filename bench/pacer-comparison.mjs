#!/usr/bin/env node
// The README's pacer comparison: 300 requests of one key from 20 concurrent callers against
// mock-gateway at 25/s over 6 processors (240 ms per processor), each approach on a fresh gateway:
// the pacer told the setting, the pacer told nothing, the pacer in throughput mode, and p-queue at
// the nominal rate with each 429 sent again. Real time by default (about 4 minutes);
// BENCH_PACER_SCALE=4 runs gateway and pacer on a clock 4× faster (not p-queue's own timers' view).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
if (!existsSync(`${here}../dist/index.js`))
  execFileSync('npm', ['run', 'build'], { cwd: `${here}..`, stdio: 'inherit' });
const { createPacer, startMockGateway } = await import('../dist/index.js');
const { perProcessorIntervalMs } = await import('../dist/spike/index.js');
const { default: PQueue } = await import('p-queue');

const SCALE = Number(process.env.BENCH_PACER_SCALE ?? 1);
const REQUESTS = 300;
const CALLERS = 20;
const RATE = 25;
const PROCESSORS = 6;
const IDEAL_MS = REQUESTS * perProcessorIntervalMs(RATE, 'second', PROCESSORS);
const HEADERS = { authorization: 'Bearer KeapAK-bench-pacer-0123456789abcdef' };

function clock() {
  const realStart = performance.now();
  const startMs = Date.UTC(2026, 2, 3, 12);
  return {
    now: () => startMs + (performance.now() - realStart) * SCALE,
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        if (signal.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms / SCALE));
        signal.addEventListener('abort', done, { once: true });
      }),
  };
}

async function run(name, makeSend) {
  const time = clock();
  const gateway = await startMockGateway({
    rate: RATE,
    processors: PROCESSORS,
    perMinute: 1500,
    perDay: 150_000,
    seed: 7,
    now: time.now,
  });
  try {
    const send = makeSend(time, gateway.url);
    let next = 0;
    let ok = 0;
    const startMs = time.now();
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        while (next < REQUESTS) {
          next++;
          if ((await send()) === 200) ok++;
        }
      }),
    );
    const elapsedMs = time.now() - startMs;
    const stats = gateway.stats();
    const sent = stats.accepted + stats.spike + stats['product-minute'] + stats['product-day'];
    const throttled = sent - stats.accepted;
    return { name, ok, sent, throttled, elapsedMs };
  } finally {
    await gateway.close();
  }
}

const viaPacer = (options) => (time, url) => {
  const pacer = createPacer({ ...options, clock: time });
  return async () => {
    const response = await pacer.fetch(`${url}/crm/rest/v1/contacts`, { headers: HEADERS });
    await response.arrayBuffer();
    return response.status;
  };
};

const viaPQueue = (_time, url) => {
  const queue = new PQueue({ concurrency: CALLERS, interval: 1000 / RATE / SCALE, intervalCap: 1 });
  return async () => {
    for (let attempt = 1; ; attempt++) {
      const status = await queue.add(async () => {
        const response = await fetch(`${url}/crm/rest/v1/contacts`, { headers: HEADERS });
        await response.arrayBuffer();
        return response.status;
      });
      if (status !== 429 || attempt >= 30) return status;
    }
  };
};

const rows = [];
rows.push(await run('pacer, told `{ rate: 25, processors: 6 }`', viaPacer({ rate: RATE, processors: PROCESSORS })));
rows.push(await run('pacer, told nothing (`createPacer()`)', viaPacer({})));
rows.push(
  await run(
    'pacer, `mode: throughput`, `targetShare: 0.15`, told the setting',
    viaPacer({ rate: RATE, processors: PROCESSORS, mode: 'throughput', targetShare: 0.15 }),
  ),
);
rows.push(await run('p-queue at the nominal rate (1 per 40 ms), 429s sent again', viaPQueue));

console.log(
  `scale ${SCALE}: ${REQUESTS} calls, ${CALLERS} callers, 25/s over 6 processors (ideal ${IDEAL_MS / 1000} s)`,
);
console.log('| approach | requests sent | 429s | wall time | × 300 × 240 ms |');
console.log('|---|---|---|---|---|');
for (const row of rows)
  console.log(
    `| ${row.name} | ${row.sent} | ${row.throttled} (${((100 * row.throttled) / row.sent).toFixed(1)} %) | ${(row.elapsedMs / 1000).toFixed(1)} s | ${(row.elapsedMs / IDEAL_MS).toFixed(2)} |`,
  );
if (rows.some((row) => row.ok !== REQUESTS)) console.log('NOT EVERY CALL SUCCEEDED');
