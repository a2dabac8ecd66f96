import * as z from 'zod/mini'
import { moneySchema } from '../money/money-schema.js'
import { countrySchema, idSchema, metadataSchema, textSchema } from './neutral-fields.js'
import { neutralRule } from './neutral-rule.js'

// Neutral inputs of the catalog and tax facets (zod/mini, strict).

/** Input of `catalog.products.create`. */
export const createProductInputSchema = z.strictObject({
  name: textSchema('the product name'),
  description: z.optional(textSchema('a description')),
  metadata: z.optional(metadataSchema),
})

/** Input of `catalog.prices.create`: a recurring price needs `recurring`, a one-time price must not have it. */
export const createPriceInputSchema = z
  .strictObject({
    productId: idSchema,
    unitAmount: moneySchema,
    type: z.optional(z.enum(['one_time', 'recurring'])),
    recurring: z.optional(
      z.strictObject({
        interval: z.enum(['day', 'week', 'month', 'year']),
        intervalCount: z.optional(z.int('must be a whole number').check(z.gte(1, 'must be at least 1'))),
        trialPeriodDays: z.optional(z.int('must be a whole number').check(z.gte(0, 'must be at least 0'))),
      }),
    ),
  })
  .check(
    neutralRule(
      (input: { readonly type?: string | undefined; readonly recurring?: object | undefined }, report) => {
        if (input.type === 'recurring' && input.recurring === undefined)
          report(['recurring'], 'is required for a recurring price')
        if (input.type !== 'recurring' && input.recurring !== undefined)
          report(['recurring'], 'needs type: "recurring"')
      },
    ),
  )

/** Filter of `catalog.prices.list`. */
export const listPricesFilterSchema = z.strictObject({
  productId: z.optional(idSchema),
})

/** Input of `tax.calculate`: the amount taxed and where the buyer is. */
export const taxInputSchema = z.strictObject({
  amount: moneySchema,
  country: countrySchema,
  region: z.optional(textSchema('a region code')),
})
