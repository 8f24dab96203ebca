import { keyIdentity } from '../normalise/redact.js';

/** A fingerprint (`key#<8 hex>`) of the credential in `Authorization` or `X-Keap-API-Key`, never the credential; null without one. */
export function requestKeyFingerprint(header: (name: string) => string | null | undefined): string | null {
  for (const name of ['authorization', 'x-keap-api-key']) {
    const value = header(name)?.trim();
    if (value) return keyIdentity(value, true);
  }
  return null;
}
