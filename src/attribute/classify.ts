import { readMessageRate } from '../spike/message-rate.js';
import type { Counters, Profile, RequestEvent } from '../types.js';
import type {
  Attribution,
  Confidence,
  ForeignTraffic,
  Headroom,
  OwnTraffic,
  ThrottleLayer,
} from './attribution-types.js';

/** Everything known about one throttled response when it is judged. */
export interface ThrottleFacts {
  readonly event: RequestEvent;
  readonly own: OwnTraffic;
  readonly foreign: ForeignTraffic;
  /** Nearest responses of the same bucket that carried counters, before and after (within a few seconds). */
  readonly before: RequestEvent | null;
  readonly after: RequestEvent | null;
  readonly profile: Profile | null;
  /** Counters lag by a few units (Apigee syncs about every 10 s): this many or fewer left counts as exhausted. */
  readonly epsilon: number;
}

type Layered = Exclude<ThrottleLayer, 'spike' | 'legacy-credit' | 'unknown'>;
// Domain §8: daily buckets outrank minute buckets, product outranks tenant, when several are empty at once.
const EXHAUSTION_ORDER: readonly Layered[] = ['product-day', 'tenant-day', 'product-minute', 'tenant-minute'];
const HEADER_NAME: Record<Layered, string> = {
  'product-day': 'x-keap-product-quota-available',
  'tenant-day': 'x-keap-tenant-throttle-available (day)',
  'product-minute': 'x-keap-product-throttle-available',
  'tenant-minute': 'x-keap-tenant-throttle-available (minute)',
};

/** Blames one throttled response on a limit layer, with evidence and a confidence. */
export function classifyThrottle(facts: ThrottleFacts): Attribution {
  const { event } = facts;
  const here = headroomOf(event.counters);
  const base = {
    source: event.source,
    ts: event.ts,
    status: event.status,
    keyId: event.keyId,
    method: event.method,
    path: event.path,
    own: facts.own,
    foreign: facts.foreign,
  };
  const fromFault = classifyByBody(facts, here);
  if (fromFault) return { ...base, ...fromFault };

  if (hasAny(here)) {
    const exhausted = firstExhausted(here, facts.epsilon);
    if (exhausted) {
      return {
        ...base,
        layer: exhausted,
        confidence: 'high',
        basis: 'counters-on-response',
        evidence: [`${HEADER_NAME[exhausted]} ${valueOf(here, exhausted)} on this response`],
        neighbours: [],
        headroom: here,
        faultRate: null,
      };
    }
    // Every counter on the 429 itself has room: only the per-second SpikeArrest, which reports none, is left.
    const tight = tightestMargin(here, event.counters);
    const confidence: Confidence = tight === null || tight > 0.05 ? 'high' : 'medium';
    return {
      ...base,
      layer: 'spike',
      confidence,
      basis: 'counters-on-response',
      evidence: [`every counter on this response has room (${describeHeadroom(here)}); SpikeArrest reports no counter`],
      neighbours: [],
      headroom: here,
      faultRate: null,
    };
  }

  const neighbours = [facts.before, facts.after].filter((item): item is RequestEvent => item !== null);
  if (neighbours.length > 0) {
    const around = mergeHeadroom(neighbours.map((item) => headroomOf(item.counters)));
    const exhausted = firstExhausted(around, facts.epsilon);
    const refs = neighbours.map((item) => item.source);
    const where = refs.map((ref) => `${ref.file}:${ref.line}`).join(', ');
    if (exhausted) {
      return {
        ...base,
        layer: exhausted,
        confidence: 'medium',
        basis: 'neighbouring-responses',
        evidence: [
          `${HEADER_NAME[exhausted]} ${valueOf(around, exhausted)} on the neighbouring response(s) ${where}; this 429 carried no counters`,
        ],
        neighbours: refs,
        headroom: around,
        faultRate: null,
      };
    }
    return {
      ...base,
      layer: 'spike',
      confidence: 'medium',
      basis: 'neighbouring-responses',
      evidence: [
        `the responses around it (${where}) had room (${describeHeadroom(around)}); this 429 carried no counters`,
      ],
      neighbours: refs,
      headroom: around,
      faultRate: null,
    };
  }

  const fromLedger = classifyByOwnCounts(facts);
  if (fromLedger) return { ...base, ...fromLedger, neighbours: [], headroom: here, faultRate: null };
  return {
    ...base,
    layer: 'unknown',
    confidence: 'low',
    basis: 'none',
    evidence: ['no fault code, no counters on or around this response, and no known limit it exceeded'],
    neighbours: [],
    headroom: here,
    faultRate: null,
  };
}

type Partial429 = Pick<
  Attribution,
  'layer' | 'confidence' | 'basis' | 'evidence' | 'neighbours' | 'headroom' | 'faultRate'
>;

function classifyByBody(facts: ThrottleFacts, here: Headroom): Partial429 | null {
  const { body } = facts.event;
  if (body.kind === 'spike-arrest') {
    const rate = body.messageRate;
    const reading = rate ? readMessageRate(rate) : null;
    const faultRate = reading
      ? { rate: reading.rate, unit: reading.unit, processors: Math.max(1, Math.round(reading.processors)) }
      : null;
    const text = rate
      ? `MessageRate{messagesPerPeriod=${rate.messagesPerPeriod}, periodInMicroseconds=${rate.periodMicros}}`
      : 'no MessageRate';
    const meaning = faultRate
      ? ` = ${faultRate.rate}p${faultRate.unit === 'second' ? 's' : 'm'} across ${faultRate.processors} message processor(s)`
      : '';
    return {
      layer: 'spike',
      confidence: 'high',
      basis: 'fault',
      evidence: [`Apigee fault policies.ratelimit.SpikeArrestViolation, ${text}${meaning}`],
      neighbours: [],
      headroom: here,
      faultRate,
    };
  }
  if (body.kind === 'gateway-spike') {
    return {
      layer: 'spike',
      confidence: 'high',
      basis: 'fault',
      evidence: [`gateway spike message: ${body.message}`],
      neighbours: [],
      headroom: here,
      faultRate: null,
    };
  }
  if (body.kind === 'xmlrpc-throttle') {
    return {
      layer: 'legacy-credit',
      confidence: 'high',
      basis: 'fault',
      evidence: [`XML-RPC fault: ${body.faultString}`],
      neighbours: [],
      headroom: here,
      faultRate: null,
    };
  }
  if (body.kind === 'quota-violation') {
    // A QuotaViolation names no window: the counters (or the own counts) say whether minute or day ran out.
    const exhausted = firstExhausted(here, facts.epsilon);
    const layer: ThrottleLayer =
      exhausted === 'product-day' || exhausted === 'product-minute'
        ? exhausted
        : (ownExhausted(facts) ?? 'product-minute');
    const sure = exhausted !== null || ownExhausted(facts) !== null;
    return {
      layer,
      confidence: sure ? 'high' : 'medium',
      basis: 'fault',
      evidence: [
        `Apigee fault policies.ratelimit.QuotaViolation${body.identifier ? ` (identifier ${body.identifier})` : ''}`,
        sure
          ? `the ${layer === 'product-day' ? 'daily quota' : 'minute throttle'} was exhausted`
          : 'no counters say which window: assumed the minute throttle',
      ],
      neighbours: [],
      headroom: here,
      faultRate: null,
    };
  }
  return null;
}

function classifyByOwnCounts(
  facts: ThrottleFacts,
): Pick<Attribution, 'layer' | 'confidence' | 'basis' | 'evidence'> | null {
  const exhausted = ownExhausted(facts);
  if (exhausted) {
    const [count, limit] =
      exhausted === 'product-day'
        ? [facts.own.utcDay, facts.profile?.perDay]
        : [facts.own.rollingMinute, facts.profile?.perMinute];
    return {
      layer: exhausted,
      confidence: 'medium',
      basis: 'ledger',
      evidence: [
        `own requests ${count} reached the ${exhausted === 'product-day' ? 'daily' : 'per-minute'} limit ${limit} (profile ${facts.profile?.id})`,
      ],
    };
  }
  const spike = facts.profile?.spikePerSecond;
  if (spike) {
    const above = facts.own.lastSecond > spike;
    return {
      layer: 'spike',
      confidence: above ? 'medium' : 'low',
      basis: 'ledger',
      evidence: [
        `no counters on or around it; own requests in the last second ${facts.own.lastSecond} against spike ${spike}/s, minute and day well below their limits`,
      ],
    };
  }
  return null;
}

function ownExhausted(facts: ThrottleFacts): 'product-day' | 'product-minute' | null {
  const { profile, own } = facts;
  if (profile?.perDay && own.utcDay >= profile.perDay) return 'product-day';
  if (profile?.perMinute && own.rollingMinute >= profile.perMinute) return 'product-minute';
  return null;
}

/** Remaining capacity per layer from one response's counters. */
export function headroomOf(counters: Counters): Headroom {
  return {
    productMinute: remaining(counters.productThrottle),
    productDay: remaining(counters.productQuota),
    tenantMinute: remaining(counters.tenantMinute),
    tenantDay: remaining(counters.tenantDay),
  };
}

function remaining(
  snapshot: { limit: number | null; used: number | null; available: number | null } | undefined,
): number | null {
  if (!snapshot) return null;
  if (snapshot.available !== null) return snapshot.available;
  if (snapshot.limit !== null && snapshot.used !== null) return snapshot.limit - snapshot.used;
  return null;
}

function hasAny(headroom: Headroom): boolean {
  return Object.values(headroom).some((value) => value !== null);
}

function mergeHeadroom(list: readonly Headroom[]): Headroom {
  const least = (pick: (h: Headroom) => number | null): number | null => {
    const values = list.map(pick).filter((value): value is number => value !== null);
    return values.length === 0 ? null : Math.min(...values);
  };
  return {
    productMinute: least((h) => h.productMinute),
    productDay: least((h) => h.productDay),
    tenantMinute: least((h) => h.tenantMinute),
    tenantDay: least((h) => h.tenantDay),
  };
}

function valueOf(headroom: Headroom, layer: Layered): number | null {
  return {
    'product-day': headroom.productDay,
    'tenant-day': headroom.tenantDay,
    'product-minute': headroom.productMinute,
    'tenant-minute': headroom.tenantMinute,
  }[layer];
}

function firstExhausted(headroom: Headroom, epsilon: number): Layered | null {
  for (const layer of EXHAUSTION_ORDER) {
    const value = valueOf(headroom, layer);
    if (value !== null && value <= epsilon) return layer;
  }
  return null;
}

// The smallest share of a limit left on this response, to lower confidence when a counter was nearly empty.
function tightestMargin(headroom: Headroom, counters: Counters): number | null {
  const pairs: [number | null, number | null | undefined][] = [
    [headroom.productMinute, counters.productThrottle?.limit],
    [headroom.productDay, counters.productQuota?.limit],
    [headroom.tenantMinute, counters.tenantMinute?.limit],
    [headroom.tenantDay, counters.tenantDay?.limit],
  ];
  const shares = pairs
    .filter((pair): pair is [number, number] => pair[0] !== null && typeof pair[1] === 'number' && pair[1] > 0)
    .map(([left, limit]) => left / limit);
  return shares.length === 0 ? null : Math.min(...shares);
}

function describeHeadroom(headroom: Headroom): string {
  const parts: string[] = [];
  if (headroom.productMinute !== null) parts.push(`minute ${headroom.productMinute} left`);
  if (headroom.productDay !== null) parts.push(`day ${headroom.productDay} left`);
  if (headroom.tenantMinute !== null) parts.push(`tenant minute ${headroom.tenantMinute} left`);
  if (headroom.tenantDay !== null) parts.push(`tenant day ${headroom.tenantDay} left`);
  return parts.join(', ');
}
