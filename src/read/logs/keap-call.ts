import type { HttpFacts } from './http-facts.js';

// Keap's API hosts over the years (api.infusionsoft.com, api.keap.com, tenant hosts under infusionsoft.com).
const KEAP_HOST = /(^|\.)(infusionsoft\.com|infusionsoft\.app|keap\.com|keap\.app)$/i;
// Keap's REST and XML-RPC paths, whatever host (a proxy, a mock) the log names.
const KEAP_PATH = /^\/crm\/(rest|xmlrpc)\//i;

/** Why an entry about an HTTP call is not about a Keap call, or null when it is (or may be) one. */
export function notKeapCall(facts: HttpFacts): 'other-host' | 'nothing-to-use' | null {
  const path = pathOf(facts.url);
  const host = facts.host ?? hostOf(facts.url);
  if (host !== null && !KEAP_HOST.test(host) && !(path !== null && KEAP_PATH.test(path))) return 'other-host';
  // A line with neither a status nor Keap's headers says nothing about the call's outcome.
  if (facts.status === null && ![...facts.headers.keys()].some((name) => name.startsWith('x-keap-')))
    return 'nothing-to-use';
  return null;
}

function hostOf(url: string | null): string | null {
  return url === null ? null : (/^[a-z][a-z0-9+.-]*:\/\/([^/:?#\s]+)/i.exec(url)?.[1] ?? null);
}

function pathOf(url: string | null): string | null {
  if (url === null) return null;
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
}
