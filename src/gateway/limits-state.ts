import { createEffectiveCountGateway, type EffectiveCountGateway } from '../spike/effective-count.js';
import { createRollingCounter } from './rolling-counter.js';
import { createUtcDayCounter } from './utc-day-counter.js';

const MINUTE_MS = 60_000;

/** The limits a mock gateway enforces (Keap's layers, domain §0). */
export interface GatewayLimits {
  /** SpikeArrest rate per second, per key. */
  readonly rate: number;
  /** Message processors N the rate is split over (UseEffectiveCount=true). */
  readonly processors: number;
  /** Product throttle per rolling minute (shared by every key of the tenant, as for PAT/SAK). */
  readonly perMinute: number;
  /** Product quota per UTC day. */
  readonly perDay: number;
  /** Tenant ceiling per rolling minute. */
  readonly tenantMinute: number;
  /** Tenant ceiling per UTC day. */
  readonly tenantDay: number;
  /** Seed of the random routing over processors. */
  readonly seed: number;
}

/** Which layer answered a request: accepted, or the layer that rejected it. */
export type GatewayVerdict = 'accepted' | 'spike' | 'product-minute' | 'product-day' | 'tenant-minute' | 'tenant-day';

/** One counter as the response headers report it. */
export interface CounterReading {
  readonly limit: number;
  readonly used: number;
  readonly available: number;
}

/** The verdict for one request and every counter after it. */
export interface Admission {
  readonly verdict: GatewayVerdict;
  readonly productMinute: CounterReading;
  readonly productDay: CounterReading;
  /** Next 00:00 UTC, epoch ms. */
  readonly productDayExpiryMs: number;
  readonly tenantMinute: CounterReading;
  readonly tenantDay: CounterReading;
}

/** Request totals per verdict since the gateway started. */
export type VerdictCounts = Readonly<Record<GatewayVerdict, number>>;

/** Keap's limit layers for one tenant: SpikeArrest per key first, then the quotas it lets through. */
export interface LimitsState {
  /** Decides one request of `keyId` arriving at nowMs; only accepted requests are counted in the quotas. */
  admit(keyId: string, nowMs: number): Admission;
  /** Counters as they stand at nowMs, without counting a request (for responses that skip the limits). */
  peek(nowMs: number): Omit<Admission, 'verdict'>;
  counts(): VerdictCounts;
}

/** Fresh limit state: empty counters, one effective-count SpikeArrest per key seeded from `seed` and the key. */
export function createLimitsState(limits: GatewayLimits): LimitsState {
  const spikes = new Map<string, EffectiveCountGateway>();
  const productMinute = createRollingCounter(MINUTE_MS);
  const tenantMinute = createRollingCounter(MINUTE_MS);
  const productDay = createUtcDayCounter();
  const tenantDay = createUtcDayCounter();
  const counts: Record<GatewayVerdict, number> = {
    accepted: 0,
    spike: 0,
    'product-minute': 0,
    'product-day': 0,
    'tenant-minute': 0,
    'tenant-day': 0,
  };
  // The models need ascending times; a wall clock stepping back must not break the gateway.
  let lastMs = Number.NEGATIVE_INFINITY;

  const spikeFor = (keyId: string): EffectiveCountGateway => {
    let spike = spikes.get(keyId);
    if (!spike) {
      spike = createEffectiveCountGateway({
        rate: limits.rate,
        unit: 'second',
        processors: limits.processors,
        seed: mixSeed(limits.seed, keyId),
      });
      spikes.set(keyId, spike);
    }
    return spike;
  };

  const read = (nowMs: number): Omit<Admission, 'verdict'> => ({
    productMinute: reading(limits.perMinute, productMinute.used(nowMs)),
    productDay: reading(limits.perDay, productDay.used(nowMs)),
    productDayExpiryMs: productDay.expiryMs(nowMs),
    tenantMinute: reading(limits.tenantMinute, tenantMinute.used(nowMs)),
    tenantDay: reading(limits.tenantDay, tenantDay.used(nowMs)),
  });

  // Same order the analyser checks a 429's counters in: day before minute, product before tenant.
  const exhausted = (nowMs: number): GatewayVerdict | null => {
    if (productDay.used(nowMs) >= limits.perDay) return 'product-day';
    if (tenantDay.used(nowMs) >= limits.tenantDay) return 'tenant-day';
    if (productMinute.used(nowMs) >= limits.perMinute) return 'product-minute';
    if (tenantMinute.used(nowMs) >= limits.tenantMinute) return 'tenant-minute';
    return null;
  };

  return {
    admit(keyId, nowMs) {
      const t = (lastMs = Math.max(lastMs, nowMs));
      let verdict: GatewayVerdict = spikeFor(keyId).route(t).accepted ? 'accepted' : 'spike';
      if (verdict === 'accepted') verdict = exhausted(t) ?? 'accepted';
      if (verdict === 'accepted') {
        productMinute.add(t);
        tenantMinute.add(t);
        productDay.add(t);
        tenantDay.add(t);
      }
      counts[verdict]++;
      return { verdict, ...read(t) };
    },
    peek(nowMs) {
      return read(Math.max(lastMs, nowMs));
    },
    counts() {
      return { ...counts };
    },
  };
}

function reading(limit: number, used: number): CounterReading {
  return { limit, used, available: Math.max(0, limit - used) };
}

// FNV-1a of the key mixed into the seed: each key routes independently of the order keys first appear in.
function mixSeed(seed: number, keyId: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < keyId.length; i++) hash = Math.imul(hash ^ keyId.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
