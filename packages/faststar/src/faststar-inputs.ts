import {
  checkWith,
  httpUrlProblem,
  lineTotalOverflow,
  pathIdProblem,
  refuseMisspeltGatewayKeys,
} from '@paymux/core'
import { moneySchema } from '@paymux/core/schemas'
import * as z from 'zod'

// The neutral inputs as FastStar can honour them. Every rule here runs before
// any request, so a refused input leaves nothing half-done at FastStar.

const id = z.string().trim().min(1, 'must be a non-empty id')
// An id that goes into a URL path: refused (not trimmed) when it could reach another endpoint.
const pathId = z.string({ error: (issue) => pathIdProblem(issue.input) }).check(checkWith(pathIdProblem))
// Refused, not repaired: the URL parser would drop a newline or surrounding spaces that FastStar then stores.
const httpUrl = z.string({ error: (issue) => httpUrlProblem(issue.input) }).check(checkWith(httpUrlProblem))
const country = z.string().regex(/^[A-Z]{2}$/, 'must be an upper-case ISO 3166-1 alpha-2 code such as "DE"')
const text = z.string().trim().min(1, 'must not be empty')
const positiveMoney = moneySchema.check(
  z.refine((money) => money.amount > 0, { message: 'must be more than zero', path: ['amount'] }),
)

/** `providerOptions.faststar` of `sessions.create`. */
export const fastStarSessionOptionsSchema = z.strictObject({
  /**
   * Native fields sent verbatim in the request body, for fields paymux does not
   * model. They may not replace a field paymux sets.
   */
  extraFields: z.record(z.string(), z.unknown()).optional(),
})

/** What `providerOptions.faststar` of `sessions.create` takes. */
export type FastStarSessionOptions = z.input<typeof fastStarSessionOptionsSchema>

const lineItemSchema = z.strictObject({
  priceId: id.optional(),
  productId: id.optional(),
  amount: z.optional(moneySchema),
  quantity: z.int('must be a whole number').min(1, 'must be at least 1').optional(),
  description: text.optional(),
})

const sessionShape = z.strictObject({
  mode: z.enum(['payment', 'subscription', 'setup']).optional(),
  lineItems: z.array(lineItemSchema).optional(),
  amount: z.optional(moneySchema),
  description: text.optional(),
  customer: z
    .strictObject({
      email: z.email('must be an email address').optional(),
      name: z.string().optional(),
      firstName: z.string().optional(),
      lastName: z.string().optional(),
    })
    .optional(),
  successUrl: httpUrl.optional(),
  cancelUrl: httpUrl.optional(),
  reference: text.optional(),
  buyerCountry: country.optional(),
  region: text.optional(),
  presentation: z.enum(['embedded', 'redirect']).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  // Other gateways' options pass (one input may go to several through a router); a misspelt id does not.
  providerOptions: z
    .looseObject({ faststar: fastStarSessionOptionsSchema.optional() })
    .check(refuseMisspeltGatewayKeys)
    .optional(),
})

/** A `sessions.create` input that passed every local rule. */
export type ValidSessionInput = z.output<typeof sessionShape>

type Issue = { path: (string | number)[]; message: string }

/** Fields paymux fills in on the native request; `extraFields` may not replace them. */
export const SESSION_FIELDS_SET_BY_PAYMUX: readonly string[] = [
  'mode',
  'presentation',
  'line_items',
  'customer_email',
  'success_url',
  'cancel_url',
  'buyer_country',
  'client_reference_id',
]

/**
 * The `sessions.create` input schema for a merchant type: the neutral shape plus
 * FastStar's rules (catalog references under MoR, recurring prices for
 * subscriptions, required redirect URLs, nothing FastStar has no field for).
 */
export function sessionInputSchema(merchantType: 'mor' | 'direct', regionField: string) {
  return sessionShape.superRefine((input, context) => {
    for (const issue of sessionIssues(input, merchantType, regionField))
      context.addIssue({ code: 'custom', ...issue })
  })
}

function sessionIssues(
  input: ValidSessionInput,
  merchantType: 'mor' | 'direct',
  regionField: string,
): Issue[] {
  const issues: Issue[] = []
  const mode = input.mode ?? 'payment'
  if (input.successUrl === undefined)
    issues.push({
      path: ['successUrl'],
      message: 'is required by FastStar: where the buyer lands after paying',
    })
  if (input.cancelUrl === undefined)
    issues.push({
      path: ['cancelUrl'],
      message: 'is required by FastStar: where the buyer lands after canceling',
    })
  issues.push(...itemIssues(input, mode, merchantType))
  if (input.metadata !== undefined) {
    issues.push({
      path: ['metadata'],
      message:
        'FastStar checkout sessions have no documented metadata field: use reference (sent as client_reference_id), or providerOptions.faststar.extraFields to send a native field',
    })
  }
  for (const field of ['name', 'firstName', 'lastName'] as const) {
    if (input.customer?.[field] !== undefined) {
      issues.push({
        path: ['customer', field],
        message: "FastStar checkout sessions take only the buyer's email (customer_email)",
      })
    }
  }
  if (input.region !== undefined && input.buyerCountry === undefined)
    issues.push({ path: ['region'], message: 'needs buyerCountry: a region is read within a country' })
  const extra = Object.keys(input.providerOptions?.faststar?.extraFields ?? {})
  for (const field of extra) {
    if (SESSION_FIELDS_SET_BY_PAYMUX.includes(field) || field === regionField) {
      issues.push({
        path: ['providerOptions', 'faststar', 'extraFields', field],
        message: 'is set by paymux from the neutral input; give it there instead',
      })
    }
  }
  return issues
}

function itemIssues(input: ValidSessionInput, mode: string, merchantType: 'mor' | 'direct'): Issue[] {
  const issues: Issue[] = []
  if (mode === 'setup') {
    if (input.lineItems !== undefined)
      issues.push({
        path: ['lineItems'],
        message: 'a setup session saves a card and charges nothing: no line items',
      })
    if (input.amount !== undefined)
      issues.push({
        path: ['amount'],
        message: 'a setup session saves a card and charges nothing: no amount',
      })
    return issues
  }
  if (input.amount !== undefined && input.lineItems !== undefined) {
    issues.push({
      path: ['amount'],
      message: 'give either amount (one ad hoc line item) or lineItems, not both',
    })
  }
  if (input.description !== undefined && input.amount === undefined) {
    issues.push({
      path: ['description'],
      message: 'describes the amount shortcut; describe catalog items in lineItems[].description',
    })
  }
  if (input.amount === undefined && (input.lineItems === undefined || input.lineItems.length === 0)) {
    issues.push({
      path: ['lineItems'],
      message:
        input.lineItems === undefined
          ? `is required in ${mode} mode: at least one line item (or amount, for Direct merchants)`
          : 'must have at least one line item',
    })
  }
  if (input.amount !== undefined && input.lineItems === undefined) {
    if (merchantType === 'mor') issues.push({ path: ['amount'], message: MOR_AD_HOC })
    if (mode === 'subscription')
      issues.push({
        path: ['amount'],
        message: 'subscription mode needs a recurring catalog price (priceId)',
      })
  }
  const currencies = new Set<string>()
  for (const [index, item] of (input.lineItems ?? []).entries()) {
    const at = (...path: string[]) => ['lineItems', index, ...path]
    const references = [item.priceId, item.productId, item.amount].filter(
      (value) => value !== undefined,
    ).length
    if (references === 0)
      issues.push({
        path: at(),
        message: 'needs a priceId, a productId, or (Direct merchants only) an amount',
      })
    if (item.priceId !== undefined && item.productId !== undefined)
      issues.push({ path: at('productId'), message: 'give either priceId or productId, not both' })
    if (item.amount !== undefined) {
      if (item.priceId !== undefined || item.productId !== undefined)
        issues.push({
          path: at('amount'),
          message: 'a catalog item takes its price from the catalog: no ad hoc amount',
        })
      else if (merchantType === 'mor') issues.push({ path: at('amount'), message: MOR_AD_HOC })
      currencies.add(item.amount.currency)
      if (currencies.size > 1)
        issues.push({
          path: at('amount', 'currency'),
          message: 'every ad hoc amount in one session needs the same currency',
        })
    }
    if (mode === 'subscription' && item.priceId === undefined)
      issues.push({
        path: at('priceId'),
        message: 'subscription mode needs a recurring catalog price (priceId)',
      })
  }
  issues.push(...adHocTotalIssues(input.lineItems ?? []))
  return issues
}

// FastStar adds up ad hoc lines itself, but a total past MAX_SAFE_INTEGER is refused here, before any request.
function adHocTotalIssues(items: NonNullable<ValidSessionInput['lineItems']>): Issue[] {
  const lines = items.flatMap((item, index) =>
    item.amount === undefined ? [] : [{ index, amount: item.amount.amount, quantity: item.quantity }],
  )
  const overflow = lineTotalOverflow(lines)
  if (overflow === undefined) return []
  const line = overflow.index === undefined ? undefined : lines[overflow.index]
  return [{ path: line === undefined ? ['lineItems'] : ['lineItems', line.index], message: overflow.message }]
}

const MOR_AD_HOC =
  "ad hoc amounts are for Direct/PSP merchants only: a Merchant of Record line item must reference a catalog priceId or productId (set merchantType: 'direct' if your FastStar account is Direct)"

/** Input of `payments.charge`; the amount must be more than zero. */
export const chargeInputSchema = z.strictObject({
  customerId: pathId,
  paymentMethodId: id,
  amount: positiveMoney,
  offSession: z.boolean().optional(),
})

/** Input of `customers.create`: `email` is required by FastStar. */
export const customerInputSchema = z.strictObject({
  email: z.email({
    error: (issue) =>
      issue.input === undefined ? 'is required by FastStar: the customer email' : 'must be an email address',
  }),
  name: text.optional(),
})

/** Filter of `customers.list`. FastStar documents no pagination, so there is no cursor to pass back. */
export const customerListFilterSchema = z.strictObject({
  limit: z.int().min(1).optional(),
  cursor: z
    .never({ error: 'FastStar documents no pagination: customers.list never returns a cursor to pass back' })
    .optional(),
})

/** Input of `catalog.products.create`. */
export const productInputSchema = z.strictObject({
  name: text,
  description: text.optional(),
  metadata: z.record(z.string(), z.string()).optional(),
})

/** Input of `catalog.prices.create`: a recurring price needs `recurring`, a one-time price must not have it. */
export const priceInputSchema = z
  .strictObject({
    productId: id,
    unitAmount: moneySchema,
    type: z.enum(['one_time', 'recurring']).optional(),
    recurring: z
      .strictObject({
        interval: z.enum(['day', 'week', 'month', 'year']),
        intervalCount: z.int().min(1).optional(),
        trialPeriodDays: z.int().min(0).optional(),
      })
      .optional(),
  })
  .superRefine((input, context) => {
    if (input.type === 'recurring' && input.recurring === undefined)
      context.addIssue({ code: 'custom', path: ['recurring'], message: 'is required for a recurring price' })
    if (input.type !== 'recurring' && input.recurring !== undefined)
      context.addIssue({ code: 'custom', path: ['recurring'], message: 'needs type: "recurring"' })
  })

/** Filter of `catalog.prices.list`. */
export const priceListFilterSchema = z.strictObject({ productId: id.optional() })

/** Input of `tax.calculate`. */
export const taxInputSchema = z.strictObject({ amount: moneySchema, country, region: text.optional() })

/** Input of `paymentMethods.attach`, with the customer id passed beside it. */
export const attachInputSchema = z.strictObject({ customerId: pathId, setupIntentId: id })

/** A `payments.charge` input that passed the local rules. */
export type ValidChargeInput = z.output<typeof chargeInputSchema>
/** A `catalog.products.create` input that passed the local rules. */
export type ValidProductInput = z.output<typeof productInputSchema>
/** A `catalog.prices.create` input that passed the local rules. */
export type ValidPriceInput = z.output<typeof priceInputSchema>
