// The public surface of @paymux/fastaar, listed on purpose. Nothing here loads
// zod: the schemas load on first use, and `fastaarPaymentSchema` is exported
// from @paymux/fastaar/schemas.

export type {
  FastaarCreateCustomerBody,
  FastaarCreatePaymentBody,
  FastaarCustomer,
  FastaarCustomerList,
  FastaarListCustomersQuery,
  FastaarListPaymentsQuery,
  FastaarPayment,
  FastaarPaymentList,
  FastaarReferenceField,
  FastaarRefund,
  FastaarRefundBody,
  FastaarUpdateCustomerBody,
} from './fastaar-api.js'
export { DuplicateReferenceError } from './fastaar-duplicate-reference-error.js'
export {
  FASTAAR_ENDPOINTS,
  type FastaarCreatePaymentResult,
  type FastaarNativeClient,
} from './fastaar-endpoints.js'
export { fastaarFailureHandler } from './fastaar-errors.js'
export {
  createFastaar,
  FASTAAR_CAPABILITIES,
  type FastaarCustomersFacet,
  type FastaarFacets,
  type FastaarGateway,
  type FastaarPaymentsFacet,
  type FastaarSessionsFacet,
} from './fastaar-gateway.js'
export {
  FASTAAR_BASE_URL,
  type FastaarSettings,
  type ResolvedFastaarSettings,
  resolveFastaarSettings,
} from './fastaar-settings.js'
export type { FastaarWaitForOptions } from './fastaar-wait-for.js'
export {
  FASTAAR_EVENT_HEADER,
  FASTAAR_EVENT_TYPES,
  FASTAAR_SIGNATURE_HEADER,
  type FastaarWebhookSettings,
  verifyFastaarWebhook,
} from './fastaar-webhooks.js'
export { type FastaarAmountFormat, fromFastaarAmount, toFastaarAmount } from './map-fastaar-amount.js'
export type { FastaarSession } from './map-fastaar-payment.js'
export {
  FASTAAR_PAYMENT_STATUSES,
  FASTAAR_UNKNOWN_STATUS_FALLBACK,
  mapFastaarPaymentStatus,
  mapFastaarSessionStatus,
} from './map-fastaar-status.js'
