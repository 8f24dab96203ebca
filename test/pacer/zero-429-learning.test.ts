import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/index.js';
import { arrivalGaps, gatewayOn, PROCESSOR_MS, quantile, runCallers, scaledClock, WORKLOAD } from './helpers.js';

// The same workload through createPacer() told nothing: it starts at the nominal 40 ms and learns N
// from the answers (Keap's generic 429 body, no fault to read N from). Clock 4× real time (about 22 s).
const SCALE = 4;
const LEARNING = 100;

describe('pacer learning: createPacer()', () => {
  it('keeps 429s at 3 % or less and, after the first 100 answers, spaces within 1.2× of the safe spacing', async () => {
    const clock = scaledClock(SCALE);
    const log = await gatewayOn(clock);
    // How late this process's timers fired during the run (other test files share the cores), in simulated ms.
    const lateness = monitorEventLoopDelay({ resolution: 5 });
    lateness.enable();
    try {
      const pacer = createPacer({ clock });
      const headers = { authorization: 'Bearer KeapAK-pacer-learning-0123456789abcdef' };
      const run = await runCallers(clock, WORKLOAD.requests, WORKLOAD.callers, async (index) => {
        const response = await pacer.fetch(`${log.gateway.url}/crm/rest/v1/contacts/${index}`, { headers });
        await response.arrayBuffer();
        return response.status;
      });
      const stats = log.gateway.stats();
      const answered = stats.accepted + stats.spike;
      expect(stats.accepted).toBe(WORKLOAD.requests);
      expect(run.statuses.filter((status) => status === 200)).toHaveLength(WORKLOAD.requests);
      expect(stats.spike / answered).toBeLessThanOrEqual(0.03);
      // Spacing as the gateway saw it, from the 101st request on: the median gap (robust to a stalled timer), allowed
      // the median lateness of this process's timers beyond the sampling period, which a busy machine adds to each gap.
      lateness.disable();
      const lateMs = Math.max(0, lateness.percentile(50) / 1e6 - 5) * SCALE;
      const after = arrivalGaps(log).slice(LEARNING);
      expect(quantile(after, 0.5)).toBeLessThanOrEqual(1.2 * PROCESSOR_MS + lateMs);
      expect(quantile(after, 0.5)).toBeGreaterThanOrEqual(PROCESSOR_MS);
      const key = pacer.stats().keys[0]!;
      expect(key.spacingMs).toBeLessThanOrEqual(1.2 * PROCESSOR_MS);
      expect(key).toMatchObject({ source: 'learned', rate: WORKLOAD.rate });
      expect(key.processors!.low).toBeLessThanOrEqual(WORKLOAD.processors);
      expect(key.processors!.high).toBeGreaterThanOrEqual(WORKLOAD.processors);
      expect(pacer.stats().throttled.spike).toBe(stats.spike);
    } finally {
      await log.gateway.close();
    }
  }, 40_000);
});
