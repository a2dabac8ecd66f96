import * as z from 'zod/mini'
import { cursorSchema, emailSchema, idSchema, limitSchema, textSchema } from './neutral-fields.js'

// Neutral inputs of the customers and paymentMethods facets (zod/mini, strict).

/**
 * Input of `customers.create`: an email address, a name and a phone number,
 * each optional here. A gateway requires what it needs by extending this
 * (FastStar makes `email` required, Fastaar `name` and `phone`).
 */
export const createCustomerInputSchema = z.strictObject({
  email: z.optional(emailSchema),
  name: z.optional(textSchema('a name')),
  // Formats differ by country and gateway: core only refuses blank or unsafe text.
  phone: z.optional(textSchema('a phone number')),
})

/** Filter of `customers.list`. */
export const listCustomersFilterSchema = z.strictObject({
  limit: z.optional(limitSchema),
  cursor: z.optional(cursorSchema),
})

/** Input of `paymentMethods.attach` (the customer id is passed beside it). */
export const attachPaymentMethodInputSchema = z.strictObject({ setupIntentId: idSchema })
