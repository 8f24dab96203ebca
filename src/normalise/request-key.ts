import { keyIdentity } from './redact.js';

// The request headers that carry a Keap credential; shared by everything that fingerprints a live request.
const CREDENTIAL_HEADERS = ['authorization', 'x-keap-api-key'] as const;

/** A fingerprint (`key#<8 hex>`) of the credential in `Authorization` or `X-Keap-API-Key`, never the credential; null without one. */
export function requestKeyFingerprint(header: (name: string) => string | null | undefined): string | null {
  for (const name of CREDENTIAL_HEADERS) {
    const value = header(name)?.trim();
    if (value) return keyIdentity(value, true);
  }
  return null;
}
