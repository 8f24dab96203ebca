// What a response's counters say is left in each layer, read the same way wherever a verdict needs it.
import type { CounterLayer, PerCounterLayer } from '../ledger/index.js';
import type { CounterSnapshot, Counters } from '../types.js';

/** The header a layer's remaining count is read from. */
export const LEFT_HEADER: Readonly<Record<CounterLayer, string>> = {
  'product-minute': 'x-keap-product-throttle-available',
  'product-day': 'x-keap-product-quota-available',
  'tenant-minute': 'x-keap-tenant-throttle-available (minute)',
  'tenant-day': 'x-keap-tenant-throttle-available (day)',
};

// Daily buckets outrank minute buckets, product outranks tenant, when several are empty at once (domain §8).
export const EXHAUSTION_ORDER: readonly CounterLayer[] = [
  'product-day',
  'tenant-day',
  'product-minute',
  'tenant-minute',
];

/** The first layer, in the order empty buckets outrank each other, with at most `slack` left; null when none. */
export function firstExhausted(left: PerCounterLayer<number | null>, slack: number): CounterLayer | null {
  for (const layer of EXHAUSTION_ORDER) {
    const value = left[layer];
    if (value !== null && value <= slack) return layer;
  }
  return null;
}

/** Nothing reported in any layer. */
export const NOTHING_LEFT_KNOWN: PerCounterLayer<number | null> = {
  'product-minute': null,
  'product-day': null,
  'tenant-minute': null,
  'tenant-day': null,
};

/** Remaining capacity per layer from one response's counters (available, else limit − used). */
export function leftOf(counters: Counters): PerCounterLayer<number | null> {
  return {
    'product-minute': remaining(counters.productThrottle),
    'product-day': remaining(counters.productQuota),
    'tenant-minute': remaining(counters.tenantMinute),
    'tenant-day': remaining(counters.tenantDay),
  };
}

/** What one layer's counter says is left on one response (no object per call, unlike leftOf). */
export function leftIn(counters: Counters, layer: CounterLayer): number | null {
  switch (layer) {
    case 'product-minute':
      return remaining(counters.productThrottle);
    case 'product-day':
      return remaining(counters.productQuota);
    case 'tenant-minute':
      return remaining(counters.tenantMinute);
    case 'tenant-day':
      return remaining(counters.tenantDay);
  }
}

/** The limit each layer's counter named on one response. */
export function limitsOf(counters: Counters): PerCounterLayer<number | null> {
  return {
    'product-minute': counters.productThrottle?.limit ?? null,
    'product-day': counters.productQuota?.limit ?? null,
    'tenant-minute': counters.tenantMinute?.limit ?? null,
    'tenant-day': counters.tenantDay?.limit ?? null,
  };
}

/** Whether some layer's counter shows at most `slack` left (no object per call: this runs on every row). */
export function anyAtMostLeft(counters: Counters, slack: number): boolean {
  return (
    atMost(counters.productThrottle, slack) ||
    atMost(counters.productQuota, slack) ||
    atMost(counters.tenantMinute, slack) ||
    atMost(counters.tenantDay, slack)
  );
}

function atMost(snapshot: CounterSnapshot | undefined, slack: number): boolean {
  const left = remaining(snapshot);
  return left !== null && left <= slack;
}

/** Whether any layer reported a number. */
export function anyKnown(left: PerCounterLayer<number | null>): boolean {
  return Object.values(left).some((value) => value !== null);
}

function remaining(snapshot: CounterSnapshot | undefined): number | null {
  if (!snapshot) return null;
  if (snapshot.available !== null) return snapshot.available;
  if (snapshot.limit !== null && snapshot.used !== null) return snapshot.limit - snapshot.used;
  return null;
}
