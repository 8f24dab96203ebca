// Generators for fuzzed logs: the shapes users' loggers write, filled with the worst values seen in the wild.
import fc from 'fast-check';

/** A secret to plant: groups led by an upper-case G–Z letter, so no 8-character window is hex, digits or a word. */
export const secretArb = fc.stringMatching(/^([G-Z][a-z0-9]{3}){3,5}$/);

/** Strings that break naive readers: quotes, delimiters, newlines, BOMs, NULs, lone surrogates, any code point. */
export const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ maxLength: 24 }),
  fc.constantFrom(
    '',
    ' ',
    '"',
    '""',
    '"a"b',
    'a,b',
    'a;b',
    'tab\there',
    'line\nbreak',
    'cr\ronly',
    'crlf\r\nbreak',
    '\uFEFF',
    '\u0000',
    '\uD800',
    '\uDC00x',
    '\u2028',
    '{"toString":1}',
    '[object Object]',
    '__proto__',
    'null',
    'NaN',
    '-0',
    '1e999',
    '%E0%A4%A',
  ),
);

/** Raw JSON text of values no logger should write but some do. */
export const hostileJson = fc.oneof(
  fc.constantFrom(
    '{"toString":1}',
    '{"toString":{},"valueOf":1}',
    '[{"toString":1}]',
    '{"toJSON":1}',
    '1e999',
    '-1e999',
    '-0',
    '123456789012345678901234567890',
    '"\\ud800"',
    'null',
    'true',
    '[]',
    '{}',
    '{"__proto__":{"x":1}}',
  ),
  fc.integer({ min: 1, max: 12_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1, max: 12_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
);

/** Raw JSON text of any value: ordinary JSON, nasty strings, or hostile shapes. */
export const anyJson = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null') },
  { weight: 2, arbitrary: nastyString.map((text) => JSON.stringify(text)) },
  { weight: 1, arbitrary: hostileJson },
);

const T0 = Date.UTC(2026, 2, 2, 10);

/** Times as loggers write them: ISO with Z or offset, zone-less, epoch s/ms, HTTP dates, and garbage. */
export const timeText = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 3_600_000 }).map((ms) => new Date(T0 + ms).toISOString()) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 0, max: 3_600_000 })
      .map((ms) => new Date(T0 + ms).toISOString().replace('Z', '-05:00')),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3_600 }).map((s) => String(Math.floor(T0 / 1000) + s)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3_600_000 }).map((ms) => String(T0 + ms)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3_600 }).map((s) => new Date(T0 + s * 1000).toUTCString()) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('2026-03-02 10:00:00', '7/8/22 4:38:14 PM', '2026-13-45T99:99:99Z', '0', ''),
  },
  { weight: 1, arbitrary: nastyString },
);

/** HTTP statuses, mostly real, some broken. */
export const statusText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('200', '429', '429', '500', '503', '401', '403', '405') },
  { weight: 1, arbitrary: fc.constantFrom('', 'abc', '99999', ' 429 ', '4290', '42', '-429', '1e2') },
  { weight: 1, arbitrary: nastyString },
);

/** Keap and Apigee header names, and a few others a log may carry. */
export const headerName = fc.constantFrom(
  'x-keap-product-throttle-limit',
  'x-keap-product-throttle-used',
  'x-keap-product-throttle-available',
  'x-keap-product-throttle-time-unit',
  'x-keap-product-quota-limit',
  'x-keap-product-quota-used',
  'x-keap-product-quota-available',
  'x-keap-product-quota-expiry-time',
  'x-keap-tenant-throttle-limit',
  'x-keap-tenant-throttle-used',
  'x-keap-tenant-throttle-available',
  'x-keap-tenant-id',
  'x-keap-product-spike-limit',
  'X-Apigee-Product-Quota-Limit',
  'X-Apigee-Product-Quota-Used',
  'date',
  'retry-after',
  'x-request-id',
  'via',
);

/** Header values: plausible numbers and units, broken ones, and nasty text. */
export const headerValue = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 300_000 }).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '10ps',
      '0ps',
      '5pm',
      '',
      '99999999999999999999ps',
      '5000|250000',
      '|||',
      'minute|day',
      '1771459200000',
      '158663200',
      'Wed, 14 Aug 2024 13:38:22 GMT',
    ),
  },
  { weight: 1, arbitrary: nastyString },
);

/** Bodies: Keap's generic 429, Apigee faults, XML-RPC, gateway messages, JSON of any shape, and junk. */
export const bodyText = fc.oneof(
  fc.constantFrom(
    '{"code":"429","message":"Quota Exceeded","status":"Request Throttled","details":null}',
    '{"fault":{"faultstring":"Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=25, periodInMicroseconds=6000000, maxBurstMessageCount=1.0}","detail":{"errorcode":"policies.ratelimit.SpikeArrestViolation"}}}',
    '{"fault":{"faultstring":"Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=0, periodInMicroseconds=0, maxBurstMessageCount=-1}","detail":{"errorcode":"policies.ratelimit.SpikeArrestViolation"}}}',
    '{"fault":{"faultstring":{"toString":1},"detail":{"errorcode":{"toString":1}}}}',
    '{"message":{"toString":1},"status":{"toString":1}}',
    '<methodResponse><fault><value><struct><member><name>faultString</name><value>ThrottlingException</value></member></struct></value></fault></methodResponse>',
    'Spike limit exceeded! You reached the limit of 1 requests per 100 ms.',
    "{'code': '429', 'message': 'Quota Exceeded'}",
  ),
  anyJson,
  nastyString,
);

/** CSV header names: every alias family, header columns, and repeats (the reader must say which it used). */
export const csvColumn = fc.oneof(
  fc.constantFrom(
    'ts',
    'timestamp',
    'time',
    'Date',
    'status',
    'status_code',
    'method',
    'url',
    'body',
    'key',
    'api_key',
    'headers',
    'request_id',
  ),
  headerName,
);

/** One field's text in a CSV cell. */
export const csvCell = fc.oneof(timeText, statusText, headerValue, bodyText, nastyString);
