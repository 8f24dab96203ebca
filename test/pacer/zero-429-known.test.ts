import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/index.js';
import { arrivalGaps, gatewayOn, PROCESSOR_MS, runCallers, scaledClock, WORKLOAD } from './helpers.js';

// 300 requests of one key from 20 concurrent callers through a pacer told the setting, against the
// mock gateway on loopback; gateway and pacer share one clock running 4× real time (about 20 s).
const SCALE = 4;

describe('pacer with knowledge: createPacer({ rate: 25, processors: 6 })', () => {
  it('gets no spike 429 and finishes within 1.15× of 300 × 240 ms', async () => {
    const clock = scaledClock(SCALE);
    const log = await gatewayOn(clock);
    try {
      const pacer = createPacer({ rate: WORKLOAD.rate, processors: WORKLOAD.processors, clock });
      const headers = { authorization: 'Bearer KeapAK-pacer-known-0123456789abcdef' };
      const run = await runCallers(clock, WORKLOAD.requests, WORKLOAD.callers, async (index) => {
        const response = await pacer.fetch(`${log.gateway.url}/crm/rest/v1/contacts/${index}`, { headers });
        await response.arrayBuffer();
        return response.status;
      });
      const stats = log.gateway.stats();
      expect(stats.spike).toBe(0);
      expect(stats.accepted).toBe(WORKLOAD.requests);
      expect(run.statuses.filter((status) => status === 200)).toHaveLength(WORKLOAD.requests);
      expect(run.elapsedMs).toBeLessThanOrEqual(1.15 * WORKLOAD.requests * PROCESSOR_MS);
      // One key, one request at a time: the gateway saw every request at least one processor interval apart.
      expect(Math.min(...arrivalGaps(log))).toBeGreaterThanOrEqual(PROCESSOR_MS);
      expect(pacer.stats()).toMatchObject({
        calls: WORKLOAD.requests,
        sent: WORKLOAD.requests,
        retries: 0,
        keys: [{ source: 'options', intervalMs: PROCESSOR_MS, processors: { estimate: 6 } }],
      });
    } finally {
      await log.gateway.close();
    }
  }, 40_000);
});
