// zod/mini schemas: money, and the neutral input of every operation, with the
// shared rules written once. A subpath of their own, so that importing
// '@paymux/core' for money, errors or the transport does not load zod; a
// gateway imports this from the module it loads on its first call.
// How a gateway refines a neutral schema: see the top of session-input.ts.

export { currencySchema, moneySchema, signedMoneySchema } from '../money/money-schema.js'
export {
  createPriceInputSchema,
  createProductInputSchema,
  listPricesFilterSchema,
  taxInputSchema,
} from './catalog-inputs.js'
export {
  attachPaymentMethodInputSchema,
  createCustomerInputSchema,
  listCustomersFilterSchema,
} from './customer-inputs.js'
export { currencyNotTaken, positiveMoneySchema, takesCurrencies, zeroAmountProblem } from './money-rules.js'
export {
  countrySchema,
  cursorSchema,
  DEFAULT_MAX_REFERENCE_LENGTH,
  emailSchema,
  httpUrlSchema,
  idSchema,
  limitSchema,
  metadataSchema,
  quantitySchema,
  referenceSchema,
  textSchema,
} from './neutral-fields.js'
export {
  chargeInputSchema,
  listPaymentsFilterSchema,
  paymentStatusSchema,
  refundInputSchema,
  waitForOptionsSchema,
} from './payment-inputs.js'
export { providerOptionsSchema } from './provider-options.js'
export {
  createSessionInputSchema,
  customerInputSchema,
  lineItemInputSchema,
  type SessionInputOptions,
  type ValidSessionInput,
} from './session-input.js'
