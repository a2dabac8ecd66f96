import { checkWith, httpUrlProblem, lineTotalOverflow, refuseMisspeltGatewayKeys } from '@paymux/core'
import { moneySchema } from '@paymux/core/schemas'
import * as z from 'zod'
import { MAX_METADATA_VALUES, MAX_PAGE_SIZE, MAX_REFERENCE_LENGTH } from './fastaar-limits.js'

// Neutral inputs as Fastaar accepts them. Everything here is checked before a
// request is sent, and every problem names the field it is about. Objects are
// strict: a misspelt key (`refrence`) is refused with a suggestion, never
// dropped, since a dropped `reference` would make the create lose its
// idempotency. `metadata` stays a free-form record.

/** A positive BDT amount: Fastaar takes taka only, and a payment or refund of nothing is a mistake. */
export const bdtAmountSchema = moneySchema.check((payload) => {
  const { amount, currency } = payload.value
  if (currency !== 'BDT') {
    payload.issues.push({
      code: 'custom',
      message: `Fastaar accepts BDT only, got "${currency}"`,
      input: currency,
      path: ['currency'],
    })
  }
  if (amount <= 0) {
    payload.issues.push({
      code: 'custom',
      message: `must be more than 0 poisha, got ${amount}`,
      input: amount,
      path: ['amount'],
    })
  }
})

// Refused, not repaired: the URL parser would drop a newline or surrounding spaces that Fastaar then stores.
const httpUrl = z.string({ error: (issue) => httpUrlProblem(issue.input) }).check(checkWith(httpUrlProblem))

/** Metadata: at most 20 values, every one a string. */
export const metadataSchema = z
  .record(z.string().min(1, 'keys must not be empty'), z.string({ error: 'values must be strings' }))
  .check((payload) => {
    const count = Object.keys(payload.value).length
    if (count > MAX_METADATA_VALUES) {
      payload.issues.push({
        code: 'custom',
        message: `holds ${count} values; Fastaar stores at most ${MAX_METADATA_VALUES}`,
        input: payload.value,
      })
    }
  })

const lineItemSchema = z.strictObject({
  amount: bdtAmountSchema,
  quantity: z.number().int().min(1).optional(),
  description: z.string().optional(),
  priceId: z.undefined({ error: 'Fastaar has no catalog: give the line item an amount instead' }).optional(),
  productId: z
    .undefined({ error: 'Fastaar has no catalog: give the line item an amount instead' })
    .optional(),
})

/** `providerOptions.fastaar`: Fastaar needs nothing beyond the neutral input yet, so any key is a mistake. */
export const fastaarProviderOptionsSchema = z.strictObject({})

/** The neutral `sessions.create` input as Fastaar accepts it. */
export const createSessionInputSchema = z
  .strictObject({
    mode: z
      .literal('payment', { error: "Fastaar takes one-off payments only: use mode 'payment'" })
      .optional(),
    lineItems: z.array(lineItemSchema).min(1).optional(),
    amount: z.optional(bdtAmountSchema),
    description: z.string().optional(),
    customer: z
      .strictObject({
        email: z.string().optional(),
        name: z.string().optional(),
        firstName: z.string().optional(),
        lastName: z.string().optional(),
      })
      .optional(),
    successUrl: httpUrl.optional(),
    cancelUrl: httpUrl.optional(),
    reference: z
      .string()
      .min(1, 'must not be empty')
      .max(MAX_REFERENCE_LENGTH)
      .refine((value) => value.trim() === value, 'must not have surrounding whitespace')
      .optional(),
    buyerCountry: z.string().optional(),
    region: z.string().optional(),
    presentation: z
      .literal('redirect', { error: "Fastaar has a hosted checkout page only: use presentation 'redirect'" })
      .optional(),
    metadata: metadataSchema.optional(),
    providerOptions: z
      .looseObject({ fastaar: fastaarProviderOptionsSchema.optional() })
      .check(refuseMisspeltGatewayKeys)
      .optional(),
  })
  .check((payload) => {
    const { amount, lineItems } = payload.value
    if (amount !== undefined && lineItems !== undefined) {
      payload.issues.push({
        code: 'custom',
        message: 'give either amount or lineItems, not both',
        input: amount,
        path: ['amount'],
      })
    } else if (amount === undefined && lineItems === undefined) {
      payload.issues.push({
        code: 'custom',
        message: 'is required: a BDT money object { amount, currency: "BDT" }, or give lineItems',
        input: undefined,
        path: ['amount'],
      })
    }
    // Fastaar takes one amount: the lines are summed here, so the sum must stay exact.
    const overflow = lineTotalOverflow(
      lineItems?.map((item) => ({ ...item, amount: item.amount.amount })) ?? [],
    )
    if (overflow !== undefined) {
      payload.issues.push({
        code: 'custom',
        message: overflow.message,
        input: lineItems,
        path: overflow.index === undefined ? ['lineItems'] : ['lineItems', overflow.index],
      })
    }
  })

/** The parsed `sessions.create` input. */
export type CreateSessionFields = z.output<typeof createSessionInputSchema>

/** The neutral `payments.list` filter as Fastaar accepts it. */
export const listFilterSchema = z
  .strictObject({
    status: z
      .enum(['pending', 'requires_action', 'processing', 'succeeded', 'failed', 'canceled', 'expired'])
      .optional(),
    reference: z.string().min(1, 'must not be empty').optional(),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}: Fastaar's largest page`)
      .optional(),
    cursor: z
      .string()
      .regex(/^[1-9]\d{0,8}$/, 'must be a nextCursor from an earlier payments.list')
      .optional(),
  })
  .optional()

/** The neutral `payments.refund` input as Fastaar accepts it. */
export const refundInputSchema = z.strictObject({ amount: z.optional(bdtAmountSchema) }).optional()

/** The options of `payments.waitFor`. */
export const waitForOptionsSchema = z.strictObject({
  until: z
    .union([
      z.literal('terminal'),
      z.array(
        z.enum(['pending', 'requires_action', 'processing', 'succeeded', 'failed', 'canceled', 'expired']),
      ),
    ])
    .optional(),
  timeoutMs: z.number().positive().finite(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'must be an AbortSignal').optional(),
  initialIntervalMs: z.number().positive().finite().optional(),
  maxIntervalMs: z.number().positive().finite().optional(),
})
