import { parseJsonBody, type ResponseHandler, validateBody } from '@paymux/core'
import * as z from 'zod'
import type { PaystarEnvelope } from './paystar-api.js'
import { paystarEnvelopeError } from './paystar-errors.js'

const flagSchema = z.looseObject({
  hasErrors: z.boolean({ error: 'is required: Paystar answers always carry hasErrors' }),
})

/**
 * A handler for Paystar's `{ hasErrors, errors, data }` envelope. As Paystar
 * asks, `hasErrors` is checked before `data` is touched: a missing flag is a
 * body that does not match the documented shape, and `hasErrors: true` (or a
 * non-empty `errors`) is an error even in a 2xx. Only then is `data`
 * validated with `dataSchema`.
 */
export function paystarResponseHandler<Data extends z.ZodType>(
  dataSchema: Data,
): ResponseHandler<PaystarEnvelope<z.output<Data>>> {
  const envelopeSchema = z.looseObject({
    hasErrors: z.literal(false),
    errors: z.array(z.unknown()).default([]),
    data: dataSchema,
  })
  return (response) => {
    const body = parseJsonBody(response)
    // The usual case is checked by hand; zod only runs to describe a body that lacks the flag.
    const flagged = isFlagged(body) ? body : validateBody(response, flagSchema, body)
    const errors = flagged.errors
    if (flagged.hasErrors || (Array.isArray(errors) && errors.length > 0)) {
      throw paystarEnvelopeError(response, flagged)
    }
    // The schema is exactly PaystarEnvelope with `data` from dataSchema; zod cannot name that generic type itself.
    return validateBody(response, envelopeSchema, body) as PaystarEnvelope<z.output<Data>>
  }
}

function isFlagged(body: unknown): body is { hasErrors: boolean; [field: string]: unknown } {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    typeof (body as { hasErrors?: unknown }).hasErrors === 'boolean'
  )
}
