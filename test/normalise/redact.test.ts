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
