// @paymux/paystar/testing: the Paystar emulator, written from the provider documents alone.
export type { InitiateKind } from './emulator-rules.js'
export type {
  EmulatedAccount,
  EmulatedDelivery,
  EmulatedPayment,
  EmulatedSession,
  EmulatedSessionStatus,
  EmulatedUser,
  EmulatorStore,
  RecordedRequest,
} from './emulator-store.js'
export {
  DEFAULT_WEBHOOK_TEMPLATE,
  type EmulatorWebhookOptions,
  renderTemplate,
  type TemplateValues,
  UNSENT_URL,
} from './emulator-webhooks.js'
export {
  createPaystarEmulator,
  PAYSTAR_EMULATOR_API_KEY,
  PAYSTAR_EMULATOR_BUSINESS_UNIT,
  type PaystarEmulator,
  PaystarEmulatorError,
  type PaystarEmulatorOptions,
  type PaystarEmulatorStats,
} from './paystar-emulator.js'
export { type ServedPaystarEmulator, servePaystarEmulator } from './serve-paystar-emulator.js'
