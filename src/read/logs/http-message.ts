/** An HTTP message as a client printed it: start line, headers (names lower-cased), body. */
export interface HttpMessage {
  /** The response status code, for a response. */
  readonly status: string | null;
  /** Method and target, for a request. */
  readonly requestLine: { readonly method: string; readonly target: string } | null;
  readonly headers: Map<string, string>;
  readonly body: string;
}

const STATUS_LINE = /^HTTP\/\d(?:\.\d)? (\d{3})\b/;
const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/\d(?:\.\d)?/;
// Monolog writes every line break as one space: the blank line before the body becomes two spaces
// (an empty header value also leaves two, right after its colon).
const FLAT_BODY_START = /(?<!:) {2}/;
const FLAT_HEADER = /\s(?=[!#$%&'*+.^_`|~0-9A-Za-z-]+: )/;

/** Reads a printed request or response (with real line breaks, or flattened onto one line); null when it is neither. */
export function parseHttpMessage(text: string): HttpMessage | null {
  const trimmed = text.replace(/^\s+/, '');
  const status = STATUS_LINE.exec(trimmed);
  const request = status ? null : REQUEST_LINE.exec(trimmed);
  if (!status && !request) return null;
  const head = status ?? request;
  const rest = trimmed.slice((head as RegExpExecArray)[0].length);
  // The rest of the start line (a reason phrase, the HTTP version) carries nothing needed here.
  const { headers, body } = rest.includes('\n') ? byLines(rest.slice(rest.indexOf('\n') + 1)) : flattened(rest);
  return {
    status: status?.[1] ?? null,
    requestLine: request ? { method: request[1] as string, target: request[2] as string } : null,
    headers,
    body,
  };
}

function byLines(rest: string): { headers: Map<string, string>; body: string } {
  const headers = new Map<string, string>();
  const lines = rest.split(/\r?\n/);
  let index = 0;
  for (; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') {
      index++;
      break;
    }
    addHeader(headers, line);
  }
  return { headers, body: lines.slice(index).join('\n').trim() };
}

function flattened(rest: string): { headers: Map<string, string>; body: string } {
  const headers = new Map<string, string>();
  const bodyAt = FLAT_BODY_START.exec(rest);
  const head = bodyAt ? rest.slice(0, bodyAt.index) : rest;
  // The reason phrase runs into the first header name: everything before it is not a header.
  const parts = head.split(FLAT_HEADER);
  for (const part of parts.slice(1)) addHeader(headers, part);
  return { headers, body: bodyAt ? rest.slice(bodyAt.index).trim() : '' };
}

function addHeader(headers: Map<string, string>, line: string): void {
  const colon = line.indexOf(':');
  if (colon <= 0) return;
  const name = line.slice(0, colon).trim().toLowerCase();
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) return;
  const value = line.slice(colon + 1).trim();
  const previous = headers.get(name);
  headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
}
