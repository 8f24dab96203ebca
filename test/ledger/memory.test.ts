import { describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger/index.js';
import type { LedgerStateSize } from '../../src/ledger/index.js';
import { findProfile } from '../../src/policy/profiles.js';
import { at, event, quotaSnapshot, snapshot } from './scenario.js';

describe('ledger memory', () => {
  it('keeps its state bounded by window contents and keys over 200,000 events', () => {
    const ledger = createLedger({ profile: findProfile('pat-sak') ?? null });
    const start = at('2026-07-01T20:00:00Z');
    const keys = ['k1', 'k2', 'k3'];
    const sizes: LedgerStateSize[] = [];
    let minuteTimes: number[] = [];
    let dayUsed = 0;
    let day = -1;
    // 4 requests a second for ~14 h (crossing a UTC midnight), round-robin over 3 keys of one tenant,
    // with exact counters, a 429 every 50th request and headers missing on every 97th.
    for (let i = 0; i < 200_000; i++) {
      const ts = start + i * 250;
      const currentDay = Math.floor(ts / 86_400_000);
      if (currentDay !== day) {
        day = currentDay;
        dayUsed = 0;
      }
      const status = i % 50 === 49 ? 429 : 200;
      if (status === 200) {
        dayUsed++;
        minuteTimes.push(ts);
      }
      if (minuteTimes.length > 400) minuteTimes = minuteTimes.filter((t) => t > ts - 60_000);
      const minuteUsed = minuteTimes.filter((t) => t > ts - 60_000).length;
      const counters =
        i % 97 === 96
          ? {}
          : {
              tenantId: 'ps1.infusionsoft.com',
              productThrottle: snapshot(240, minuteUsed),
              productQuota: quotaSnapshot(30_000, dayUsed, (currentDay + 1) * 86_400_000),
              tenantMinute: snapshot(10_000, minuteUsed),
              tenantDay: snapshot(250_000, dayUsed),
            };
      ledger.observe(event(ts, { keyId: keys[i % 3] ?? 'k1', status, counters }));
      if (i === 99_999 || i === 199_999) sizes.push(ledger.stateSize());
    }
    const [half, full] = sizes;
    expect(full?.spikeKeys).toBe(3);
    expect(full?.buckets).toBe(2);
    // Rolling windows hold one minute of one tenant (240 requests) per variant and bucket, plus 1 s per key.
    expect(full?.queuedTimestamps).toBeLessThanOrEqual(4 * 240 + 3 * 5);
    expect(full?.total).toBeLessThan(10_000);
    expect(Math.abs((full?.total ?? 0) - (half?.total ?? 0))).toBeLessThanOrEqual(50);
    const report = ledger.finish();
    expect(report.coverage.events).toBe(200_000);
    expect(report.detections.rejectedCountInUsed.verdict).toBe('no');
    expect(report.detections.dailyResets.map((r) => [r.layer, r.at])).toEqual([
      ['product-day', Date.parse('2026-07-02T00:00:00.000Z')],
      ['tenant-day', Date.parse('2026-07-02T00:00:00.000Z')],
    ]);
    expect(report.foreign['product-day']).toEqual({ requests: 0, episodes: 0 });
  });
});
