export { REDACTED } from './redact.js'
export {
  defaultFailureHandler,
  describeIssues,
  type FailureHandler,
  ignoreResponseBody,
  jsonResponseHandler,
  type ProviderResponse,
  parseJsonBody,
  type ResponseHandler,
  readErrorFields,
  toFieldIssues,
  tryParseJson,
  validateBody,
} from './response-handler.js'
export { parseRetryAfter } from './retry-after.js'
export {
  type BackoffSettings,
  backoffDelay,
  decideRetry,
  type RetryDecision,
  type RetryInput,
  type RetryPolicy,
} from './retry-policy.js'
export {
  createTransport,
  type HttpMethod,
  type LostAnswerOutcome,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
  type Transport,
  type TransportHooks,
  type TransportRequest,
  type TransportSettings,
} from './transport.js'
