import { redactedPath } from '../normalise/redact.js';

/** The URL as logged: scheme and host kept, user:password dropped, credential query parameters `[redacted]`. */
export function redactedUrl(url: string): string {
  const origin = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#]*@)?([^/?#]*)/i.exec(url.trim());
  const path = redactedPath(url);
  return origin ? `${origin[1]}${origin[2]}${path.startsWith('/') || path === '' ? path : `/${path}`}` : path;
}
