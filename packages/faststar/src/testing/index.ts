export type { EmulatorClock, Fault, FaultInjector, FetchHandler } from '@paymux/core/emulator'
export type { CompletedSession } from './emulator-checkout-page.js'
export type {
  EmulatedCard,
  EmulatedChargeAttempt,
  EmulatedCustomer,
  EmulatedLineItem,
  EmulatedMerchant,
  EmulatedPayment,
  EmulatedPaymentMethod,
  EmulatedPrice,
  EmulatedProduct,
  EmulatedRequest,
  EmulatedSession,
  EmulatedSetupIntent,
  EmulatedWebhookDelivery,
  FastStarEmulatorState,
} from './emulator-records.js'
export { type EmulatedTaxQuote, type EmulatedTaxRate, FASTSTAR_EMULATOR_TAX_RATES } from './emulator-tax.js'
export type { SignedDelivery } from './emulator-webhooks.js'
export {
  createFastStarEmulator,
  FASTSTAR_EMULATOR_KEYS,
  FASTSTAR_TEST_CARDS,
  type FastStarEmulator,
  type FastStarEmulatorOptions,
} from './faststar-emulator.js'
export { type ServedFastStarEmulator, serveFastStarEmulator } from './serve-faststar-emulator.js'
