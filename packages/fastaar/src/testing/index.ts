// `@paymux/fastaar/testing`: the Fastaar emulator, written from the documents alone.

export {
  FASTAAR_ABILITIES,
  type FastaarAbility,
  type FastaarEmulatorKey,
  type FastaarMerchantState,
} from './emulator-access.js'
export type { FastaarGatewayCharge } from './emulator-charge.js'
export type { CheckoutOutcome } from './emulator-checkout.js'
export { EXPIRY_MS } from './emulator-store.js'
export {
  type EmulatorWebhookSettings,
  signFastaarWebhook,
  WEBHOOK_RETRY_DELAYS_MS,
  WEBHOOK_TIMEOUT_MS,
  type WebhookAttempt,
  type WebhookDelivery,
} from './emulator-webhooks.js'
export {
  createFastaarEmulator,
  type EmulatorRequestRecord,
  type FastaarEmulator,
  type FastaarEmulatorOptions,
} from './fastaar-emulator.js'
export { type ServedFastaarEmulator, serveFastaarEmulator } from './serve-fastaar-emulator.js'
