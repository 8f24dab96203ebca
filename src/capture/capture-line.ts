import { redactText } from '../normalise/redact.js';
import { requestKeyFingerprint } from '../normalise/request-key.js';
import { redactedUrl } from './redact-url.js';

// One line per exchange, in field names `analyze` already reads (sent_at → time, response_headers →
// headers, response_body → body, key → key label): see schema/capture-line.schema.json.

/** Longest response body kept, in characters: Keap's and Apigee's fault bodies are a few hundred. */
export const BODY_LIMIT_CHARS = 4096;

// The response headers that explain throttling; everything else (cookies above all) stays out of the log.
const KEPT_HEADER = /^(x-keap-|x-apigee-)|^(date|retry-after|x-request-id)$/i;

/** One recorded exchange, as written to the NDJSON file. */
export interface CaptureLine {
  /** When the request was sent, ISO-8601 UTC with milliseconds. */
  readonly sent_at: string;
  /** When the response headers arrived; null when none did. */
  readonly received_at: string | null;
  readonly duration_ms: number | null;
  readonly method: string;
  /** Scheme, host, path and query, with credentials removed. */
  readonly url: string;
  /** HTTP status; null when the exchange ended without one. */
  readonly status: number | null;
  /** `key#<8 hex>` fingerprint of the credential; null when the request carried none. */
  readonly key: string | null;
  /** x-keap-*, x-apigee-*, date, retry-after and x-request-id, names lower-cased. */
  readonly response_headers: Readonly<Record<string, string>>;
  /** Body of a non-2xx response, redacted and capped at BODY_LIMIT_CHARS. */
  readonly response_body?: string;
  readonly response_body_truncated?: true;
  /** Why a recording proxy could not complete the exchange (target down, connection cut). */
  readonly proxy_error?: string;
}

/** What a logger knows about one exchange, before redaction. */
export interface Exchange {
  readonly sentMs: number;
  readonly receivedMs: number | null;
  readonly method: string;
  readonly url: string;
  readonly status: number | null;
  /** Request header lookup by lower-case name (only the credential is read, to fingerprint it). */
  readonly requestHeader: (name: string) => string | null | undefined;
  readonly responseHeaders: Iterable<readonly [string, string]>;
  /** Response body text; only kept for non-2xx statuses. */
  readonly body?: string | null;
  readonly proxyError?: string;
}

/** The redacted line for an exchange: no credential in URL, key, headers or body. */
export function captureLine(exchange: Exchange): CaptureLine {
  const headers: Record<string, string> = {};
  for (const [name, value] of exchange.responseHeaders) {
    const lower = name.toLowerCase();
    if (KEPT_HEADER.test(lower)) headers[lower] = lower in headers ? `${headers[lower]}, ${value}` : value;
  }
  const status = exchange.status;
  const keepBody = status !== null && (status < 200 || status > 299) && exchange.body;
  const body = keepBody ? redactText(exchange.body as string) : '';
  const truncated = body.length > BODY_LIMIT_CHARS;
  return {
    sent_at: new Date(exchange.sentMs).toISOString(),
    received_at: exchange.receivedMs === null ? null : new Date(exchange.receivedMs).toISOString(),
    duration_ms: exchange.receivedMs === null ? null : Math.max(0, exchange.receivedMs - exchange.sentMs),
    method: exchange.method.toUpperCase(),
    url: redactedUrl(exchange.url),
    status,
    key: requestKeyFingerprint(exchange.requestHeader),
    response_headers: headers,
    ...(keepBody && { response_body: truncated ? body.slice(0, BODY_LIMIT_CHARS) : body }),
    ...(truncated && { response_body_truncated: true as const }),
    ...(exchange.proxyError !== undefined && { proxy_error: redactText(exchange.proxyError) }),
  };
}
