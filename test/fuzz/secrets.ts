// Every place a log holds a credential, as loggers write it; `s` is the planted secret.
import fc from 'fast-check';

/** A request/response row with one secret planted in a position where logs carry credentials. */
export interface Planted {
  readonly where: string;
  /** Response/request headers to add. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly url?: string;
  readonly body?: string;
  /** A key-like column and its value. */
  readonly key?: readonly [string, string];
}

const URL_BASE = 'https://api.infusionsoft.com/crm/rest/v1/contacts';
const QUERY_NAMES = [
  'access_token',
  'accessToken',
  'api_key',
  'api-key',
  'apikey',
  'id_token',
  'x-keap-api-key',
  'key',
  'token',
  'client_secret',
  'refresh_token',
  'code',
  'password',
  'sig',
];
const BODY_FIELDS = [
  'access_token',
  'refresh_token',
  'api_key',
  'apiKey',
  'client_secret',
  'password',
  'token',
  'authorization',
  'id_token',
  'secret',
];
const KEY_COLUMNS = [
  'key',
  'key_id',
  'api_key',
  'token',
  'credential',
  'client_id',
  'sak',
  'pat',
  'authorization',
  'x-keap-api-key',
];

const templates: readonly ((s: string, pick: number) => Planted)[] = [
  (s, i) => ({
    where: 'authorization header',
    headers: { authorization: [`Bearer ${s}`, `Basic ${s}`, s, `token ${s}`][i % 4] as string },
  }),
  (s) => ({ where: 'cookie header', headers: { cookie: `theme=dark; session=${s}` } }),
  (s) => ({ where: 'set-cookie header', headers: { 'set-cookie': `sid=${s}; Path=/; HttpOnly` } }),
  (s, i) => ({ where: 'api key header', headers: { [i % 2 ? 'x-keap-api-key' : 'x-api-key']: s } }),
  (s) => ({ where: 'custom header', headers: { 'x-upstream-credential': s } }),
  (s, i) => ({ where: 'url query', url: `${URL_BASE}?limit=5&${QUERY_NAMES[i % QUERY_NAMES.length]}=${s}&offset=0` }),
  (s) => ({ where: 'url fragment', url: `https://app.example.com/oauth/callback#access_token=${s}&token_type=bearer` }),
  (s, i) => ({
    where: 'url userinfo',
    url: i % 2 ? `https://api-user:${s}@api.infusionsoft.com/crm/rest/v1/tags` : `//u:${s}@api.infusionsoft.com/x`,
  }),
  (s, i) => ({
    where: 'body json field',
    body: JSON.stringify({
      code: '429',
      message: 'Quota Exceeded',
      [BODY_FIELDS[i % BODY_FIELDS.length] as string]: s,
    }),
  }),
  (s) => ({ where: 'gateway message', body: JSON.stringify({ message: `Spike limit exceeded for Bearer ${s}` }) }),
  (s) => ({ where: 'gateway text', body: `SpikeArrest engaged for token ${s}` }),
  (s, i) => ({
    where: 'compound credential name',
    body: [`Spike arrest for appSecret=${s}`, `{"oauthToken": "${s}"}`, `user_password: ${s}`][i % 3] as string,
  }),
  (s) => ({
    where: 'quota identifier',
    body: JSON.stringify({
      fault: {
        faultstring: `Rate limit quota violation. Quota limit exceeded. Identifier : ${s}`,
        detail: { errorcode: 'policies.ratelimit.QuotaViolation' },
      },
    }),
  }),
  (s) => ({
    where: 'auth fault',
    body: JSON.stringify({
      fault: { faultstring: `Invalid ApiKey ${s}`, detail: { errorcode: 'oauth.v2.InvalidApiKey' } },
    }),
  }),
  (s) => ({
    where: 'spike fault',
    body: JSON.stringify({
      fault: {
        faultstring: `Spike arrest violation for key ${s}. Allowed rate : MessageRate{messagesPerPeriod=25, periodInMicroseconds=6000000, maxBurstMessageCount=1.0}`,
        detail: { errorcode: 'policies.ratelimit.SpikeArrestViolation' },
      },
    }),
  }),
  (s) => ({
    where: 'xml-rpc faultString',
    body: `<methodResponse><fault><value><struct><member><name>faultString</name><value>[ThrottlingException] Maximum number of threads throttled for api key ${s}</value></member></struct></value></fault></methodResponse>`,
  }),
  (s) => ({ where: 'python dict body', body: `{'access_token': '${s}', 'message': 'Quota Exceeded'}` }),
  (s, i) => ({
    where: 'key column',
    key: [KEY_COLUMNS[i % KEY_COLUMNS.length] as string, i % 3 === 0 ? `Bearer ${s}` : s],
  }),
];

/** One planted secret in one of the positions above. */
export const plantedArb = fc.tuple(fc.integer({ min: 0, max: templates.length - 1 }), fc.nat(1000)).map(
  ([template, pick]) =>
    (s: string) =>
      (templates[template] as (s: string, pick: number) => Planted)(s, pick),
);

/** How many positions there are (reported with the fuzz counts). */
export const PLANT_POSITIONS = templates.length;
