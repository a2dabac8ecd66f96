export type { EmulatorClock, Fault, FaultInjector, FetchHandler } from '@paymux/core/emulator'
export type { SubscriptionChange } from './emulator-billing.js'
export { FASTSTAR_CHECKOUT_ORIGINS, type FastStarBrowserOptions } from './emulator-browser-options.js'
export type { CompletedSession } from './emulator-checkout-page.js'
export type { FastStarEmulatorControls } from './emulator-controls.js'
export type { DisputeInput } from './emulator-merchant.js'
export type {
  EmulatedCard,
  EmulatedChargeAttempt,
  EmulatedCustomer,
  EmulatedDispute,
  EmulatedInvoice,
  EmulatedLineItem,
  EmulatedMerchant,
  EmulatedPayment,
  EmulatedPaymentMethod,
  EmulatedPaymentStatus,
  EmulatedPrice,
  EmulatedProduct,
  EmulatedRefund,
  EmulatedRequest,
  EmulatedSession,
  EmulatedSettlement,
  EmulatedSetupIntent,
  EmulatedSubscription,
  FastStarEmulatorState,
} from './emulator-records.js'
export { type EmulatedTaxQuote, type EmulatedTaxRate, FASTSTAR_EMULATOR_TAX_RATES } from './emulator-tax.js'
export { FASTSTAR_TRIGGERS } from './emulator-triggers.js'
export { FASTSTAR_EMULATOR_WEBHOOK_SECRET, type FastStarEmulatorWebhooks } from './emulator-webhooks.js'
export {
  createFastStarEmulator,
  FASTSTAR_EMULATOR_KEYS,
  FASTSTAR_TEST_CARDS,
  type FastStarEmulator,
  type FastStarEmulatorOptions,
} from './faststar-emulator.js'
export { type ServedFastStarEmulator, serveFastStarEmulator } from './serve-faststar-emulator.js'
