import type { RequiredAction } from '@paymux/core'
import {
  createError,
  type FailedCall,
  type FailureHandler,
  isRecord,
  ownId,
  parseRetryAfter,
  snippet,
  tryParseJson,
} from '@paymux/core/adapter-kit'

const PROVIDER = 'faststar'

/**
 * Turns a non-2xx FastStar answer into a paymux error, built once and
 * complete. FastStar sends no error codes, only `{ "success": false,
 * "message": "…" }`, so the HTTP status picks the class: 400
 * `InvalidRequestError`, 401 `AuthenticationError`, 402
 * `ActionRequiredError` (SCA), 404 `NotFoundError`, 429 `RateLimitError`,
 * 5xx `ProviderUnavailableError`. The 402 of an off-session charge carries
 * what the application needs to bring the buyer back on-session (customer,
 * card, amount), read from the call's validated input. An HTML or empty body
 * is read too, never thrown as something else.
 */
export const fastStarFailureHandler: FailureHandler = (response, call) => {
  const body = tryParseJson(response.text)
  const action = response.status === 402 ? chargeAction(call) : undefined
  return createError({
    provider: response.provider,
    httpStatus: response.status,
    message: readMessage(body) ?? (action === undefined ? snippet(response.text) : SCA_MESSAGE),
    requestId: response.requestId,
    raw: body ?? (response.text === '' ? undefined : response.text),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    ...(action === undefined ? {} : { action }),
  })
}

const SCA_MESSAGE = 'the charge needs Strong Customer Authentication'

/** Who, which card and how much, from the validated input of `chargeCustomer`; nothing for another endpoint. */
function chargeAction({ endpoint, input }: FailedCall): RequiredAction | undefined {
  if (endpoint !== 'chargeCustomer' || !isRecord(input)) return undefined
  const { params, body } = input
  if (!isRecord(params) || !isRecord(body)) return undefined
  // The id was checked before the call; a native caller may have passed the gateway's own ref.
  const customerId = ownId(params.customerId, 'customerId', {
    provider: PROVIDER,
    operation: 'payments.charge',
  })
  const { payment_method_id: paymentMethodId, amount, currency } = body
  return {
    type: 'authenticate',
    customerId,
    ...(typeof paymentMethodId === 'string' ? { paymentMethodId } : {}),
    ...(typeof amount === 'number' && typeof currency === 'string' ? { amount: { amount, currency } } : {}),
  }
}

function readMessage(body: unknown): string | undefined {
  const message = isRecord(body) ? body.message : undefined
  return typeof message === 'string' && message.trim() !== '' ? message : undefined
}
