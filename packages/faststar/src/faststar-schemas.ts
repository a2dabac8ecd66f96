import * as z from 'zod'
import {
  fastStarAttachPaymentMethodRequestSchema,
  fastStarChargeRequestSchema,
  fastStarChargeSchema,
  fastStarCreateCustomerRequestSchema,
  fastStarCreatePriceRequestSchema,
  fastStarCreateProductRequestSchema,
  fastStarCreateSessionRequestSchema,
  fastStarCustomerSchema,
  fastStarListSchema,
  fastStarPaymentMethodSchema,
  fastStarPriceSchema,
  fastStarProductSchema,
  fastStarSessionCreatedSchema,
  fastStarSessionRetrievedSchema,
  fastStarSetupIntentSchema,
  fastStarTaxQuoteSchema,
  fastStarTaxRequestSchema,
  fastStarVerifySignatureRequestSchema,
  fastStarVerifySignatureResultSchema,
} from './faststar-api.js'
import { envelopeHandler } from './faststar-envelope.js'

// The one door to everything that needs zod. It is imported on the first call
// (see faststar-load-schemas.ts), so importing @paymux/faststar does not load zod.

export { fastStarWebhookEventSchema } from './faststar-api.js'
export {
  attachInputSchema,
  chargeInputSchema,
  customerInputSchema,
  customerListFilterSchema,
  priceInputSchema,
  priceListFilterSchema,
  productInputSchema,
  sessionInputSchema,
  taxInputSchema,
} from './faststar-inputs.js'
export { toWebhookEvent } from './map-faststar-webhook-event.js'

/** The native client's request-body schemas, checked before anything is sent. */
export const requestSchemas = {
  createSession: fastStarCreateSessionRequestSchema,
  createProduct: fastStarCreateProductRequestSchema,
  createPrice: fastStarCreatePriceRequestSchema,
  createCustomer: fastStarCreateCustomerRequestSchema,
  attachPaymentMethod: fastStarAttachPaymentMethodRequestSchema,
  charge: fastStarChargeRequestSchema,
  calculateTax: fastStarTaxRequestSchema,
  verifySignature: fastStarVerifySignatureRequestSchema,
}

// Built once: a zod schema compiles its parser on first use, so per-request schemas would be slow.
/** The native client's response handlers, one per answer shape. */
export const responseHandlers = {
  sessionCreated: envelopeHandler(fastStarSessionCreatedSchema),
  sessionRetrieved: envelopeHandler(fastStarSessionRetrievedSchema),
  product: envelopeHandler(fastStarProductSchema),
  products: envelopeHandler(fastStarListSchema(fastStarProductSchema, 'products')),
  price: envelopeHandler(fastStarPriceSchema),
  prices: envelopeHandler(fastStarListSchema(fastStarPriceSchema, 'prices')),
  customer: envelopeHandler(fastStarCustomerSchema),
  customers: envelopeHandler(fastStarListSchema(fastStarCustomerSchema, 'customers')),
  setupIntent: envelopeHandler(fastStarSetupIntentSchema),
  card: envelopeHandler(fastStarPaymentMethodSchema),
  cards: envelopeHandler(fastStarListSchema(fastStarPaymentMethodSchema, 'payment_methods')),
  charge: envelopeHandler(fastStarChargeSchema),
  anything: envelopeHandler(z.unknown().optional()),
  taxQuote: envelopeHandler(fastStarTaxQuoteSchema),
  verification: envelopeHandler(fastStarVerifySignatureResultSchema),
}
