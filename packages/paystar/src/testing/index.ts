// @paymux/paystar/testing: the Paystar emulator, written from the provider documents alone.

export type { CompleteInput, PaymentSourceInput } from './emulator-actions.js'
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
export type {
  EmulatedAccount,
  EmulatedDecline,
  EmulatedNotificationPreferences,
  EmulatedPayment,
  EmulatedPaymentSource,
  EmulatedSession,
  EmulatedSessionStatus,
  EmulatedUser,
  EmulatorStore,
  RecordedRequest,
} from './emulator-store.js'
export { PAYSTAR_TRIGGERS } from './emulator-triggers.js'
export {
  DEFAULT_WEBHOOK_TEMPLATE,
  PAYSTAR_EMULATOR_WEBHOOK_SECRET,
  type PaystarEmulatorWebhookSettings,
  type PaystarEmulatorWebhooks,
  renderTemplate,
  type TemplateValues,
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
