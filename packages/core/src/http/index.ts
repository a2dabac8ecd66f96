export { REDACTED } from './redact.js'
export {
  defaultFailureHandler,
  describeIssues,
  type FailedCall,
  type FailureHandler,
  ignoreResponseBody,
  jsonResponseHandler,
  outcomeOfAnswer,
  type ProviderResponse,
  parseJsonBody,
  type ResponseHandler,
  readErrorFields,
  snippet,
  toFieldIssues,
  tryParseJson,
  validateBody,
} from './response-handler.js'
export { parseRetryAfter } from './retry-after.js'
export {
  type BackoffSettings,
  backoffDelay,
  decideRetry,
  pRetryBackoff,
  type RetryDecision,
  type RetryInput,
  type RetryPolicy,
} from './retry-policy.js'
export { sleep } from './sleep.js'
export {
  createTransport,
  type Exchange,
  type HttpMethod,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
  type Transport,
  type TransportHooks,
  type TransportRequest,
  type TransportSettings,
} from './transport.js'
