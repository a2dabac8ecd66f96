export {
  BAD_PATH_IDS,
  BAD_URLS,
  invalidRequestOf,
  paymentErrorOf,
  type RecordingFetch,
  recordingFetch,
} from './bad-inputs.js'
export type { ConformanceDrivers, ConformanceOptions } from './conformance-options.js'
export { ALL_OPERATIONS, checkGatewayContract, implementedOperations } from './gateway-contract.js'
export { runGatewayConformance } from './run-gateway-conformance.js'
export { runStateStoreContract, type StateStoreContractOptions } from './state-store-contract.js'
