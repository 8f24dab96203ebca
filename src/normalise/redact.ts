import { createHash } from 'node:crypto';

// Query parameters that carry credentials in Keap and OAuth URLs.
const SECRET_PARAMS = /^(access_token|api_key|apikey|key|token|client_secret|refresh_token|code|password|secret)$/i;
// Bearer tokens, Keap PAT/SAK values and JSON/form fields that carry credentials.
const SECRET_IN_TEXT = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bKeapAK-[A-Za-z0-9._-]+/g,
  /("?(?:access_token|refresh_token|client_secret|api_key|apikey|password|authorization)"?\s*[:=]\s*"?)[^"&,\s}]+/gi,
];

/** Text with credentials replaced by `[redacted]`. */
export function redactText(text: string): string {
  let result = text;
  for (const pattern of SECRET_IN_TEXT) {
    result = result.replace(pattern, (_match, prefix: unknown) =>
      typeof prefix === 'string' && !/^(Bearer|Basic)$/i.test(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return result;
}

/** Path and query of a URL (scheme and host dropped) with credential parameters redacted. */
export function redactedPath(url: string): string {
  const trimmed = url.trim();
  const withoutOrigin = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  const [path = '', query] = withoutOrigin.split('?', 2);
  if (query === undefined) return path;
  const redacted = query
    .split('&')
    .map((pair) => {
      const [name = ''] = pair.split('=', 1);
      return SECRET_PARAMS.test(decodeSafely(name)) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${path}?${redacted}`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// A logged key label ("worker-1", "forms SAK") is kept; anything secret-looking becomes a fingerprint.
const LOOKS_SECRET = /^(Bearer\s+|Basic\s+|KeapAK-)|^[A-Za-z0-9._~+/=-]{20,}$/i;

/** A key identity safe to print: the label as logged, or `key#<8 hex>` for a secret (always, from a secret column). */
export function keyIdentity(value: string, fromSecretColumn = false): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (!fromSecretColumn && !LOOKS_SECRET.test(trimmed))
    return trimmed.length > 64 ? `${trimmed.slice(0, 61)}...` : trimmed;
  const secret = trimmed.replace(/^(Bearer|Basic)\s+/i, '');
  return `key#${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
}
