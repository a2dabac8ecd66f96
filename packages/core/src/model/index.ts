export type { Price, Product, Recurring } from './catalog.js'
export type { Customer } from './customer.js'
export {
  type AnyGateway,
  type CallOptions,
  type CatalogFacet,
  type ChargeInput,
  type CreateCustomerInput,
  type CreatePriceInput,
  type CreateProductInput,
  type CreateSessionInput,
  type CustomerInput,
  type CustomersFacet,
  type FacetName,
  type FacetSelection,
  type Gateway,
  type GatewayBase,
  type GatewayCapabilities,
  type GatewayFacets,
  type LineItemInput,
  type ListPaymentsFilter,
  type ListResult,
  type PaymentMethodsFacet,
  type PaymentsFacet,
  type SessionsFacet,
  type SpecificationVersion,
  SUPPORTED_SPECIFICATION_VERSIONS,
  supports,
  type TaxFacet,
  type WaitForOptions,
  type WebhookRequest,
  type WebhooksFacet,
} from './gateway.js'
export type { Money } from './money.js'
export {
  type Dispatch,
  OPERATIONS,
  type Operation,
  type OperationRowOf,
  type RoutedOperation,
} from './operations.js'
export { type Payment, type PaymentStatus, type Refund, TERMINAL_PAYMENT_STATUSES } from './payment.js'
export type { PaymentMethod, PaymentMethodSetup } from './payment-method.js'
export type { PaymentSession, SessionMode, SessionPresentation, SessionStatus } from './payment-session.js'
export { type ProviderId, parseRef, type Ref, toRef } from './ref.js'
export type { TaxQuote } from './tax-quote.js'
export type {
  Dispute,
  DisputeEventType,
  PaymentEventType,
  SessionEventType,
  Subscription,
  SubscriptionEventType,
  WebhookEvent,
  WebhookEventOf,
  WebhookEventType,
} from './webhook-event.js'
