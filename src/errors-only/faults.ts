import { readMessageRate } from '../spike/message-rate.js';
import type { Profile, ResponseBody } from '../types.js';
import type { FaultSummary } from './errors-only-report.js';

/** Tallies what the throttled responses' bodies say: kinds, SpikeArrest rates and N, and faults cut off unreadable. */
export function createFaultCounter() {
  const bodies = new Map<ResponseBody['kind'], number>();
  const rates = new Map<string, { rate: number; unit: 'second' | 'minute'; processors: number; count: number }>();
  let truncated = 0;
  return {
    observe(body: ResponseBody): void {
      bodies.set(body.kind, (bodies.get(body.kind) ?? 0) + 1);
      if (body.kind !== 'spike-arrest') return;
      if (body.messageRate === null) {
        // A MessageRate that is present but unreadable was cut (Guzzle's 120 characters): unknown, never a value.
        if (/MessageRate/.test(body.faultstring)) truncated++;
        return;
      }
      const reading = readMessageRate(body.messageRate);
      const id = `${reading.rate}/${reading.unit}/${reading.processors}`;
      // Counted in place: a copy per 429 was garbage for every throttled response.
      const entry = rates.get(id);
      if (entry) entry.count++;
      else rates.set(id, { rate: reading.rate, unit: reading.unit, processors: reading.processors, count: 1 });
    },
    /** `profile` is the one the report names, decided after the events were read. */
    result(profile: Profile | null): FaultSummary {
      const spikeRates = [...rates.values()]
        .map((entry) => ({ ...entry }))
        .sort((a, b) => b.count - a.count || a.processors - b.processors);
      const first = spikeRates[0];
      const agreed = first && spikeRates.every((entry) => entry.rate === first.rate && entry.unit === first.unit);
      const processors = spikeRates.map((entry) => entry.processors);
      const rate = agreed ? first.rate : null;
      const unit = agreed ? first.unit : null;
      const unitMs = unit === 'minute' ? 60_000 : 1000;
      const profileRate = profile?.spikePerSecond ?? null;
      return {
        bodies: [...bodies].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count),
        spikeRates,
        rate,
        unit,
        processorsMin: processors.length > 0 ? Math.min(...processors) : null,
        processorsMax: processors.length > 0 ? Math.max(...processors) : null,
        perProcessorIntervalMs:
          rate !== null && processors.length > 0
            ? { min: (Math.min(...processors) * unitMs) / rate, max: (Math.max(...processors) * unitMs) / rate }
            : null,
        truncated,
        profileRate,
        agreesWithProfile: rate === null || profileRate === null || unit !== 'second' ? null : rate === profileRate,
      };
    },
  };
}
