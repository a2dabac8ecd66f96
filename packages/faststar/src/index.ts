export type {
  FastStarAttachPaymentMethodRequest,
  FastStarCharge,
  FastStarChargeRequest,
  FastStarCreateCustomerRequest,
  FastStarCreatePriceRequest,
  FastStarCreateProductRequest,
  FastStarCreateSessionRequest,
  FastStarCustomer,
  FastStarLineItem,
  FastStarPaymentEventData,
  FastStarPaymentMethod,
  FastStarPrice,
  FastStarProduct,
  FastStarSession,
  FastStarSessionCreated,
  FastStarSessionRetrieved,
  FastStarSetupIntent,
  FastStarTaxQuote,
  FastStarTaxRequest,
  FastStarVerifySignatureRequest,
  FastStarVerifySignatureResult,
  FastStarWebhookEventBody,
} from './faststar-api.js'
export { FASTSTAR_ENDPOINTS, type FastStarNativeClient } from './faststar-endpoints.js'
export { FASTSTAR_EVENT_TYPES } from './faststar-event-types.js'
export {
  createFastStar,
  FASTSTAR_CAPABILITIES,
  type FastStarFacets,
  type FastStarGateway,
} from './faststar-gateway.js'
export type { FastStarSessionInput, FastStarSessionOptions } from './faststar-schemas.js'
export {
  FASTSTAR_BASE_URL,
  FASTSTAR_CHECKOUT_URL,
  type FastStarFieldNames,
  type FastStarSettings,
} from './faststar-settings.js'
export {
  FASTSTAR_SIGNATURE_HEADER,
  FASTSTAR_WEBHOOK_ID_HEADER,
  FASTSTAR_WEBHOOK_TIMESTAMP_HEADER,
  type FastStarWebhookEvent,
  type FastStarWebhooksFacet,
  type SignTestWebhookOptions,
  signFastStarTestWebhook,
} from './faststar-webhooks.js'
export { mapFastStarPaymentStatus, mapFastStarSessionStatus } from './map-faststar-status.js'
