export { ActionRequiredError, type RequiredAction } from './action-required-error.js'
export { AuthenticationError } from './authentication-error.js'
export { type CreateErrorInput, createError, type ErrorKind, errorKindForStatus } from './create-error.js'
export { type FieldIssue, InvalidRequestError } from './invalid-request-error.js'
export { NotFoundError } from './not-found-error.js'
export {
  hasMarker,
  isPaymentError,
  PaymentError,
  type PaymentErrorOptions,
  type RequestOutcome,
} from './payment-error.js'
export { ProviderUnavailableError } from './provider-unavailable-error.js'
export { RateLimitError } from './rate-limit-error.js'
export { RequestAbortedError } from './request-aborted-error.js'
export { StoreUnavailableError } from './store-unavailable-error.js'
export { UnexpectedResponseError } from './unexpected-response-error.js'
export { UnsupportedCapabilityError } from './unsupported-capability-error.js'
export { type WebhookFailureReason, WebhookVerificationError } from './webhook-verification-error.js'
