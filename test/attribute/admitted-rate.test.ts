import { describe, expect, it } from 'vitest';
import { admittedFloor, bookError, emptyTrain, type ErrorTrain } from '../../src/attribute/admitted-rate.js';
import { createClient, type ClientPlan, type Send } from '../scenarios/clients.js';
import { createGateway } from '../scenarios/gateway.js';

const ROOMY = { productPerMinute: 1e9, productPerDay: 1e12, tenantPerMinute: 1e9, tenantPerDay: 1e12 };
const MAX_N = 16;
const last = (batch: readonly Send[]): number => Math.max(...batch.map((send) => send.sendMs));

// The spike 429s an independent gateway gives a client: what an errors-only log of it holds.
function errorsOnly(rate: number, processors: number, plan: ClientPlan, requests: number, seed: number): ErrorTrain {
  const gateway = createGateway({ rate, processors, seed, limits: ROOMY });
  const client = createClient(plan, requests, seed, 'own');
  const train = emptyTrain();
  let id = 0;
  // A closed-loop client sends its next batch only after the last answer: so the gateway sees each batch in order.
  let batch = client.start(1_790_000_000_000);
  const sends = [...batch];
  if (plan.style !== 'sequential')
    for (let next = client.next(last(batch), false); next; next = client.next(last(next), false)) sends.push(...next);
  while (sends.length > 0) {
    sends.sort((a, b) => a.arrivalMs - b.arrivalMs);
    let throttled = false;
    let latest = 0;
    for (const send of sends) {
      const decision = gateway.process({ id: id++, t: send.arrivalMs, own: true, reach: 'key', key: 'k' });
      throttled = !decision.accepted;
      latest = Math.max(latest, send.arrivalMs);
      if (throttled) bookError(train, send.sendMs);
    }
    sends.length = 0;
    if (plan.style !== 'sequential') break;
    const next = client.next(last(batch), throttled);
    if (!next) break;
    const shift = Math.max(0, latest + 5 - Math.min(...next.map((send) => send.sendMs)));
    batch = next.map((send) => ({ sendMs: send.sendMs + shift, arrivalMs: send.arrivalMs + shift }));
    sends.push(...batch);
  }
  return train;
}

describe('the floor an errors-only log puts under the rate', () => {
  it('never rules out the true rate, over rates, N, spacing, jitter, bursts and client styles', () => {
    let judged = 0;
    let ruledOutLower = 0;
    let seed = 1;
    for (const rate of [5, 10, 25])
      for (const processors of [1, 2, 3, 5, 7, 10])
        for (const factor of [0.3, 0.5, 0.7, 0.9, 1.2])
          for (const jitter of [0, 0.15, 0.3])
            for (const burstShare of [0, 0.1]) {
              const spacingMs = (factor * processors * 1000) / rate;
              const paced: ClientPlan = { style: 'paced', spacingMs, jitter, burstShare };
              const sequential: ClientPlan = { style: 'sequential', sleepMs: spacingMs, latencyMs: 80, burstShare };
              for (const plan of [paced, sequential]) {
                const floor = admittedFloor(errorsOnly(rate, processors, plan, 600, seed++), MAX_N);
                if (floor === null) continue;
                judged++;
                if ([5, 10].some((lower) => lower < rate && lower < floor.leastRate)) ruledOutLower++;
                expect(floor.leastRate, JSON.stringify({ rate, processors, plan })).toBeLessThanOrEqual(rate);
              }
            }
    // Steady clients with enough errors are judged (about 100 of 1,080 here), and a lower rate is ruled out in some.
    expect(judged).toBeGreaterThan(90);
    expect(ruledOutLower).toBeGreaterThan(20);
  });

  it('rules out 5/s and 10/s for a steady client at 21/s that 25/s on two processors admits two-thirds of', () => {
    const plan: ClientPlan = { style: 'paced', spacingMs: 47, jitter: 0.16, burstShare: 0 };
    const train = errorsOnly(25, 2, plan, 1500, 7);
    const floor = admittedFloor(train, MAX_N);
    expect(floor).not.toBeNull();
    expect(floor!.spacingMs).toBeGreaterThan(40);
    expect(floor!.spacingMs).toBeLessThan(52);
    expect(floor!.admittedPerSecond).toBeGreaterThan(12);
    expect(floor!.leastRate).toBeGreaterThan(10);
    expect(floor!.leastRate).toBeLessThan(25);
  });

  it('says nothing of a client that bursts and pauses, or of too few errors', () => {
    const bursts = emptyTrain();
    for (let burst = 0; burst < 40; burst++) for (let i = 0; i < 5; i++) bookError(bursts, burst * 5000 + i * 20);
    expect(admittedFloor(bursts, MAX_N)).toBeNull();
    const few = emptyTrain();
    for (let i = 0; i < 20; i++) bookError(few, i * 50);
    expect(admittedFloor(few, MAX_N)).toBeNull();
  });
});
