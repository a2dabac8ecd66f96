import { ActionRequiredError, type RequiredAction } from './action-required-error.js'
import { AuthenticationError } from './authentication-error.js'
import { type FieldIssue, InvalidRequestError } from './invalid-request-error.js'
import { NotFoundError } from './not-found-error.js'
import type { PaymentError } from './payment-error.js'
import { ProviderUnavailableError } from './provider-unavailable-error.js'
import { RateLimitError } from './rate-limit-error.js'
import { UnexpectedResponseError } from './unexpected-response-error.js'

/** The error classes a provider's answer can map to. */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'not_found'
  | 'action_required'
  | 'rate_limit'
  | 'provider_unavailable'
  | 'unexpected_response'

/** What an adapter knows about a failed call, for {@link createError}. */
export interface CreateErrorInput {
  provider: string
  /** The HTTP status, when a response came back. */
  httpStatus?: number | undefined
  /**
   * The adapter's reading of the native error type, when it knows better than
   * the status (Fastaar's 402 `subscription_required` is an account problem,
   * not SCA). Without it the status decides.
   */
  kind?: ErrorKind | undefined
  /** The provider's own error type or code, e.g. `duplicate_invoice_number`. */
  code?: string | undefined
  /** The provider's own message. */
  message?: string | undefined
  requestId?: string | undefined
  raw?: unknown
  issues?: readonly FieldIssue[] | undefined
  retryAfterMs?: number | undefined
  action?: RequiredAction | undefined
}

/** The error class an HTTP status maps to when the native body says nothing more precise. */
export function errorKindForStatus(status: number): ErrorKind {
  if (status === 401 || status === 403) return 'authentication'
  if (status === 402) return 'action_required'
  if (status === 404 || status === 410) return 'not_found'
  if (status === 408 || status >= 500) return 'provider_unavailable'
  if (status === 429) return 'rate_limit'
  if (status >= 400) return 'invalid_request'
  return 'unexpected_response'
}

/**
 * The one place that decides which error class a failed provider answer
 * becomes. Adapters call it with the status and what they read from the
 * native error body.
 */
export function createError(input: CreateErrorInput): PaymentError {
  const kind =
    input.kind ??
    (input.httpStatus === undefined ? 'unexpected_response' : errorKindForStatus(input.httpStatus))
  const base = {
    provider: input.provider,
    message: describe(input),
    httpStatus: input.httpStatus,
    requestId: input.requestId,
    raw: input.raw,
    ...(input.code === undefined ? {} : { code: input.code }),
  }
  switch (kind) {
    case 'invalid_request':
      return new InvalidRequestError({ ...base, issues: input.issues ?? [] })
    case 'authentication':
      return new AuthenticationError(base)
    case 'not_found':
      return new NotFoundError(base)
    case 'action_required':
      return new ActionRequiredError(input.action === undefined ? base : { ...base, action: input.action })
    case 'rate_limit':
      return new RateLimitError({ ...base, retryAfterMs: input.retryAfterMs })
    case 'provider_unavailable':
      // A response came back, so the provider saw the request: it may have acted on it.
      return new ProviderUnavailableError({ ...base, outcome: 'unknown', retryAfterMs: input.retryAfterMs })
    case 'unexpected_response':
      return new UnexpectedResponseError({ ...base, issues: input.issues ?? [] })
  }
}

function describe(input: CreateErrorInput): string {
  const detail = [input.httpStatus === undefined ? undefined : `HTTP ${input.httpStatus}`, input.code]
    .filter((part) => part !== undefined && part !== '')
    .join(', ')
  const text = input.message?.trim() || 'the request failed'
  return detail === '' ? `${input.provider}: ${text}` : `${input.provider}: ${text} (${detail})`
}
