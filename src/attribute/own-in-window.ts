import type { CounterLayer, LedgerPoint } from '../ledger/index.js';

/** The client's own requests the ledger counts in a layer's window at a point (rolling minute or UTC day). */
export function ownInWindow(point: LedgerPoint, layer: CounterLayer): number {
  switch (layer) {
    case 'product-minute':
      return point.own.rollingMinute;
    case 'product-day':
      return point.own.utcDay;
    case 'tenant-minute':
      return point.own.tenantRollingMinute;
    case 'tenant-day':
      return point.own.tenantUtcDay;
  }
}
