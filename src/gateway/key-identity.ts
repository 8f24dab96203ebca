import type { IncomingHttpHeaders } from 'node:http';
import { keyIdentity } from '../normalise/redact.js';

/** The caller's key as a fingerprint (`key#<8 hex>`) from `Authorization: Bearer …` or `X-Keap-API-Key`; null without one. */
export function requestKeyId(headers: IncomingHttpHeaders): string | null {
  const authorization = single(headers['authorization']);
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (bearer) return keyIdentity(bearer, true);
  const apiKey = single(headers['x-keap-api-key'])?.trim();
  return apiKey ? keyIdentity(apiKey, true) : null;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
