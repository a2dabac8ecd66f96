export { createEmulatorClock, type EmulatorClock, type EmulatorClockOptions } from './emulator-clock.js'
export {
  createEmulatorControl,
  EMULATOR_CONTROL_PATH,
  type EmulatorControlOptions,
  type EmulatorControlTarget,
} from './emulator-control.js'
export {
  ConnectionDroppedError,
  createFaultInjector,
  type Fault,
  type FaultInjector,
  type FetchHandler,
} from './emulator-faults.js'
export type { Emulator } from './emulator-interface.js'
export {
  asFetch,
  type ServedEmulator,
  type ServedFetchHandler,
  type ServeEmulatorOptions,
  serveEmulator,
  serveFetchHandler,
} from './emulator-server.js'
export {
  createWebhookOutbox,
  type EmulatorDelivery,
  type EmulatorDeliveryAttempt,
  type EmulatorDeliveryState,
  type EmulatorProvider,
  type EmulatorWebhookSettings,
  type EmulatorWebhooks,
  type WebhookOutbox,
  type WebhookOutboxOptions,
  type WebhookSigner,
} from './emulator-webhooks.js'
