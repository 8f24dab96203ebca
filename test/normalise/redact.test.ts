import { describe, expect, it } from 'vitest';
import { keyIdentity, redactText, redactedPath } from '../../src/normalise/redact.js';

describe('redaction', () => {
  it('drops scheme and host and redacts credential query parameters only', () => {
    expect(
      redactedPath('https://api.infusionsoft.com/crm/rest/v1/contacts?limit=50&access_token=abc123&offset=0'),
    ).toBe('/crm/rest/v1/contacts?limit=50&access_token=[redacted]&offset=0');
    expect(redactedPath('/crm/rest/v2/contacts')).toBe('/crm/rest/v2/contacts');
  });

  it('redacts bearer tokens, Keap keys and JSON credential fields in text', () => {
    const text = redactText('Authorization: Bearer KeapAK-1234567890abcdef and {"access_token":"s3cr3tvalue","ok":1}');
    expect(text).not.toMatch(/KeapAK-1234567890abcdef|s3cr3tvalue/);
    expect(text).toContain('"ok":1');
  });

  it('keeps a key label and fingerprints a secret-looking key, stably', () => {
    expect(keyIdentity('worker-1')).toBe('worker-1');
    const a = keyIdentity('Bearer KeapAK-0123456789abcdef0123456789abcdef');
    const b = keyIdentity('KeapAK-0123456789abcdef0123456789abcdef');
    expect(a).toMatch(/^key#[0-9a-f]{8}$/);
    expect(a).toBe(b);
    expect(keyIdentity('KeapAK-ffffffffffffffffffffffffffffffff')).not.toBe(a);
    expect(keyIdentity('  ')).toBeNull();
  });
});

describe('key columns', () => {
  it('shows labels only from name/label columns; every other key column is fingerprinted whatever its length', async () => {
    const { isSecretKeyColumn } = await import('../../src/normalise/columns.js');
    expect(['key_name', 'Token Name', 'key-label', 'credential_name'].map(isSecretKeyColumn)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(
      ['key', 'key_id', 'api_key', 'token', 'credential', 'client_id', 'sak', 'pat'].every(isSecretKeyColumn),
    ).toBe(true);
    expect(keyIdentity('Zr6KeyQ3w8a5bc16', true)).toMatch(/^key#[0-9a-f]{8}$/);
    expect(keyIdentity('forms worker', false)).toBe('forms worker');
  });
});

// The README's Redaction list, item by item: each form of a credential in free text and in a URL.
describe('every form the README names', () => {
  const S = 'Zq1Readme7s3';
  it.each([
    ['Bearer', `Bearer ${S}`],
    ['Basic', `Basic ${S}`],
    ['Authorization: line', `Authorization: ${S}`],
    ['Cookie: line', `Cookie: theme=dark; sid=${S}`],
    ['Set-Cookie: line', `Set-Cookie: sid=${S}; Path=/`],
    ['name=value', `access_token=${S}&x=1`],
    ['name: value', `password: ${S}`],
    ['"name": "value"', `{"client_secret": "${S}"}`],
    ['a Python dict', `{'refresh_token': '${S}'}`],
    ['token <v>', `rejected token ${S}`],
    ['key <v>', `Invalid key ${S}`],
    ["Apigee's Identifier : <v>", `Quota limit exceeded. Identifier : ${S}`],
    ['//user:pass@', `https://api-user:${S}@api.infusionsoft.com/x`],
    ['a KeapAK- key', `failed for KeapAK-${S}`],
    ['a JWT', `id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.${S}`],
    ['an opaque run of 32', `saw ${S}${'x9'.repeat(10)}`],
    ['a compound name=value', `Spike arrest for appSecret=${S}`],
    ['a compound "name": "value"', `{"oauthToken": "${S}"}`],
    ['a compound name: value', `user_password: ${S}`],
    ['a key column name in JSON (fuzz seed -282802216)', `SpikeArrest engaged {"headers":{"key_id":"${S}"}}`],
    ['a key column name=value', `retry with credential_id=${S} and sak: ${S}`],
  ])('%s', (_form, text) => {
    const redacted = redactText(text);
    expect(redacted).not.toContain(S.slice(0, 8));
    expect(redacted).toContain('[redacted]');
  });

  it('keeps the words of fault prose and Keap header lines', () => {
    for (const text of [
      'Invalid ApiKey for given resource',
      '{"errorcode":"oauth.v2.InvalidApiKey"}',
      'x-keap-product-quota-used: 12',
      'Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=25, periodInMicroseconds=6000000}',
    ])
      expect(redactText(text)).toBe(text);
  });

  it.each([
    'access_token',
    'accessToken',
    'id_token',
    'refresh_token',
    'api_key',
    'api-key',
    'apikey',
    'x-keap-api-key',
    'key',
    'token',
    'client_secret',
    'client_id',
    'code',
    'password',
    'sig',
    'myToken',
    'userKey',
    'appSecret',
    'dbPassword',
  ])('URL parameter %s, in the query and the fragment', (name) => {
    expect(redactedPath(`https://h/p?${name}=${S}&limit=5`)).toBe(`/p?${name}=[redacted]&limit=5`);
    expect(redactedPath(`https://h/cb#${name}=${S}`)).toBe(`/cb#${name}=[redacted]`);
  });
});
