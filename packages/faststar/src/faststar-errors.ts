import {
  ActionRequiredError,
  createError,
  type FailureHandler,
  type PaymentError,
  parseRetryAfter,
  type RequiredAction,
  tryParseJson,
} from '@paymux/core'

/**
 * Turns a non-2xx FastStar answer into a paymux error. FastStar sends no error
 * codes, only `{ "success": false, "message": "…" }`, so the HTTP status picks
 * the class: 400 `InvalidRequestError`, 401 `AuthenticationError`, 402
 * `ActionRequiredError` (SCA), 404 `NotFoundError`, 429 `RateLimitError`, 5xx
 * `ProviderUnavailableError`. An HTML or empty body is read too, never thrown
 * as something else.
 */
export const fastStarFailureHandler: FailureHandler = (response) => {
  const body = tryParseJson(response.text)
  const message = readMessage(body) ?? snippet(response.text)
  return createError({
    provider: response.provider,
    httpStatus: response.status,
    message,
    requestId: response.requestId,
    raw: body ?? (response.text === '' ? undefined : response.text),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  })
}

/**
 * The 402 of an off-session charge, rebuilt with what the application needs
 * to bring the buyer back on-session: the customer, card and amount.
 * Any other error is returned unchanged.
 */
export function withRequiredAction(error: unknown, action: RequiredAction): unknown {
  if (!ActionRequiredError.isInstance(error)) return error
  const rebuilt: PaymentError = createError({
    provider: error.provider,
    kind: 'action_required',
    httpStatus: error.httpStatus,
    message: readMessage(error.raw) ?? 'the charge needs Strong Customer Authentication',
    requestId: error.requestId,
    raw: error.raw,
    action,
  })
  return rebuilt
}

function readMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const message = (body as { message?: unknown }).message
  return typeof message === 'string' && message.trim() !== '' ? message : undefined
}

function snippet(text: string): string | undefined {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat === '') return undefined
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat
}
