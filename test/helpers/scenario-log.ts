import { createEffectiveCountGateway, createRandom } from '../../src/spike/index.js';

/** A labelled scenario: who sends when, and the gateway that judges them. */
export interface Scenario {
  readonly ownTimesMs: readonly number[];
  /** Requests by other consumers of the same key: counted by the server, absent from the log. */
  readonly foreignTimesMs?: readonly number[];
  readonly spikeRate: number;
  readonly processors: number;
  readonly seed: number;
  readonly perMinute: number;
  readonly perDay: number;
  readonly key?: string;
}

/** Ground truth next to the generated log. */
export interface ScenarioLog {
  readonly csv: string;
  readonly ownRejectedBySpike: number;
  readonly ownRejectedByMinute: number;
  readonly foreignCount: number;
  /** Foreign requests the gateway rejected (they never reached the counters). */
  readonly foreignRejected: number;
}

const BODY_429 =
  '"{""code"":""429"",""message"":""Quota Exceeded"",""status"":""Request Throttled"",""details"":null}"';

/**
 * Runs own and foreign requests through the effective-count model and a rolling-minute / UTC-day
 * quota (as Keap's headers behave), and writes the client's own log as CSV with x-keap headers.
 */
export function generateScenarioLog(scenario: Scenario): ScenarioLog {
  const gateway = createEffectiveCountGateway({
    rate: scenario.spikeRate,
    unit: 'second',
    processors: scenario.processors,
    routing: 'random',
    seed: scenario.seed,
  });
  const requests = [
    ...scenario.ownTimesMs.map((t) => ({ t, own: true })),
    ...(scenario.foreignTimesMs ?? []).map((t) => ({ t, own: false })),
  ].sort((a, b) => a.t - b.t || Number(b.own) - Number(a.own));
  const counted: number[] = [];
  let day = -1;
  let dayUsed = 0;
  let ownRejectedBySpike = 0;
  let ownRejectedByMinute = 0;
  let foreignRejected = 0;
  const rows = [
    'ts,key,method,url,status,x-keap-product-throttle-limit,x-keap-product-throttle-used,x-keap-product-throttle-available,x-keap-product-quota-limit,x-keap-product-quota-used,x-keap-product-quota-available,x-keap-product-quota-expiry-time,body',
  ];
  for (const request of requests) {
    const decision = gateway.route(request.t, request.own ? 'own' : 'foreign');
    while (counted.length > 0 && (counted[0] as number) <= request.t - 60_000) counted.shift();
    const thisDay = Math.floor(request.t / 86_400_000);
    if (thisDay !== day) {
      day = thisDay;
      dayUsed = 0;
    }
    // SpikeArrest runs first: a request it rejects never reaches the quota policies.
    let status = 200;
    if (!decision.accepted) status = 429;
    else if (counted.length >= scenario.perMinute) status = 429;
    else {
      counted.push(request.t);
      dayUsed++;
    }
    if (!request.own) {
      if (status === 429) foreignRejected++;
      continue;
    }
    if (status === 429 && !decision.accepted) ownRejectedBySpike++;
    else if (status === 429) ownRejectedByMinute++;
    const used = counted.length;
    const expiry = (day + 1) * 86_400_000;
    rows.push(
      [
        new Date(request.t).toISOString(),
        scenario.key ?? 'sak-forms',
        'POST',
        '/crm/rest/v1/contacts',
        status,
        scenario.perMinute,
        used,
        scenario.perMinute - used,
        scenario.perDay,
        dayUsed,
        scenario.perDay - dayUsed,
        expiry,
        status === 429 ? BODY_429 : '{}',
      ].join(','),
    );
  }
  return {
    csv: `${rows.join('\n')}\n`,
    ownRejectedBySpike,
    ownRejectedByMinute,
    foreignCount: scenario.foreignTimesMs?.length ?? 0,
    foreignRejected,
  };
}

/** `count` times from `startMs`, `spacingMs` apart with ± `jitterMs` of seeded noise. */
export function steadyTimes(startMs: number, count: number, spacingMs: number, jitterMs = 0, seed = 7): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, i) => Math.round(startMs + i * spacingMs + (random() * 2 - 1) * jitterMs));
}
