import { scalarText } from '../read/json-value.js';
import type { ResponseBody } from '../types.js';
import { parseMessageRate } from './message-rate.js';
import { fingerprint, redactText } from './redact.js';

// 429 bodies are tiny; a huge body is a data response and only its start can matter here.
const MAX_BODY_CHARS = 64 * 1024;
const EXCERPT_CHARS = 160;

/** Classifies a response body by what it says about throttling; every text it keeps is redacted. */
export function readBody(text: string): ResponseBody {
  const body = text.length > MAX_BODY_CHARS ? text.slice(0, MAX_BODY_CHARS) : text;
  const trimmed = body.trim();
  if (trimmed === '') return { kind: 'none' };
  const json = tryJson(trimmed);
  if (json !== undefined) {
    const classified = fromJson(json);
    if (classified) return classified;
  }
  if (/ThrottlingException/.test(trimmed)) {
    const faultString = /<name>faultString<\/name>\s*<value>(?:<string>)?([^<]*)/.exec(trimmed)?.[1];
    return {
      kind: 'xmlrpc-throttle',
      faultString: faultString === undefined ? excerpt(trimmed) : excerpt(faultString),
    };
  }
  // Python clients print the Keap body as a dict: {'code': '429', 'message': 'Quota Exceeded', ...}
  if (/['"‘’]message['"‘’]\s*:\s*['"‘’]Quota Exceeded/.test(trimmed)) {
    return {
      kind: 'keap-generic',
      code: /['"‘’]code['"‘’]\s*:\s*['"‘’]?(\d{1,6})/.exec(trimmed)?.[1] ?? '429',
      message: 'Quota Exceeded',
      status: 'Request Throttled',
    };
  }
  if (/Spike arrest violation/i.test(trimmed)) {
    return { kind: 'spike-arrest', faultstring: excerpt(trimmed), messageRate: parseMessageRate(trimmed) };
  }
  if (/Spike limit exceeded|SpikeArrest engaged/i.test(trimmed))
    return { kind: 'gateway-spike', message: excerpt(trimmed) };
  return { kind: 'other', excerpt: excerpt(trimmed) };
}

function fromJson(value: unknown): ResponseBody | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const fault = record['fault'];
  if (typeof fault === 'object' && fault !== null) {
    const faultRecord = fault as Record<string, unknown>;
    const rawFaultstring = scalarText(faultRecord['faultstring']) ?? '';
    const faultstring = excerpt(rawFaultstring);
    const detail = faultRecord['detail'];
    const errorcode =
      typeof detail === 'object' && detail !== null
        ? excerpt(scalarText((detail as Record<string, unknown>)['errorcode']) ?? '')
        : '';
    if (errorcode.endsWith('SpikeArrestViolation'))
      return { kind: 'spike-arrest', faultstring, messageRate: parseMessageRate(rawFaultstring) };
    if (errorcode.endsWith('QuotaViolation')) {
      // Apigee puts the client id or the key itself here: keep only its fingerprint, to tell buckets apart.
      const identifier = /Identifier\s*:\s*(\S+)/.exec(rawFaultstring)?.[1];
      return { kind: 'quota-violation', faultstring, identifier: identifier ? fingerprint(identifier) : null };
    }
    if (/^(keymanagement|oauth)\./.test(errorcode)) return { kind: 'auth-fault', errorcode, faultstring };
    return { kind: 'apigee-fault', errorcode, faultstring };
  }
  const rawMessage = scalarText(record['message']) ?? '';
  const status = scalarText(record['status']) ?? '';
  if (rawMessage === 'Quota Exceeded' || status === 'Request Throttled') {
    return {
      kind: 'keap-generic',
      code: excerpt(scalarText(record['code']) ?? ''),
      message: excerpt(rawMessage),
      status: excerpt(status),
    };
  }
  if (/SpikeArrest engaged|Spike limit exceeded/i.test(rawMessage))
    return { kind: 'gateway-spike', message: excerpt(rawMessage) };
  return undefined;
}

function tryJson(text: string): unknown {
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// Redacted before it is shortened, so a cut can never leave half a secret unrecognised.
function excerpt(text: string): string {
  const oneLine = redactText(text).replace(/\s+/g, ' ').trim();
  return oneLine.length > EXCERPT_CHARS ? `${oneLine.slice(0, EXCERPT_CHARS - 3)}...` : oneLine;
}
