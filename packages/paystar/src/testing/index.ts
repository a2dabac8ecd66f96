// @paymux/paystar/testing: the Paystar emulator, written from the provider documents alone.
export {
  DEFAULT_EMBEDDED_EVENT_NAMES,
  type EmbeddedMessage,
  type PaystarEmbeddedEventNames,
  type PaystarEmbeddedOptions,
  type ResolvedEmbeddedOptions,
} from './emulator-embedded.js'
export { LOADER_IDS, LOADER_PATH, MESSAGE_SOURCE } from './emulator-loader.js'
export { TEST_CARD } from './emulator-page.js'
export type { InitiateKind } from './emulator-rules.js'
export type { CompleteInput, PaymentSourceInput } from './emulator-session-routes.js'
export type {
  EmulatedAccount,
  EmulatedDecline,
  EmulatedDelivery,
  EmulatedNotificationPreferences,
  EmulatedPayment,
  EmulatedPaymentSource,
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
  sdkOrigin,
} from './paystar-emulator.js'
export { type ServedPaystarEmulator, servePaystarEmulator } from './serve-paystar-emulator.js'
