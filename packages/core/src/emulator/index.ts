export { createEmulatorClock, type EmulatorClock } from './emulator-clock.js'
export {
  ConnectionDroppedError,
  createFaultInjector,
  type Fault,
  type FaultInjector,
  type FetchHandler,
} from './emulator-faults.js'
export { asFetch, type ServedEmulator, serveFetchHandler } from './emulator-server.js'
