// Whose bucket is whose (domain §1.3): OAuth minute/day counters belong to the developer app,
// PAT/SAK ones to the tenant, spike to the key; the log may identify only some of these.
import type { Profile } from '../types.js';
import type { GroupedBy } from './ledger-types.js';

/** Bucket id for requests whose log row names no key. */
export const NO_KEY_BUCKET = 'key:(none)';
/** Bucket id for requests whose tenant the log cannot tell. */
export const UNKNOWN_TENANT = 'tenant:(unknown)';

/** The spike (per-key) bucket id of a key, or of no key. */
export function spikeBucketId(keyId: string | null): string {
  return keyId === null ? NO_KEY_BUCKET : `key:${keyId}`;
}

/** The bucket id of a tenant, or of a tenant the log cannot tell. */
export function tenantBucketId(tenantId: string | null): string {
  return tenantId === null ? UNKNOWN_TENANT : `tenant:${tenantId}`;
}

/** A tenant id and where it came from. */
export interface ResolvedTenant {
  readonly tenantId: string | null;
  readonly from: 'header' | 'key-history' | 'last-seen' | null;
}

/** Maps events to spike, product and tenant buckets, remembering each key's tenant. */
export class BucketIdentity {
  private readonly tenantOfKey = new Map<string, string>();
  private lastTenant: string | null = null;
  private readonly scope: Profile['counterScope'];
  // Every event asks for these, and successive events mostly share them: the last answers are kept.
  private readonly resolved = {
    header: new Map<string, ResolvedTenant>(),
    'key-history': new Map<string, ResolvedTenant>(),
    'last-seen': new Map<string, ResolvedTenant>(),
  };
  private readonly spikeIds = new Map<string, string>();
  private readonly tenantIds = new Map<string, string>();
  private readonly productIds = new Map<string, { readonly id: string; readonly groupedBy: GroupedBy }>();

  constructor(scope: Profile['counterScope']) {
    this.scope = scope;
  }

  /** The event's tenant: its own header, else its key's last tenant, else the last tenant seen (429s often lack headers). */
  resolveTenant(keyId: string | null, tenantId: string | undefined): ResolvedTenant {
    if (tenantId !== undefined && tenantId !== '') {
      if (keyId !== null && this.tenantOfKey.get(keyId) !== tenantId) this.tenantOfKey.set(keyId, tenantId);
      this.lastTenant = tenantId;
      return this.answer(tenantId, 'header');
    }
    const known = keyId === null ? undefined : this.tenantOfKey.get(keyId);
    if (known !== undefined) return this.answer(known, 'key-history');
    if (this.lastTenant !== null) return this.answer(this.lastTenant, 'last-seen');
    return NO_TENANT;
  }

  /** Spike bucket id of a key. */
  spikeBucket(keyId: string | null): string {
    if (keyId === null) return NO_KEY_BUCKET;
    return this.spikeIds.get(keyId) ?? remember(this.spikeIds, keyId, spikeBucketId(keyId));
  }

  /** Product (minute/day) bucket id and what it is keyed by, per the profile's counter scope. */
  productBucket(keyId: string | null, tenantId: string | null): { readonly id: string; readonly groupedBy: GroupedBy } {
    switch (this.scope) {
      case 'tenant': {
        const id = this.tenantBucket(tenantId);
        return this.productIds.get(id) ?? remember(this.productIds, id, { id, groupedBy: 'tenant' });
      }
      case 'developer-app':
        return DEVELOPER_APP;
      case 'key': {
        const id = this.spikeBucket(keyId);
        return this.productIds.get(id) ?? remember(this.productIds, id, { id, groupedBy: 'key' });
      }
      default:
        return WHOLE_LOG;
    }
  }

  /** Tenant bucket id. */
  tenantBucket(tenantId: string | null): string {
    if (tenantId === null) return UNKNOWN_TENANT;
    return this.tenantIds.get(tenantId) ?? remember(this.tenantIds, tenantId, tenantBucketId(tenantId));
  }

  private answer(tenantId: string, from: 'header' | 'key-history' | 'last-seen'): ResolvedTenant {
    const answers = this.resolved[from];
    return answers.get(tenantId) ?? remember(answers, tenantId, { tenantId, from });
  }

  /** Keys remembered (for memory checks). */
  get size(): number {
    return this.tenantOfKey.size;
  }
}

const NO_TENANT: ResolvedTenant = { tenantId: null, from: null };
const DEVELOPER_APP = { id: 'app', groupedBy: 'developer-app' } as const;
const WHOLE_LOG = { id: 'log', groupedBy: 'whole-log' } as const;
// Distinct keys and tenants are few; past this many the answers are made afresh each time.
const REMEMBERED = 1000;

function remember<T>(map: Map<string, T>, key: string, value: T): T {
  if (map.size < REMEMBERED) map.set(key, value);
  return value;
}

/** Why a product bucket is grouped the way it is, and what the log could not tell. */
export function productScopeNote(id: string, groupedBy: GroupedBy, inferredTenant: number): string | null {
  switch (groupedBy) {
    case 'tenant':
      return tenantNote(
        id,
        inferredTenant,
        'PAT/SAK minute and day counters are shared by every PAT/SAK key of the tenant; grouped by x-keap-tenant-id',
      );
    case 'developer-app':
      return 'OAuth minute and day counters belong to the developer app and are shared with every tenant that authorised it; the log does not name the app, so every logged request is booked to one app';
    case 'key':
      return id === NO_KEY_BUCKET ? 'the log has no key column: every request is booked to one key' : null;
    case 'whole-log':
      return 'no credential profile, so the counter scope is unknown: every logged request is booked to one bucket';
  }
}

/** Scope note of a tenant-layer bucket. */
export function tenantScopeNote(id: string, inferredTenant: number): string {
  return tenantNote(
    id,
    inferredTenant,
    'the tenant ceiling counts every credential of the tenant, other integrations included',
  );
}

/** Scope note of a spike bucket. */
export function spikeScopeNote(id: string): string | null {
  return id === NO_KEY_BUCKET
    ? 'the log has no key column: every request is booked to one key, which overstates per-key rates if several keys were used'
    : null;
}

function tenantNote(id: string, inferredTenant: number, base: string): string {
  const parts = [base];
  if (id === UNKNOWN_TENANT)
    parts.push('the log carries no tenant id for these requests, so they are treated as one tenant');
  else if (inferredTenant > 0)
    parts.push(
      `${inferredTenant} request(s) without a tenant id were booked to the tenant their key (or the log) last showed`,
    );
  return parts.join('; ');
}
