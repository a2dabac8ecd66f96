import {
  type ProviderResponse,
  parseJsonBody,
  type ResponseHandler,
  UnexpectedResponseError,
  validateBody,
} from '@paymux/core'
import * as z from 'zod'

/**
 * A response handler for FastStar's `{ success, message, data }` envelope:
 * checks it, then validates `data` with `schema` and returns it. A 2xx that
 * says `success: false`, or a body whose documented fields are missing or
 * mistyped, is an `UnexpectedResponseError`, never a success.
 */
export function envelopeHandler<Data extends z.ZodType>(schema: Data): ResponseHandler<z.output<Data>> {
  const envelope = z.looseObject({ success: z.literal(true), message: z.string().nullish(), data: schema })
  return (response) => {
    const body = parseJsonBody(response)
    if (isRecord(body) && body.success === false) throw saidFailure(response, body)
    // Zod cannot see through the generic `Data` here; the envelope schema guarantees the shape.
    const valid = validateBody(response, envelope, body) as { data: z.output<Data> }
    return valid.data
  }
}

function saidFailure(response: ProviderResponse, body: Record<string, unknown>): UnexpectedResponseError {
  const said = typeof body.message === 'string' && body.message !== '' ? `: ${body.message}` : ''
  return new UnexpectedResponseError({
    provider: response.provider,
    code: 'success_false',
    message: `${response.provider}: ${response.operation} answered HTTP ${response.status} with "success": false${said}; treated as a failure, not a success`,
    httpStatus: response.status,
    requestId: response.requestId,
    raw: body,
  })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
