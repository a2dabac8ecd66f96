// @paymux/core: what an application uses: the neutral model, money, the
// errors and their guards, the router, the webhook handler, and the state-store
// contract with its in-memory implementation.
// What an adapter author needs besides (the transport, endpoint tables, the
// neutral pipeline, validation and signature helpers) is in
// '@paymux/core/adapter-kit'; the neutral input schemas in '@paymux/core/schemas'.

export { ActionRequiredError, type RequiredAction } from './errors/action-required-error.js'
export { AuthenticationError } from './errors/authentication-error.js'
export { type FieldIssue, InvalidRequestError } from './errors/invalid-request-error.js'
export { NotFoundError } from './errors/not-found-error.js'
export { isPaymentError, PaymentError, type RequestOutcome } from './errors/payment-error.js'
export { ProviderUnavailableError } from './errors/provider-unavailable-error.js'
export { RateLimitError } from './errors/rate-limit-error.js'
export { RequestAbortedError } from './errors/request-aborted-error.js'
export { StoreUnavailableError } from './errors/store-unavailable-error.js'
export { UnexpectedResponseError } from './errors/unexpected-response-error.js'
export { UnsupportedCapabilityError } from './errors/unsupported-capability-error.js'
export { type WebhookFailureReason, WebhookVerificationError } from './errors/webhook-verification-error.js'
export type { BackoffSettings } from './http/retry-policy.js'
export type { HttpMethod, RequestEvent, ResponseEvent, RetryEvent, TransportHooks } from './http/transport.js'
export * from './model/index.js'
export * from './money/index.js'
export * from './router/index.js'
export * from './state/index.js'
export type {
  TelemetryApi,
  TelemetryMeter,
  TelemetryOption,
  TelemetrySettings,
  TelemetryTracer,
} from './telemetry/telemetry-settings.js'
export type { HeaderBag } from './webhooks/read-header.js'
