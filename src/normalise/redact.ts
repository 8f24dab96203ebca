// The two redactors every log-derived string passes before it can reach an output: one for free text,
// one for URLs; key columns become fingerprints. Findings keep the shape of what was there.
import { createHash } from 'node:crypto';

const REDACTED = '[redacted]';

// A name that ends in a credential word is one too (appSecret, oauth_token, userPassword); no `-`/`.` keeps it linear.
const COMPOUND_NAME = String.raw`[A-Za-z0-9_]+?(?:token|key|secret|password|passwd|credentials?)`;
// Names that announce a credential, in JSON fields, form pairs, headers and prose (case-insensitive); they include
// every key column name columns.ts fingerprints (key_id, credential_id, sak, pat), since a key may hold the secret.
const CREDENTIAL_NAME = String.raw`(?:x-keap-api-key|x-api-key|api[-_ ]?key|access[-_]?token|refresh[-_]?token|id[-_]?token|auth[-_]?token|bearer[-_]?token|session[-_]?(?:id|token)|client[-_]?secret|client[-_]?id|private[-_]?key|secret[-_]?key|password|passwd|secret|token|key[-_]?id|key|credential[-_]?id|credentials?|sak|pat|authorization|cookie|set-cookie|identifier|signature|sig|${COMPOUND_NAME})`;
// Where a value ends in prose, JSON, form data or a header line.
const VALUE = String.raw`[^\s"'&,;}<>\]\[)]+`;
// Words that follow "key" or "token" in ordinary fault prose and are not the value.
const PROSE_WORDS = new Set(
  `a an and are be been being by cannot could did does expired for found from given has have header in invalid is
  may missing must name no not of on or parameter provided required revoked should the to type used value variable
  verification was were will with failed exceeded unknown expected error limit quota resource`.split(/\s+/),
);

const PATTERNS: readonly { readonly pattern: RegExp; readonly replace: (...groups: string[]) => string }[] = [
  // `Authorization: …`, `Cookie: …` and key headers written as header lines: the whole rest of the line.
  {
    pattern: /\b((?:proxy-)?authorization|cookie|set-cookie|x-keap-api-key|x-api-key)(\s*:\s*)(?!\s*")[^\r\n"]+/gi,
    replace: (_m, name, sep) => `${name}${sep}${REDACTED}`,
  },
  // Authentication schemes followed by their credential.
  {
    pattern: /\b(Bearer|Basic|Digest|Negotiate|OAuth)(\s+)(?!\[redacted\])[^\s"',;<>}\]]+/gi,
    replace: (match, scheme, space) =>
      PROSE_WORDS.has((match.slice(scheme.length + space.length) ?? '').toLowerCase())
        ? match
        : `${scheme}${space}${REDACTED}`,
  },
  // A quoted JSON or Python value under a credential name: the whole quoted string.
  {
    pattern: new RegExp(String.raw`(["'‘’]${CREDENTIAL_NAME}["'‘’]\s*[:=]\s*)(["'‘’])((?:\\.|(?!\2).)*)\2`, 'gi'),
    replace: (_m, head, quote) => `${head}${quote}${REDACTED}${quote}`,
  },
  // name=value, name: value, name : value (form data, query strings, Apigee's `Identifier : …`).
  {
    pattern: new RegExp(String.raw`\b(${CREDENTIAL_NAME})(["'‘’]?\s*[:=]\s*["'‘’]?)(?!\[redacted\])(${VALUE})`, 'gi'),
    replace: (_m, name, sep) => `${name}${sep}${REDACTED}`,
  },
  // Prose: "token abc123", "invalid key KeapAK-…", unless the next word is ordinary prose.
  {
    pattern: new RegExp(
      String.raw`\b(token|key|apikey|api key|secret|password|credential|identifier)(\s+)(${VALUE})`,
      'gi',
    ),
    replace: (match, name, space, value) =>
      PROSE_WORDS.has(value.toLowerCase()) || value === REDACTED ? match : `${name}${space}${REDACTED}`,
  },
  // Credentials written into a URL's authority: //user:password@host.
  { pattern: /(\/\/)[^\s/?#@"'<>]+@/g, replace: (_m, slashes) => `${slashes}${REDACTED}@` },
  // Self-identifying secrets wherever they stand: Keap keys and JWTs.
  { pattern: /\bKeapAK-[A-Za-z0-9._~+/=-]+/g, replace: () => REDACTED },
  { pattern: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: () => REDACTED },
  // Long opaque runs of letters and digits are keys or tokens, not prose.
  {
    pattern: /(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g,
    replace: () => REDACTED,
  },
];

/** Free text from a log (bodies, fault strings, messages, header values) with every credential replaced by `[redacted]`. */
export function redactText(text: string): string {
  // Every pattern needs a separator, 32 characters, or one of these two prefixes: most short values have none.
  if (text.length < 32 && !/[\s=:@"'‘’]|keapak-|eyj/i.test(text)) return text;
  let result = text;
  for (const { pattern, replace } of PATTERNS) result = result.replace(pattern, replace as (m: string) => string);
  return result;
}

// Canonical (lower case, no - _ .) query and fragment parameter names that carry credentials.
const SECRET_PARAMS = new Set([
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'authtoken',
  'token',
  'apikey',
  'xkeapapikey',
  'xapikey',
  'key',
  'clientsecret',
  'clientid',
  'code',
  'password',
  'passwd',
  'pwd',
  'secret',
  'sig',
  'signature',
  'auth',
  'authorization',
  'session',
  'sessionid',
  'jwt',
  'assertion',
  'credential',
  'credentials',
]);

function isSecretParam(name: string): boolean {
  const canonical = decodeSafely(name)
    .toLowerCase()
    .replace(/[-_.\s]/g, '');
  return SECRET_PARAMS.has(canonical) || /(token|key|secret|password|credentials?)$/.test(canonical);
}

/** Path, query and fragment of a URL (scheme, host and credentials in the authority dropped), secrets redacted. */
export function redactedPath(url: string): string {
  const trimmed = url.trim();
  // scheme://authority or //authority: the authority may hold user:password, and the host says nothing here.
  const withoutOrigin = trimmed.replace(/^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/?#]*/i, '') || '/';
  const hash = withoutOrigin.indexOf('#');
  const beforeHash = hash < 0 ? withoutOrigin : withoutOrigin.slice(0, hash);
  const fragment = hash < 0 ? undefined : withoutOrigin.slice(hash + 1);
  const question = beforeHash.indexOf('?');
  const path = question < 0 ? beforeHash : beforeHash.slice(0, question);
  const query = question < 0 ? undefined : beforeHash.slice(question + 1);
  let result = redactText(path);
  if (query !== undefined) result += `?${redactParams(query)}`;
  if (fragment !== undefined) result += `#${redactParams(fragment)}`;
  return result;
}

function redactParams(params: string): string {
  return params
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      if (equals >= 0 && isSecretParam(name)) return `${name}=${REDACTED}`;
      return redactText(pair);
    })
    .join('&');
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// A logged key label ("worker-1", "forms SAK") is kept; anything secret-looking becomes a fingerprint.
const LOOKS_SECRET = /^(Bearer\s+|Basic\s+|KeapAK-)|^[A-Za-z0-9._~+/=-]{20,}$/i;

/**
 * A key identity safe to print: `key#<8 hex>` for every value of a column that holds credentials
 * (`fromSecretColumn`), and for a label column's value that looks like a secret; otherwise the label.
 */
export function keyIdentity(value: string, fromSecretColumn = false): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  // A logger that already fingerprinted the key (keap-throttle's own capture) wrote no secret.
  if (FINGERPRINT.test(trimmed)) return trimmed;
  if (!fromSecretColumn && !LOOKS_SECRET.test(trimmed) && redactText(trimmed) === trimmed)
    return trimmed.length > 64 ? `${trimmed.slice(0, 61)}...` : trimmed;
  return fingerprint(trimmed.replace(/^(Bearer|Basic)\s+/i, ''));
}

const FINGERPRINT = /^key#[0-9a-f]{8}$/;

/** `key#<8 hex>`: the same secret always gets the same fingerprint, and the fingerprint reveals nothing. */
export function fingerprint(secret: string): string {
  return `key#${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
}
