// `@paymux/fastaar/testing`: the Fastaar emulator, written from the documents alone.

// The shared emulator kit's types, so a Fastaar test needs one import.
export type {
  EmulatorClock,
  EmulatorDelivery,
  EmulatorDeliveryAttempt,
  EmulatorDeliveryState,
  EmulatorWebhookSettings,
  FaultInjector,
} from '@paymux/core/emulator'
export {
  FASTAAR_ABILITIES,
  type FastaarAbility,
  type FastaarEmulatorKey,
  type FastaarMerchantState,
} from './emulator-access.js'
export type { FastaarGatewayCharge } from './emulator-charge.js'
export type { CheckoutOutcome } from './emulator-checkout.js'
export { EXPIRY_MS } from './emulator-store.js'
export { FASTAAR_TRIGGERS } from './emulator-triggers.js'
export {
  FASTAAR_EMULATOR_WEBHOOK_SECRET,
  signFastaarWebhook,
  WEBHOOK_RETRY_DELAYS_MS,
  WEBHOOK_TIMEOUT_MS,
} from './emulator-webhooks.js'
export {
  createFastaarEmulator,
  type EmulatorRequestRecord,
  type FastaarEmulator,
  type FastaarEmulatorOptions,
  type FastaarEmulatorWebhooks,
} from './fastaar-emulator.js'
export { type ServedFastaarEmulator, serveFastaarEmulator } from './serve-fastaar-emulator.js'
