import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../http/listen-loopback.js';
import { redactedPath } from '../normalise/redact.js';
import { acceptedBody, throttledBody, unauthorizedBody } from './bodies.js';
import { blankKeapHeaders, KEAP_HEADER_NAMES, keapHeaders } from './headers.js';
import { requestKeyId } from './key-identity.js';
import { createLimitsState, type GatewayLimits, type GatewayVerdict, type VerdictCounts } from './limits-state.js';

/** Settings of a mock gateway; every field is optional. */
export interface MockGatewayOptions extends Partial<GatewayLimits> {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** Added before every answer, in ms (default 0). */
  readonly latencyMs?: number;
  /** Answer 429s with Apigee's SpikeArrest / Quota faults instead of Keap's generic body. */
  readonly faults?: boolean;
  /** Value of `x-keap-tenant-id`. */
  readonly tenantId?: string;
  /** Clock in epoch ms (default: sub-millisecond and monotonic), so tests can cross a UTC midnight. */
  readonly now?: () => number;
  /** Called with every request the limits decided (key fingerprint, arrival ms, verdict), e.g. to measure spacing. */
  readonly onAdmission?: (admission: {
    readonly keyId: string;
    readonly atMs: number;
    readonly verdict: GatewayVerdict;
  }) => void;
}

/** A running mock gateway. */
export interface MockGateway {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Requests answered so far by verdict, plus `unauthenticated` (401) and `preflight` (CORS OPTIONS). */
  stats(): MockGatewayStats;
  /** Stops listening, drops open connections and pending answers. */
  close(): Promise<void>;
}

/** Totals a mock gateway reports. */
export interface MockGatewayStats extends VerdictCounts {
  readonly unauthenticated: number;
  readonly preflight: number;
}

/** Defaults: a PAT/SAK-like key (10/s over 6 processors, 240/min, 30,000/day) on a 2026 tenant. */
export const MOCK_GATEWAY_DEFAULTS = {
  rate: 10,
  processors: 6,
  perMinute: 240,
  perDay: 30_000,
  tenantMinute: 10_000,
  tenantDay: 250_000,
  seed: 1,
  latencyMs: 0,
  tenantId: 'mock.infusionsoft.com',
} as const;

const EXPOSED_HEADERS = [...KEAP_HEADER_NAMES, 'x-request-id', 'retry-after', 'date'].join(', ');

/** Starts a local Keap-like gateway on 127.0.0.1 (never another interface). */
export async function startMockGateway(options: MockGatewayOptions = {}): Promise<MockGateway> {
  const limits: GatewayLimits = {
    rate: options.rate ?? MOCK_GATEWAY_DEFAULTS.rate,
    processors: options.processors ?? MOCK_GATEWAY_DEFAULTS.processors,
    perMinute: options.perMinute ?? MOCK_GATEWAY_DEFAULTS.perMinute,
    perDay: options.perDay ?? MOCK_GATEWAY_DEFAULTS.perDay,
    tenantMinute: options.tenantMinute ?? MOCK_GATEWAY_DEFAULTS.tenantMinute,
    tenantDay: options.tenantDay ?? MOCK_GATEWAY_DEFAULTS.tenantDay,
    seed: options.seed ?? MOCK_GATEWAY_DEFAULTS.seed,
  };
  checkLimits(limits);
  const latencyMs = options.latencyMs ?? MOCK_GATEWAY_DEFAULTS.latencyMs;
  if (!(Number.isFinite(latencyMs) && latencyMs >= 0)) throw new RangeError(`latencyMs ${latencyMs} must be ≥ 0`);
  const tenantId = options.tenantId ?? MOCK_GATEWAY_DEFAULTS.tenantId;
  // SpikeArrest intervals at high rates are a fraction of a millisecond: Date.now() would be too coarse.
  const now = options.now ?? (() => performance.timeOrigin + performance.now());
  const faults = options.faults ?? false;
  const state = createLimitsState(limits);
  const pending = new Set<NodeJS.Timeout>();
  let unauthenticated = 0;
  let preflight = 0;

  const answer = (res: ServerResponse, status: number, headers: Record<string, string>, body: string): void => {
    const send = (): void => {
      if (res.destroyed) return;
      res.writeHead(status, {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'access-control-allow-origin': '*',
        'access-control-expose-headers': EXPOSED_HEADERS,
      });
      res.end(body);
    };
    if (latencyMs === 0) return send();
    const timer = setTimeout(() => {
      pending.delete(timer);
      send();
    }, latencyMs);
    pending.add(timer);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const arrivedMs = now();
    // The request body is not needed, but it must be read for the connection to be reused.
    req.resume();
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      preflight++;
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'authorization',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const requestId = randomUUID();
    const keyId = requestKeyId(req.headers);
    if (keyId === null) {
      unauthenticated++;
      answer(res, 401, { ...blankKeapHeaders(), 'x-request-id': requestId }, unauthorizedBody());
      return;
    }
    const admission = state.admit(keyId, arrivedMs);
    options.onAdmission?.({ keyId, atMs: arrivedMs, verdict: admission.verdict });
    const headers = { ...keapHeaders(admission, limits, tenantId), 'x-request-id': requestId };
    const method = req.method ?? 'GET';
    if (admission.verdict === 'accepted') {
      answer(res, 200, headers, acceptedBody(method, redactedPath(req.url ?? '/').split('?')[0] ?? '/', requestId));
    } else {
      answer(res, 429, headers, throttledBody(admission.verdict, limits, faults, keyId));
    }
  };

  const server = createServer(handle);
  const port = await listenOnLoopback(server, options.port);
  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: () => ({ ...state.counts(), unauthenticated, preflight }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function checkLimits(limits: GatewayLimits): void {
  if (!(Number.isFinite(limits.rate) && limits.rate > 0)) throw new RangeError(`rate ${limits.rate} must be > 0`);
  for (const name of ['processors', 'perMinute', 'perDay', 'tenantMinute', 'tenantDay'] as const) {
    const value = limits[name];
    if (!(Number.isInteger(value) && value >= 1)) throw new RangeError(`${name} ${value} must be a whole number ≥ 1`);
  }
  if (!Number.isInteger(limits.seed)) throw new RangeError(`seed ${limits.seed} must be a whole number`);
}
