import { hasResponseHeaderNames, headersFromValue, printedObjects } from '../header-print.js';
import type { PythonValue } from '../python-literal.js';
import { parseHttpMessage } from './http-message.js';

/** What a log line says about one HTTP call; every field may be missing. */
export interface HttpFacts {
  /** What kind of line it is: the client's own record of the exchange, the app's line about the response, or the exception raised for it. */
  role: LineRole | null;
  method: string | null;
  /** The URL or path as logged (redacted later, in normalise). */
  url: string | null;
  host: string | null;
  status: string | null;
  headers: Map<string, string>;
  /** The credential request header when the line shows one (fingerprinted later, never printed). */
  credential: { readonly name: 'authorization' | 'x-keap-api-key'; readonly value: string } | null;
  body: string | null;
  /** False when the client cut the body (Guzzle's "(truncated...)"): a MessageRate in it is not to be trusted. */
  bodyComplete: boolean;
  /** A time with a zone inside the message (Guzzle's SHORT format writes one): lets a zone-less entry time get a hint. */
  zonedTime: string | null;
}

/** wire: the HTTP client's own log of the exchange; response: the app's line about it; exception: the error raised for it. */
export type LineRole = 'wire' | 'response' | 'exception';

const METHOD = '(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)';
// Guzzle's RequestException::create: Client error: `POST https://…` resulted in a `429 Too Many Requests` response:
const GUZZLE_EXCEPTION = new RegExp(
  `(?:Client|Server) error: \`${METHOD} ([^\`\\s]+)\` resulted in a \`(\\d{3})[^\`]*\` response:?`,
);
// PHP's exception normaliser: [object] (GuzzleHttp\Exception\ClientException(code: 429): …
const PHP_EXCEPTION_CODE = /(?:ClientException|ServerException|RequestException|BadResponseException)\(code: (\d{3})\)/;
// requests: 429 Client Error: Too Many Requests for url: https://…
const REQUESTS_ERROR = /\b(\d{3}) (?:Client|Server) Error: .*? for url: (\S+)/;
// httpx: Client error '429 Too Many Requests' for url 'https://…'
const HTTPX_ERROR = /(?:Client|Server) error '(\d{3})[^']*' for url '([^']+)'/;
// httpx ≥ 0.24 at INFO: HTTP Request: POST https://… "HTTP/1.1 429 Too Many Requests"
const HTTPX_REQUEST = new RegExp(`HTTP Request: ${METHOD} (\\S+) "HTTP/[\\d.]+ (\\d{3})`);
// urllib3 at DEBUG, Guzzle's CLF/SHORT formats, access logs: [host] "POST /path HTTP/1.1" 429
const REQUEST_LINE = new RegExp(`(?:(https?://[^\\s"]+) )?"${METHOD} (\\S+) HTTP/[\\d.]+" (\\d{3})\\b`);
// Guzzle's MessageFormatter::DEBUG: >>>>>>>> request <<<<<<<< response -------- error
const GUZZLE_DUMP = /<{8}([\s\S]*?)(?:-{8}|$)/;
const GUZZLE_DUMP_REQUEST = />{8}([\s\S]*?)<{8}/;
// The app's own line: a method with a URL or path, and a status said in one of the usual ways.
const METHOD_URL = new RegExp(`\\b${METHOD}\\s+(https?://[^\\s'"\`<>]+|/[^\\s'"\`<>]*)`);
const STATUS_SAID =
  /(?:->|=>|\bstatus(?:_code|Code)?\s*[=:]\s*|\bHTTP\/?[\d.]* |\bcode\s*[=:]\s*|\breturned |\bresponded |\bgot )\s*([1-5]\d\d)\b|\b([1-5]\d\d) (?:Too Many Requests|OK|Created|No Content|Bad Request|Unauthorized|Forbidden|Not Found|Internal Server Error|Service Unavailable)\b/i;
const FAULT_TEXT = /Spike arrest violation[^"'\n]*|Rate limit quota violation[^"'\n]*/i;
const TRUNCATED = ' (truncated...)';
const ZONED_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})(?![\w:])/;

/** Reads what a log entry says about an HTTP call; role null when it says nothing about one. */
export function httpFacts(text: string): HttpFacts {
  const facts: HttpFacts = {
    role: null,
    method: null,
    url: null,
    host: null,
    status: null,
    headers: new Map(),
    credential: null,
    body: null,
    bodyComplete: true,
    zonedTime: ZONED_TIME.exec(text)?.[0] ?? null,
  };
  wireFacts(text, facts);
  exceptionFacts(text, facts);
  // The exception often sits JSON-escaped in the context ({"exception":"[object] (…: Client error: `POST …`");
  if (facts.role !== 'exception' && /\\"|\\n/.test(text)) exceptionFacts(unescapeJson(text), facts, false);
  responseFacts(text, facts);
  printedFacts(text, facts);
  return facts;
}

function wireFacts(text: string, facts: HttpFacts): void {
  const dump = GUZZLE_DUMP.exec(text);
  if (dump) {
    const response = parseHttpMessage(dump[1] ?? '');
    if (response) {
      claim(facts, 'wire');
      facts.status ??= response.status;
      for (const [name, value] of response.headers) if (!facts.headers.has(name)) facts.headers.set(name, value);
      if (response.body !== '' && facts.body === null) facts.body = response.body;
      const request = parseHttpMessage(GUZZLE_DUMP_REQUEST.exec(text)?.[1] ?? '');
      if (request?.requestLine) {
        facts.method ??= request.requestLine.method;
        facts.url ??= request.requestLine.target;
        facts.host ??= request.headers.get('host') ?? null;
        facts.credential ??= credentialOf(request.headers);
      }
      return;
    }
  }
  const httpx = HTTPX_REQUEST.exec(text);
  if (httpx) {
    claim(facts, 'wire');
    setRequest(facts, httpx[1], httpx[2], httpx[3]);
    return;
  }
  const line = REQUEST_LINE.exec(text);
  if (line) {
    claim(facts, 'wire');
    setRequest(facts, line[2], line[3], line[4]);
    if (line[1] && !/^https?:\/\//i.test(line[3] ?? '')) facts.host ??= hostOf(line[1]);
  }
}

function exceptionFacts(text: string, facts: HttpFacts, raw = true): void {
  const guzzle = GUZZLE_EXCEPTION.exec(text);
  if (guzzle) {
    claim(facts, 'exception');
    setRequest(facts, guzzle[1], guzzle[2], guzzle[3]);
    const after = text.slice((guzzle.index ?? 0) + guzzle[0].length);
    // Inside the JSON context the body's line break and quotes are escaped: read it as the message had it.
    const body = guzzleBody(/^\s*\\n/.test(after) ? unescapeJson(after) : after);
    // A complete body (from the client's own dump) beats the exception's 120-character summary.
    if (body && (facts.body === null || (!facts.bodyComplete && body.complete))) {
      facts.body = body.text;
      facts.bodyComplete = body.complete;
    }
    return;
  }
  const requests = REQUESTS_ERROR.exec(text) ?? null;
  if (requests) {
    claim(facts, 'exception');
    setRequest(facts, undefined, requests[2], requests[1]);
    return;
  }
  const httpx = HTTPX_ERROR.exec(text);
  if (httpx) {
    claim(facts, 'exception');
    setRequest(facts, undefined, httpx[2], httpx[1]);
    return;
  }
  const code = raw ? PHP_EXCEPTION_CODE.exec(text) : null;
  if (code) {
    claim(facts, 'exception');
    facts.status ??= code[1] ?? null;
  }
}

function responseFacts(text: string, facts: HttpFacts): void {
  const call = METHOD_URL.exec(text);
  const status = STATUS_SAID.exec(text);
  if (!call && !status) return;
  if (call) {
    facts.method ??= call[1] ?? null;
    facts.url ??= trimUrl(call[2] ?? '');
  }
  if (status) facts.status ??= status[1] ?? status[2] ?? null;
  if (call && status) claim(facts, 'response');
}

function printedFacts(text: string, facts: HttpFacts): void {
  for (const printed of printedObjects(text)) {
    const headers = headersFromValue(printed.value);
    if (headers && hasResponseHeaderNames(headers)) {
      for (const [name, value] of headers) if (!facts.headers.has(name)) facts.headers.set(name, value);
      claim(facts, 'response');
    } else if (facts.body === null && isThrottleBody(printed.value)) {
      facts.body = JSON.stringify(printed.value);
    }
  }
  if (facts.body === null) {
    const fault = FAULT_TEXT.exec(text);
    if (fault) {
      facts.body = fault[0];
      facts.bodyComplete = !fault[0].includes('(truncated');
    }
  }
}

// The body Guzzle appends after "response:", up to its truncation mark, the end of the line or the Monolog context.
function guzzleBody(rest: string): { text: string; complete: boolean } | null {
  const start = rest.length - rest.trimStart().length;
  const body = rest.slice(start);
  const cut = body.indexOf(TRUNCATED);
  const newline = body.indexOf('\n');
  if (cut >= 0 && (newline < 0 || cut < newline))
    return { text: body.slice(0, cut + TRUNCATED.length), complete: false };
  const printed = printedObjects(body)[0];
  if (printed && printed.start === 0) return { text: body.slice(0, printed.end), complete: true };
  const end = [newline, body.indexOf('  ')].filter((index) => index >= 0);
  const text = body.slice(0, end.length > 0 ? Math.min(...end) : body.length).trim();
  return text === '' ? null : { text, complete: true };
}

function isThrottleBody(value: PythonValue): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return 'fault' in value || ('message' in value && ('code' in value || 'status' in value));
}

function setRequest(facts: HttpFacts, method: string | undefined, url: string | undefined, status: string | undefined) {
  if (method) facts.method ??= method;
  if (url) facts.url ??= trimUrl(url);
  if (status) facts.status ??= status;
}

// The first role found names the line: a client dump that also carries the error is still the client's record.
function claim(facts: HttpFacts, role: LineRole): void {
  facts.role ??= role;
}

function credentialOf(headers: ReadonlyMap<string, string>): HttpFacts['credential'] {
  const authorization = headers.get('authorization');
  if (authorization) return { name: 'authorization', value: authorization };
  const key = headers.get('x-keap-api-key');
  return key ? { name: 'x-keap-api-key', value: key } : null;
}

function hostOf(url: string): string | null {
  return /^https?:\/\/([^/:\s]+)/i.exec(url)?.[1] ?? null;
}

// Loggers put punctuation right after a URL ("…/orders.", "…/orders',"); it is not part of it.
function trimUrl(url: string): string {
  return url.replace(/[.,;:'")\]}]+$/, '');
}

function unescapeJson(text: string): string {
  return text.replace(/\\(["\\/nrt])/g, (_match, ch: string) =>
    ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch === 't' ? '\t' : ch,
  );
}
