import {
  type ProviderResponse,
  parseJsonBody,
  type ResponseHandler,
  UnexpectedResponseError,
  validateBody,
} from '@paymux/core'
import type * as z from 'zod'

/**
 * A 2xx handler for Fastaar: the body must be JSON of the documented shape,
 * and must not carry a failure flag (`success: false`, or an `error`
 * object). Fastaar documents neither inside a 2xx; were one to arrive, paymux
 * would rather stop than report a failed call as done.
 */
export function fastaarResponseHandler<Schema extends z.ZodType>(
  schema: Schema,
): ResponseHandler<z.output<Schema>> {
  return (response) => validateBody(response, schema, readFastaarBody(response))
}

/** The parsed JSON of a 2xx Fastaar answer, refused when it is not JSON or carries a failure flag. */
export function readFastaarBody(response: ProviderResponse): unknown {
  const body = parseJsonBody(response)
  refuseFailureFlags(response, body)
  return body
}

function refuseFailureFlags(response: ProviderResponse, body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return
  const record = body as Record<string, unknown>
  const flagged = record.success === false || (record.error !== undefined && record.error !== null)
  if (!flagged) return
  throw new UnexpectedResponseError({
    provider: response.provider,
    code: 'failure_in_success_response',
    message: `${response.provider}: ${response.operation} answered HTTP ${response.status} but its body reports a failure; treat the outcome as unknown and look the payment up`,
    httpStatus: response.status,
    requestId: response.requestId,
    raw: body,
  })
}
