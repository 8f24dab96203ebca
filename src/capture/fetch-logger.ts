import { readCappedText } from '../http/read-capped.js';
import { BODY_LIMIT_CHARS, captureLine } from './capture-line.js';
import type { CaptureLog } from './capture-log.js';

type Fetch = typeof globalThis.fetch;

/**
 * A drop-in `fetch` that appends one capture line per response to `log` without delaying the
 * response (non-2xx bodies are read from a clone in the background). Network errors are rethrown
 * unlogged: there is no HTTP exchange to record.
 */
export function captureFetch(log: CaptureLog, fetchImpl: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const sentMs = Date.now();
    const response = await fetchImpl(input, init);
    const receivedMs = Date.now();
    const requestHeaders = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const exchange = {
      sentMs,
      receivedMs,
      method: init?.method ?? (input instanceof Request ? input.method : 'GET'),
      url: response.url || (input instanceof Request ? input.url : String(input)),
      status: response.status,
      requestHeader: (name: string) => requestHeaders.get(name),
      responseHeaders: [...response.headers],
    };
    if (response.ok) {
      log.append(captureLine(exchange));
    } else {
      // One character past the cap tells captureLine the body was cut; a clone never buffers a large body whole.
      log.append(
        readCappedText(response.clone(), BODY_LIMIT_CHARS + 1).then((body) => captureLine({ ...exchange, body })),
      );
    }
    return response;
  };
}
