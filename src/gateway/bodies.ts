import type { GatewayLimits, GatewayVerdict } from './limits-state.js';

// Response bodies as Keap and Apigee write them (domain §3): Keap's generic 429 whatever fired, or
// with faults on Apigee's own SpikeArrest / Quota faults, whose MessageRate shows the per-processor split.

/** Keap's generic 429 body (the same for every limit). */
export const KEAP_429_BODY = '{"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}';

/** The body of a throttled response for the layer that rejected it. */
export function throttledBody(
  verdict: Exclude<GatewayVerdict, 'accepted'>,
  limits: Pick<GatewayLimits, 'rate' | 'processors'>,
  faults: boolean,
  identifier: string,
): string {
  if (!faults) return KEAP_429_BODY;
  if (verdict === 'spike') {
    const rate = `MessageRate{messagesPerPeriod=${limits.rate}, periodInMicroseconds=${limits.processors * 1_000_000}, maxBurstMessageCount=1.0}`;
    return fault(`Spike arrest violation. Allowed rate : ${rate}`, 'policies.ratelimit.SpikeArrestViolation');
  }
  return fault(
    `Rate limit quota violation. Quota limit exceeded. Identifier : ${identifier}`,
    'policies.ratelimit.QuotaViolation',
  );
}

/** Apigee's answer to a request without a usable credential. */
export function unauthorizedBody(): string {
  return fault('Invalid Access Token', 'keymanagement.service.invalid_access_token');
}

/** A small JSON body for an accepted request (the path only: a query may hold a credential). */
export function acceptedBody(method: string, path: string, requestId: string): string {
  return JSON.stringify({ mock: 'keap-throttle mock-gateway', method, path, requestId });
}

function fault(faultstring: string, errorcode: string): string {
  return JSON.stringify({ fault: { faultstring, detail: { errorcode } } });
}
