import { captureLine } from './capture-line.js';
import type { CaptureLog } from './capture-log.js';

// Duck-typed so keap-throttle needs no axios dependency: only the interceptor API axios has had since 0.x.

interface AxiosLikeConfig {
  method?: string;
  url?: string;
  baseURL?: string;
  headers?: unknown;
  [key: string]: unknown;
}

interface AxiosLikeResponse {
  status: number;
  headers?: unknown;
  data?: unknown;
  config?: AxiosLikeConfig;
}

/** The part of an axios instance the logger uses. */
export interface AxiosLike {
  interceptors: {
    request: { use(onFulfilled: (config: any) => any): number };
    response: { use(onFulfilled: (response: any) => any, onRejected: (error: any) => any): number };
  };
  getUri?(config?: any): string;
}

const SENT_AT = Symbol('keap-throttle.sentAt');

/** Adds interceptors to an axios instance that append one capture line per response (errors with a response too). */
export function captureAxios(instance: AxiosLike, log: CaptureLog): void {
  instance.interceptors.request.use((config: AxiosLikeConfig & { [SENT_AT]?: number }) => {
    config[SENT_AT] = Date.now();
    return config;
  });
  const record = (response: AxiosLikeResponse): void => {
    const config = (response.config ?? {}) as AxiosLikeConfig & { [SENT_AT]?: number };
    const receivedMs = Date.now();
    const requestHeaders = headerEntries(config.headers);
    log.append(
      captureLine({
        sentMs: config[SENT_AT] ?? receivedMs,
        receivedMs,
        method: config.method ?? 'get',
        url: requestUrl(instance, config),
        status: response.status,
        requestHeader: (name) => requestHeaders.find(([key]) => key.toLowerCase() === name)?.[1],
        responseHeaders: headerEntries(response.headers),
        body: bodyText(response.data),
      }),
    );
  };
  instance.interceptors.response.use(
    (response: AxiosLikeResponse) => {
      record(response);
      return response;
    },
    (error: { response?: AxiosLikeResponse }) => {
      if (error?.response) record(error.response);
      return Promise.reject(error);
    },
  );
}

function requestUrl(instance: AxiosLike, config: AxiosLikeConfig): string {
  if (typeof instance.getUri === 'function') {
    try {
      return instance.getUri(config);
    } catch {
      // Fall through to joining the parts by hand.
    }
  }
  const url = config.url ?? '';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || !config.baseURL) return url;
  return `${config.baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

// AxiosHeaders (1.x) has toJSON(); 0.x uses plain objects; values may be arrays (set-cookie).
function headerEntries(headers: unknown): Array<[string, string]> {
  if (!headers || typeof headers !== 'object') return [];
  const plain =
    typeof (headers as { toJSON?: unknown }).toJSON === 'function'
      ? (headers as { toJSON(): unknown }).toJSON()
      : headers;
  const entries: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(plain as Record<string, unknown>)) {
    if (
      value === undefined ||
      value === null ||
      typeof value === 'function' ||
      (typeof value === 'object' && !Array.isArray(value))
    )
      continue;
    entries.push([name, Array.isArray(value) ? value.map(String).join(', ') : String(value)]);
  }
  return entries;
}

function bodyText(data: unknown): string | null {
  if (data === undefined || data === null) return null;
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  try {
    return JSON.stringify(data);
  } catch {
    return String(data);
  }
}
