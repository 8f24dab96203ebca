// The mock Keap gateway: limits state, Keap's headers and bodies, key identification, the loopback server.
export {
  startMockGateway,
  MOCK_GATEWAY_DEFAULTS,
  type MockGateway,
  type MockGatewayOptions,
  type MockGatewayStats,
} from './server.js';
export type { GatewayLimits, GatewayVerdict } from './limits-state.js';
