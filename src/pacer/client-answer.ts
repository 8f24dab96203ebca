import { readCappedText } from '../http/read-capped.js';
import type { Answer } from './paced-call.js';

// What `schedule` can read from any client's result: a fetch Response, an axios-like response
// ({ status, headers, data }), or an error carrying one (axios throws on a 429).

// A throttled body is a few hundred bytes; a 5xx page may be large and only its start matters.
const BODY_LIMIT_CHARS = 64 * 1024;

/** The answer of a fetch Response (its body read from a clone, so the caller's stays unread). */
export function fetchAnswer(response: Response): Answer {
  return {
    status: response.status,
    headers: new Map(response.headers),
    body: () => readCappedText(response.clone(), BODY_LIMIT_CHARS),
  };
}

/** The answer of a result of any client, or null when it has no numeric status. */
export function clientAnswer(result: unknown): Answer | null {
  if (typeof Response !== 'undefined' && result instanceof Response) return fetchAnswer(result);
  if (typeof result !== 'object' || result === null) return null;
  const { status, headers, data } = result as { status?: unknown; headers?: unknown; data?: unknown };
  if (typeof status !== 'number') return null;
  return {
    status,
    headers: headerMap(headers),
    body: async () => (typeof data === 'string' ? data : data === undefined ? '' : safeJson(data)),
  };
}

/** The answer inside a thrown error (`error.response`), or null. */
export function errorAnswer(error: unknown): Answer | null {
  if (typeof error !== 'object' || error === null) return null;
  return clientAnswer((error as { response?: unknown }).response);
}

function headerMap(headers: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (typeof headers !== 'object' || headers === null) return map;
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    (headers as Headers).forEach((value, name) => map.set(name.toLowerCase(), value));
    return map;
  }
  // axios' AxiosHeaders keeps the headers as own properties (and has toJSON); a plain object too.
  const plain =
    typeof (headers as { toJSON?: unknown }).toJSON === 'function'
      ? (headers as { toJSON(): unknown }).toJSON()
      : headers;
  for (const [name, value] of Object.entries(plain as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number') map.set(name.toLowerCase(), String(value));
    else if (Array.isArray(value)) map.set(name.toLowerCase(), value.join(', '));
  }
  return map;
}

function safeJson(data: unknown): string {
  try {
    return JSON.stringify(data) ?? '';
  } catch {
    return '';
  }
}
