import * as z from 'zod/mini'
import { cursorSchema, emailSchema, idSchema, limitSchema, textSchema } from './neutral-fields.js'

// Neutral inputs of the customers and paymentMethods facets (zod/mini, strict).

/** Input of `customers.create`: an email address, and optionally a name. */
export const createCustomerInputSchema = z.strictObject({
  email: emailSchema,
  name: z.optional(textSchema('a name')),
})

/** Filter of `customers.list`. */
export const listCustomersFilterSchema = z.strictObject({
  limit: z.optional(limitSchema),
  cursor: z.optional(cursorSchema),
})

/** Input of `paymentMethods.attach` (the customer id is passed beside it). */
export const attachPaymentMethodInputSchema = z.strictObject({ setupIntentId: idSchema })
