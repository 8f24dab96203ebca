import { NO_KEY } from '../attribute/vocabulary.js';
import { requestKeyFingerprint } from '../normalise/request-key.js';
import { fetchAnswer } from './client-answer.js';
import type { CallPlan } from './paced-call.js';

// pacer.fetch: the same arguments and answers as fetch, paced per key. The key is the credential
// in `Authorization` or `X-Keap-API-Key`, kept only as a fingerprint.

/** The key fingerprint of a request's headers (`key#<8 hex>`), or NO_KEY when it carries no credential (Keap answers 401). */
export function keyOfHeaders(headers: Headers): string {
  return requestKeyFingerprint((name) => headers.get(name)) ?? NO_KEY;
}

/** The key and the call plan of one fetch call. */
export function fetchCall(
  fetchImpl: typeof globalThis.fetch,
  input: Parameters<typeof globalThis.fetch>[0],
  init: RequestInit | undefined,
): { key: string; plan: CallPlan<Response> } {
  const request = typeof Request !== 'undefined' && input instanceof Request ? input : null;
  // fetch(request, init) sends init's headers when given, the request's otherwise.
  const headers = new Headers(init?.headers ?? request?.headers);
  const streamed = init?.body instanceof ReadableStream;
  return {
    key: keyOfHeaders(headers),
    plan: {
      // A Request's body can be read once: every attempt sends a clone.
      attempt: () => fetchImpl(request ? request.clone() : input, init),
      answerOf: fetchAnswer,
      answerOfError: () => null,
      discard: (response) => void response.body?.cancel().catch(() => undefined),
      replayable: !streamed,
      signal: init?.signal ?? request?.signal ?? undefined,
    },
  };
}
