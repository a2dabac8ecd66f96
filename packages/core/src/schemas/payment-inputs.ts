import * as z from 'zod/mini'
import type { PaymentStatus } from '../model/payment.js'
import { positiveMoneySchema } from './money-rules.js'
import { cursorSchema, idSchema, limitSchema, referenceSchema } from './neutral-fields.js'

// Neutral inputs of the payments facet (zod/mini, strict). A gateway refines
// them as it does the session input: `.check(inputRule(…))` for its own
// rules, `.check(takesCurrencies(…))` on an amount, `z.extend(…)` for options
// only it has (Fastaar's waitFor intervals).

const PAYMENT_STATUSES: readonly PaymentStatus[] = [
  'pending',
  'requires_action',
  'processing',
  'succeeded',
  'failed',
  'canceled',
  'expired',
]

/** A neutral payment status. */
export const paymentStatusSchema = z.enum(PAYMENT_STATUSES)

/** Input of `payments.charge`: a saved method charged off-session; the amount more than zero. */
export const chargeInputSchema = z.strictObject({
  customerId: idSchema,
  paymentMethodId: idSchema,
  amount: positiveMoneySchema,
  offSession: z.optional(z.boolean()),
})

/** Input of `payments.refund` (the whole payment when `amount` is absent); an amount is more than zero. */
export const refundInputSchema = z.strictObject({
  amount: z.optional(positiveMoneySchema),
})

/** Filter of `payments.list`. */
export const listPaymentsFilterSchema = z.strictObject({
  status: z.optional(paymentStatusSchema),
  reference: z.optional(referenceSchema()),
  limit: z.optional(limitSchema),
  cursor: z.optional(cursorSchema),
})

/** Options of `payments.waitFor`: `timeoutMs` a positive finite number of milliseconds. */
export const waitForOptionsSchema = z.strictObject({
  until: z.optional(z.union([z.literal('terminal'), z.array(paymentStatusSchema)])),
  timeoutMs: z.number('must be a number of milliseconds').check(z.positive('must be more than 0')),
  signal: z.optional(
    z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'must be an AbortSignal'),
  ),
})
