export { ALL_OPERATIONS, checkGatewayContract, implementedOperations } from './gateway-contract.js'
export { type ConformanceOptions, runGatewayConformance } from './run-gateway-conformance.js'
