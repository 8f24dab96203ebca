import type { ClusterSummary, ErrorsOnlyFinding, FaultSummary, MidnightSummary } from './errors-only-report.js';

// Kinds of body Keap's gateway sends when a limit fires (the same set the attribution treats as throttling).
const THROTTLE_BODIES = new Set([
  'spike-arrest',
  'quota-violation',
  'keap-generic',
  'xmlrpc-throttle',
  'gateway-spike',
]);

/** The answers the throttled responses support on their own, from the tallies. */
export function findingsOf(
  throttled: number,
  faults: FaultSummary,
  clusters: ClusterSummary,
  midnight: MidnightSummary,
): ErrorsOnlyFinding[] {
  const findings: ErrorsOnlyFinding[] = [];
  const count = (kind: string) => faults.bodies.find((entry) => entry.kind === kind)?.count ?? 0;
  if (throttled > 0 && faults.bodies.some((entry) => THROTTLE_BODIES.has(entry.kind)))
    findings.push('throttling-response');
  if (count('spike-arrest') > 0) findings.push('spike-arrest-layer');
  if (count('quota-violation') > 0 || midnight.pattern === 'daily-quota') findings.push('daily-quota-layer');
  if (faults.rate !== null) findings.push('rate-from-fault');
  if (throttled >= 2 && clusters.isolated * 2 >= throttled) findings.push('isolated-throttling');
  if (clusters.bursts > 0) findings.push('bursts');
  if (throttled >= 3 && midnight.pattern === 'none' && count('quota-violation') === 0)
    findings.push('no-utc-midnight-pattern');
  return findings;
}
