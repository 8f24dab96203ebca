import type { MessageRate } from '../types.js';

// Apigee prints each message processor's own share as `MessageRate{…}` (Java toString); fields may come in any order.
const MESSAGE_RATE_BLOCK = /MessageRate\s*\{([^}]*)\}/;
const FIELD = /(\w+)\s*=\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/g;

/** The `MessageRate{…}` found anywhere in `text`, or null when absent, cut off, missing a field or not positive. */
export function parseMessageRate(text: string): MessageRate | null {
  const block = MESSAGE_RATE_BLOCK.exec(text);
  // A client that cut the body (Guzzle's "(truncated...)") leaves a block that runs on past the cut: unknown, not a value.
  if (!block || /truncated|["\n]/.test(block[1] ?? '')) return null;
  const fields = new Map<string, number>();
  for (const m of (block[1] ?? '').matchAll(FIELD)) fields.set(m[1] as string, Number(m[2]));
  const messagesPerPeriod = fields.get('messagesPerPeriod');
  const periodMicros = fields.get('periodInMicroseconds');
  const maxBurst = fields.get('maxBurstMessageCount');
  if (messagesPerPeriod === undefined || periodMicros === undefined || maxBurst === undefined) return null;
  if (!(messagesPerPeriod > 0) || !(periodMicros > 0) || !(maxBurst >= 0)) return null;
  return { messagesPerPeriod, periodMicros, maxBurst };
}
