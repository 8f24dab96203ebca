import PQueue from 'p-queue';
import { describe, expect, it } from 'vitest';
import { gatewayOn, runCallers, scaledClock, WORKLOAD } from './helpers.js';

// The comparison: p-queue at the nominal rate (one request per 40 ms), each 429 sent again through
// the queue, on the same workload and clock (4× real time, about 6 s).
const SCALE = 4;
const MAX_ATTEMPTS = 30;

describe('p-queue at the nominal rate', () => {
  it('gets many spike 429s: about k/(N+k) = 5/11 of its requests', async () => {
    const clock = scaledClock(SCALE);
    const log = await gatewayOn(clock);
    try {
      const queue = new PQueue({
        concurrency: WORKLOAD.callers,
        interval: 1000 / WORKLOAD.rate / SCALE,
        intervalCap: 1,
      });
      const headers = { authorization: 'Bearer KeapAK-pqueue-0123456789abcdef' };
      const run = await runCallers(clock, WORKLOAD.requests, WORKLOAD.callers, async (index) => {
        for (let attempt = 1; ; attempt++) {
          const status = await queue.add(async () => {
            const response = await fetch(`${log.gateway.url}/crm/rest/v1/contacts/${index}`, { headers });
            await response.arrayBuffer();
            return response.status;
          });
          if (status !== 429 || attempt >= MAX_ATTEMPTS) return status as number;
        }
      });
      const stats = log.gateway.stats();
      expect(stats.accepted).toBe(WORKLOAD.requests);
      expect(run.statuses.filter((status) => status === 200)).toHaveLength(WORKLOAD.requests);
      const share = stats.spike / (stats.accepted + stats.spike);
      expect(share).toBeGreaterThan(0.3);
      expect(share).toBeLessThan(0.6);
    } finally {
      await log.gateway.close();
    }
  }, 40_000);
});
