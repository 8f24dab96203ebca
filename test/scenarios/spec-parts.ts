// Pieces of scenario settings several focused tests share.
import type { ForeignPlan } from './clients.js';
import type { QuotaLimits } from './gateway.js';

/** Limits where only the product minute can run out: the others lie far beyond any test's traffic. */
export function minuteOnlyLimits(productPerMinute: number): QuotaLimits {
  return { productPerMinute, productPerDay: 10_000_000, tenantPerMinute: 10_000_000, tenantPerDay: 10_000_000 };
}

/** Others on the tenant's other keys, in the client's product bucket, at a Poisson pace for the whole log. */
export function othersInProduct(perSecond: number): ForeignPlan {
  return { reach: 'product', perSecond, fromMs: 0, toMs: Number.MAX_SAFE_INTEGER, pattern: 'poisson' };
}
