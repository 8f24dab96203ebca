import type { MessageRate } from '../types.js';

const MESSAGE_RATE = /MessageRate\{\s*messagesPerPeriod=(\d+(?:\.\d+)?),\s*periodInMicroseconds=(\d+),\s*maxBurstMessageCount=(\d+(?:\.\d+)?)\s*\}/;

/** Reads Apigee's `MessageRate{messagesPerPeriod=…, periodInMicroseconds=…, maxBurstMessageCount=…}` from any text. */
export function parseMessageRate(text: string): MessageRate | null {
  const match = MESSAGE_RATE.exec(text);
  if (!match) return null;
  return { messagesPerPeriod: Number(match[1]), periodMicros: Number(match[2]), maxBurst: Number(match[3]) };
}
