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
      log.append(readCapped(response.clone()).then((body) => captureLine({ ...exchange, body })));
    }
    return response;
  };
}

// Reads at most one character past the cap and cancels the rest: a clone never buffers a whole large body.
async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length <= BODY_LIMIT_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
  } catch {
    // A body cut by the network still yields the part that arrived.
  }
  return text;
}
