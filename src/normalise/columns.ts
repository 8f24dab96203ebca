// Column names users give the same thing; compared after lower-casing and dropping '-', '_', ' ', '.' and '@'.
const ALIASES = {
  time: [
    'ts',
    'timestamp',
    'time',
    'datetime',
    'loggedat',
    'createdat',
    'requesttime',
    'requestedat',
    'sentat',
    'started',
    'starteddatetime',
    'timeutc',
    'when',
    'requeststart',
    'at',
  ],
  status: ['status', 'statuscode', 'httpstatus', 'responsestatus', 'responsecode', 'httpcode', 'code'],
  method: ['method', 'httpmethod', 'verb', 'requestmethod'],
  url: ['url', 'uri', 'path', 'endpoint', 'requesturl', 'requesturi', 'route'],
  requestId: ['requestid', 'xrequestid', 'reqid', 'correlationid'],
  body: ['body', 'responsebody', 'response', 'content', 'responsetext', 'error', 'errorbody'],
  key: [
    'key',
    'keyid',
    'keyname',
    'apikey',
    'token',
    'tokenname',
    'credential',
    'credentialid',
    'clientid',
    'sak',
    'pat',
    'authorization',
    'xkeapapikey',
    'xapikey',
  ],
  headers: ['headers', 'responseheaders', 'rawheaders'],
} as const;

/** Logical fields keap-throttle looks for in a record. */
export type LogicalField = keyof typeof ALIASES;

/** Column name → canonical spelling used for alias comparison. */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/[-_ .@]/g, '');
}

/** Field names (as in the record) chosen for each logical field; the earliest alias in the list wins. */
export type ColumnMap = Partial<Record<LogicalField, string>>;

/** Maps a record's field names onto logical fields. */
export function mapColumns(names: Iterable<string>): ColumnMap {
  const byCanonical = new Map<string, string>();
  for (const name of names) if (!byCanonical.has(canonicalName(name))) byCanonical.set(canonicalName(name), name);
  const map: ColumnMap = {};
  for (const field of Object.keys(ALIASES) as LogicalField[]) {
    for (const alias of ALIASES[field]) {
      const found = byCanonical.get(alias);
      if (found !== undefined) {
        map[field] = found;
        break;
      }
    }
  }
  return map;
}

// Key columns that name a credential rather than hold it; every other key column (key, key_id, api_key, token,
// credential, client_id, sak, pat, authorization, …) may hold the secret itself, whatever its length.
const LABEL_KEY_COLUMNS = new Set(['keyname', 'tokenname', 'keylabel', 'credentialname']);

/** True when a key column may hold the secret itself: its values are shown only as fingerprints. */
export function isSecretKeyColumn(name: string): boolean {
  return !LABEL_KEY_COLUMNS.has(canonicalName(name));
}

// Columns that are response headers in their own right, as users log them one column per header.
const HEADER_COLUMN = /^(x-keap-|x-apigee-|x-request-id$|retry-after$|date$|via$|x-ratelimit-)/i;

/** True when a column holds a response header's value. */
export function isHeaderColumn(name: string): boolean {
  return HEADER_COLUMN.test(name.trim());
}
