import type { RequestEvent } from '../types.js';

// Older gateways answered throttling with 500 (Apigee Edge), 503 (microgateway) or 403 (Mashery): the body tells.
const THROTTLE_BODIES = new Set([
  'spike-arrest',
  'quota-violation',
  'xmlrpc-throttle',
  'gateway-spike',
  'keap-generic',
]);

/** True when a response is a rate-limit rejection: any 429, or another status carrying a throttle body. */
export function isThrottled(event: RequestEvent): boolean {
  if (event.status === 429) return true;
  return THROTTLE_BODIES.has(event.body.kind);
}

/** A response that failed for another reason (auth, method, server) and must never be called throttling. */
export function isOtherError(event: RequestEvent): boolean {
  return event.status >= 400 && !isThrottled(event);
}
