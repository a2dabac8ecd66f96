// Deprecated re-export while the gateway packages move to '@paymux/core/emulator' (which needs no vitest).
export * from '../emulator/index.js'
export { ALL_OPERATIONS, checkGatewayContract, implementedOperations } from './gateway-contract.js'
export { type ConformanceOptions, runGatewayConformance } from './run-gateway-conformance.js'
