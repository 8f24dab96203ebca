import { describe, expect, it } from 'vitest';
import { classifyResponse } from '../../src/pacer/classify-response.js';
import { KEAP_429_BODY, throttledBody } from '../../src/gateway/bodies.js';
import { keapHeaders } from '../../src/gateway/headers.js';

const reading = (limit: number, used: number) => ({ limit, used, available: Math.max(0, limit - used) });
function headers(left: { minute?: number; day?: number; tenantMinute?: number; tenantDay?: number } = {}) {
  const set = keapHeaders(
    {
      productMinute: reading(240, 240 - (left.minute ?? 100)),
      productDay: reading(30_000, 30_000 - (left.day ?? 20_000)),
      productDayExpiryMs: Date.UTC(2026, 2, 4),
      tenantMinute: reading(10_000, 10_000 - (left.tenantMinute ?? 9000)),
      tenantDay: reading(250_000, 250_000 - (left.tenantDay ?? 200_000)),
    },
    { rate: 10 },
    'acme.infusionsoft.com',
  );
  return new Map(Object.entries(set));
}
const spikeFault = throttledBody('spike', { rate: 25, processors: 6 }, true, 'key#00000000');
const quotaFault = throttledBody('product-minute', { rate: 25, processors: 6 }, true, 'key#00000000');

describe('which layer threw a call back', () => {
  it('reads a generic 429 with room on every counter as SpikeArrest, and the header rate', () => {
    const result = classifyResponse(429, headers(), KEAP_429_BODY, false);
    expect(result).toMatchObject({ throttled: true, layer: 'spike', fault: null, headerRate: 10 });
    expect(result.counters.tenantId).toBe('acme.infusionsoft.com');
  });

  it('names the exhausted counter, day before minute and product before tenant', () => {
    expect(classifyResponse(429, headers({ minute: 0 }), KEAP_429_BODY, false).layer).toBe('product-minute');
    expect(classifyResponse(429, headers({ minute: 0, day: 0 }), KEAP_429_BODY, false).layer).toBe('product-day');
    expect(classifyResponse(429, headers({ tenantMinute: 0 }), KEAP_429_BODY, false).layer).toBe('tenant-minute');
    expect(classifyResponse(429, headers({ tenantDay: 0, minute: 0 }), KEAP_429_BODY, false).layer).toBe('tenant-day');
  });

  it('takes a couple left for a full bucket only when the call was throttled before', () => {
    expect(classifyResponse(429, headers({ minute: 2 }), KEAP_429_BODY, false).layer).toBe('spike');
    expect(classifyResponse(429, headers({ minute: 2 }), KEAP_429_BODY, true).layer).toBe('product-minute');
    expect(classifyResponse(429, headers({ minute: 2 }), quotaFault, false).layer).toBe('product-minute');
    expect(classifyResponse(429, new Map(), quotaFault, false).layer).toBe('product-minute');
  });

  it('reads rate and N out of a SpikeArrest fault, also on a 500 (Apigee Edge’s default status)', () => {
    expect(classifyResponse(429, headers(), spikeFault, false)).toMatchObject({
      layer: 'spike',
      fault: { rate: 25, processors: 6 },
    });
    expect(classifyResponse(500, new Map(), spikeFault, false)).toMatchObject({ throttled: true, layer: 'spike' });
    expect(classifyResponse(503, new Map(), '{"message":"SpikeArrest engaged","status":503}', false)).toMatchObject({
      throttled: true,
      layer: 'spike',
    });
    expect(classifyResponse(502, new Map(), KEAP_429_BODY, false).throttled).toBe(true);
  });

  it('leaves other answers alone: 200s, 5xx without a rate-limit body, 401s', () => {
    expect(classifyResponse(200, headers({ minute: 0 }), '', false)).toMatchObject({ throttled: false, layer: null });
    expect(classifyResponse(500, new Map(), '<html>Internal Server Error</html>', false).throttled).toBe(false);
    expect(
      classifyResponse(
        401,
        new Map(),
        '{"fault":{"faultstring":"Invalid Access Token","detail":{"errorcode":"keymanagement.service.invalid_access_token"}}}',
        false,
      ).throttled,
    ).toBe(false);
  });
});
