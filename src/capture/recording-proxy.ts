import {
  Agent as HttpAgent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { listenOnLoopback } from '../http/listen-loopback.js';
import { createBodyCapture, type BodyCapture } from './body-capture.js';
import { captureLine } from './capture-line.js';
import type { CaptureLog } from './capture-log.js';

// Headers that belong to one connection, not to the exchange (RFC 9110 §7.6.1): never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
// How long a stop waits for exchanges in flight before cutting them.
const DRAIN_MS = 2000;

/** Settings of a recording proxy. */
export interface RecordingProxyOptions {
  /** Base URL requests are forwarded to (`https://api.infusionsoft.com`, or with a base path). */
  readonly target: string;
  /** Where each exchange is appended. */
  readonly log: CaptureLog;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
}

/** A running recording proxy. */
export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`: the base URL a client uses instead of the target's. */
  readonly url: string;
  readonly port: number;
  /** Exchanges recorded so far. */
  recorded(): number;
  /** Stops accepting, lets exchanges in flight finish (up to 2 s), and flushes the log (it stays open). */
  close(): Promise<void>;
}

/** Starts an HTTP proxy on 127.0.0.1 that forwards to `target` and records every exchange. */
export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new RangeError(`target ${options.target} must be an http:// or https:// URL`);
  if (target.username || target.password) throw new RangeError('target must not carry credentials');
  const secure = target.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const basePath = target.pathname.replace(/\/+$/, '');
  const inFlight = new Set<Promise<void>>();
  let recorded = 0;

  const forward = (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    new Promise((settle) => {
      const sentMs = Date.now();
      const url = `${target.origin}${basePath}${req.url ?? '/'}`;
      const method = req.method ?? 'GET';
      let receivedMs: number | null = null;
      let status: number | null = null;
      let upstream: IncomingMessage | null = null;
      let body: BodyCapture | null = null;
      let done = false;
      // One line per exchange, however it ends; written before the client gets its answer (see below).
      const finish = (proxyError?: string): Promise<void> => {
        if (done) return Promise.resolve();
        done = true;
        recorded++;
        const written = options.log.write(
          captureLine({
            sentMs,
            receivedMs,
            method,
            url,
            status,
            requestHeader: (name) => single(req.headers[name]),
            responseHeaders: upstream ? headerPairs(upstream.rawHeaders) : [],
            body: body?.text() ?? null,
            ...(proxyError !== undefined && { proxyError }),
          }),
        );
        void written.then(settle);
        return written;
      };

      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'host') headers[name] = value;
      }
      headers['host'] = target.host;
      const outgoing = (secure ? httpsRequest : httpRequest)(url, { method, headers, agent });

      // The client sees nothing of the answer before its line is written. An error body (small) is
      // held until it ends or fills the capture; a 2xx body streams through untouched.
      outgoing.on('response', (response) => {
        receivedMs = Date.now();
        upstream = response;
        const code = (status = response.statusCode ?? 502);
        const pairs: string[] = [];
        for (const [name, value] of headerPairs(response.rawHeaders)) {
          if (!HOP_BY_HOP.has(name.toLowerCase())) pairs.push(name, value);
        }
        const held: Buffer[] = [];
        let ended = false;
        let released = false;
        const release = (): void => {
          if (released) return;
          released = true;
          response.off('data', hold);
          response.pause();
          void finish().then(() => {
            res.writeHead(code, response.statusMessage, pairs);
            for (const chunk of held) res.write(chunk);
            if (ended) res.end();
            else response.pipe(res);
          });
        };
        const hold = (chunk: Buffer): void => {
          body?.add(chunk);
          held.push(chunk);
          if (body?.full()) release();
        };
        response.on('error', () => void finish('the target cut the response short').then(() => res.destroy()));
        if (code >= 200 && code <= 299) return release();
        body = createBodyCapture(single(response.headers['content-encoding']));
        response.on('data', hold);
        response.once('end', () => {
          ended = true;
          release();
        });
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        if (res.headersSent) {
          void finish('the target cut the response short').then(() => res.destroy());
          return;
        }
        const reason = `the target did not answer (${error.code ?? error.message})`;
        const text = JSON.stringify({ error: `keap-throttle record: ${reason}` });
        status = 502;
        void finish(reason).then(() => {
          res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        });
      });
      // A socket error here already ends the exchange through 'close'; it must not crash the proxy.
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      res.on('close', () => {
        if (done) return;
        outgoing.destroy();
        void finish(
          upstream
            ? 'the client closed the connection during the response'
            : 'the client closed the connection before the target answered',
        );
      });
      req.pipe(outgoing);
    });

  const server = createServer((req, res) => {
    const exchange = forward(req, res);
    inFlight.add(exchange);
    void exchange.then(() => inFlight.delete(exchange));
  });
  const port = await listenOnLoopback(server, options.port);
  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    recorded: () => recorded,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.all(inFlight),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS))),
        ]);
        clearTimeout(timer);
        server.closeAllConnections();
        await stopped;
        agent.destroy();
        await options.log.flush();
      })();
      return closing;
    },
  };
}

function headerPairs(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
