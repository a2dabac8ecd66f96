import { currencySchema } from '@paymux/core/schemas'
import * as z from 'zod/mini'

// Native FastStar wire shapes (zod/mini), with field names as the API reference and guides write them.
// Objects are loose: a field FastStar adds later passes through (into `raw`) instead of breaking
// a user, while a documented field that is missing or mistyped is an `UnexpectedResponseError`.
// Optional response fields also accept `null`, which JSON APIs commonly send for "absent".
// Only faststar-schemas.ts imports this module at run time: it loads on the first call.

const id = z.string().check(z.minLength(1))
/** An integer amount in the currency's smallest unit (`999` is USD 9.99), as every FastStar amount is. */
const minorUnits = z.int().check(z.nonnegative())
const positiveInt = z.int().check(z.positive())
const isoDateTime = z.iso.datetime({ offset: true })
const country = z
  .string()
  .check(z.regex(/^[A-Z]{2}$/, 'must be an upper-case ISO 3166-1 alpha-2 code such as "DE"'))
const httpUrl = z.url({ protocol: /^https?$/ })
const text = z.string()

/** `mode` of a checkout session. */
export const fastStarSessionModeSchema = z.enum(['payment', 'subscription', 'setup'])
/** `presentation` of a checkout session: an SDK overlay (`iframe`) or a full-page redirect (`link`). */
export const fastStarPresentationSchema = z.enum(['iframe', 'link'])
/** A price `type`. */
export const fastStarPriceTypeSchema = z.enum(['one_time', 'recurring'])
/** `recurring_interval` of a recurring price. */
export const fastStarIntervalSchema = z.enum(['day', 'week', 'month', 'year'])

// ---------------------------------------------------------------- checkout sessions

/** One `line_items` entry: a catalog `price_id` / `product_id`, or (Direct/PSP only) an ad hoc amount. */
export const fastStarLineItemSchema = z.looseObject({
  price_id: z.optional(id),
  product_id: z.optional(id),
  quantity: positiveInt,
  ad_hoc_amount: z.optional(minorUnits),
  ad_hoc_currency: z.optional(currencySchema),
  description: z.optional(text),
})

/** Body of `POST /public/checkout/sessions`. */
export const fastStarCreateSessionRequestSchema = z.looseObject({
  mode: fastStarSessionModeSchema,
  presentation: fastStarPresentationSchema,
  line_items: z.optional(z.array(fastStarLineItemSchema)),
  customer_email: z.optional(z.email()),
  success_url: httpUrl,
  cancel_url: httpUrl,
  buyer_country: z.optional(country),
  client_reference_id: z.optional(id),
})

/** The `session` object inside a checkout session answer. */
export const fastStarSessionSchema = z.looseObject({
  id,
  status: id,
  amount_subtotal: z.nullish(minorUnits),
  amount_tax: z.nullish(minorUnits),
  amount_total: z.nullish(minorUnits),
  currency: z.nullish(currencySchema),
  session_token: z.nullish(text),
  expires_at: z.nullish(isoDateTime),
  // Not in the documents; read when present (see the docs page, "Assumptions").
  mode: z.nullish(text),
  client_reference_id: z.nullish(text),
  payment_intent_id: z.nullish(text),
})

/** `data` of the create answer: `{ session, url, session_token }`. */
export const fastStarSessionCreatedSchema = z.looseObject({
  session: fastStarSessionSchema,
  url: httpUrl,
  session_token: z.nullish(text),
})

/**
 * `data` of `GET /public/checkout/sessions/:sessionId`. The documents do not
 * show it: both the create shape (`{ session, url }`) and a bare session
 * object are read, and normalised to the create shape with `url` optional.
 */
export const fastStarSessionRetrievedSchema = z.pipe(
  z.transform((data: unknown) => (isRecord(data) && isRecord(data.session) ? data : { session: data })),
  z.looseObject({
    session: fastStarSessionSchema,
    url: z.nullish(httpUrl),
    session_token: z.nullish(text),
  }),
)

// ---------------------------------------------------------------- catalog

/** Body of `POST /merchant/catalog/products`. */
export const fastStarCreateProductRequestSchema = z.looseObject({
  name: id,
  description: z.optional(text),
  tax_category: z.optional(text),
  images: z.optional(z.array(httpUrl)),
  metadata: z.optional(z.record(z.string(), z.string())),
})

/** A product as FastStar returns it. */
export const fastStarProductSchema = z.looseObject({
  id,
  name: text,
  description: z.nullish(text),
  tax_category: z.nullish(text),
  metadata: z.nullish(z.record(z.string(), z.string())),
})

const RECURRING_FIELDS = ['recurring_interval', 'recurring_interval_count', 'trial_period_days'] as const

/** Body of `POST /merchant/catalog/prices`: a recurring price needs `recurring_interval`. */
export const fastStarCreatePriceRequestSchema = z
  .looseObject({
    product_id: id,
    currency: currencySchema,
    unit_amount: minorUnits,
    type: z.optional(fastStarPriceTypeSchema),
    recurring_interval: z.optional(fastStarIntervalSchema),
    recurring_interval_count: z.optional(positiveInt),
    trial_period_days: z.optional(minorUnits),
  })
  .check((payload) => {
    const price = payload.value
    const issue = (path: string, message: string) =>
      payload.issues.push({ code: 'custom', path: [path], message, input: price })
    if (price.type === 'recurring' && price.recurring_interval === undefined) {
      issue('recurring_interval', 'is required for a recurring price')
    }
    if (price.type !== 'recurring') {
      for (const field of RECURRING_FIELDS) {
        if (price[field] !== undefined) issue(field, 'is only for type "recurring"')
      }
    }
  })

/** A price as FastStar returns it. */
export const fastStarPriceSchema = z.looseObject({
  id,
  product_id: id,
  currency: currencySchema,
  unit_amount: minorUnits,
  type: z.nullish(fastStarPriceTypeSchema),
  recurring_interval: z.nullish(fastStarIntervalSchema),
  recurring_interval_count: z.nullish(positiveInt),
  trial_period_days: z.nullish(minorUnits),
})

// ---------------------------------------------------------------- customers and saved cards

/** Body of `POST /public/customers`: `email` is required. */
export const fastStarCreateCustomerRequestSchema = z.looseObject({
  email: z.email(),
  name: z.optional(id),
})

/** A customer as FastStar returns it (shape not shown in the documents: `id` and `email` are read). */
export const fastStarCustomerSchema = z.looseObject({
  id,
  email: text,
  name: z.nullish(text),
})

/** `data` of `POST /public/customers/:customerId/setup-intent`. */
export const fastStarSetupIntentSchema = z.looseObject({
  client_secret: id,
  publishable_key: id,
  setup_intent_id: id,
})

/** Body of `POST /public/customers/:customerId/payment-methods`. */
export const fastStarAttachPaymentMethodRequestSchema = z.looseObject({ setup_intent_id: id })

/** A saved card, masked: `{ id: "pm_…", brand, last4, exp_month, exp_year }`. */
export const fastStarPaymentMethodSchema = z.looseObject({
  id,
  brand: text,
  last4: z.string().check(z.regex(/^\d{4}$/, 'must be the last 4 digits of the card')),
  exp_month: z.int().check(z.gte(1), z.lte(12)),
  exp_year: positiveInt,
  // Not in the documents; read when present.
  is_default: z.nullish(z.boolean()),
  customer_id: z.nullish(text),
})

/** Body of `POST /public/customers/:customerId/charge`. */
export const fastStarChargeRequestSchema = z.looseObject({
  payment_method_id: id,
  amount: positiveInt,
  currency: currencySchema,
  off_session: z.boolean(),
})

/** `data` of a successful off-session charge. */
export const fastStarChargeSchema = z.looseObject({
  payment_intent_id: id,
  status: id,
  amount: minorUnits,
  currency: currencySchema,
  payment_method_id: id,
})

// ---------------------------------------------------------------- tax and signatures

/** Body of `POST /public/tax/calculate`. */
export const fastStarTaxRequestSchema = z.looseObject({ amount: minorUnits, country })

/** `data` of a tax quote: `net_amount + tax_amount = gross_amount`. */
export const fastStarTaxQuoteSchema = z.looseObject({
  country: text,
  tax_type: text,
  rate_percent: z.number().check(z.nonnegative()),
  inclusive: z.boolean(),
  tax_amount: minorUnits,
  net_amount: minorUnits,
  gross_amount: minorUnits,
})

/** Body of `POST /public/verify-signature`. */
export const fastStarVerifySignatureRequestSchema = z.looseObject({
  provider_name: id,
  payload: text,
  signature: id,
})

/** `data` of `POST /public/verify-signature`. */
export const fastStarVerifySignatureResultSchema = z.looseObject({ valid: z.boolean() })

// ---------------------------------------------------------------- webhooks

/** A webhook delivery body: `{ id: "evt_…", type, created, data, livemode, api_version }`. */
export const fastStarWebhookEventSchema = z.looseObject({
  id,
  type: id,
  created: minorUnits,
  // Any object: the mapping checks the fields of the event types it reads. Not a record schema,
  // which would check every key of every delivery on the verify path (about 1 µs).
  data: z.custom<Record<string, unknown>>(isRecord, 'must be an object'),
  livemode: z.nullish(z.boolean()),
  api_version: z.nullish(text),
})

/** `data` of a `payment.*` event: `{ payment_id, amount, currency, status }`. */
export const fastStarPaymentEventDataSchema = z.looseObject({
  payment_id: id,
  amount: minorUnits,
  currency: currencySchema,
  status: z.nullish(text),
  // Not in the documents' example; read when present.
  client_reference_id: z.nullish(text),
  customer_id: z.nullish(text),
  payment_method_id: z.nullish(text),
  // On payment.refunded (emulator guess, not in the documents): how much of `amount` went back.
  amount_refunded: z.nullish(minorUnits),
})

/** A list answer: the documents do not show its shape, so a bare array and `{ <key>: [...] }` are both read. */
export function fastStarListSchema<Item extends z.ZodMiniType>(item: Item, key: string) {
  return z.pipe(
    z.transform((data: unknown) => (isRecord(data) && Array.isArray(data[key]) ? data[key] : data)),
    z.array(item),
  )
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** What FastStar accepts for `LineItem` (see `fastStarLineItemSchema`). */
export type FastStarLineItem = z.input<typeof fastStarLineItemSchema>
/** What FastStar accepts for `CreateSessionRequest` (see `fastStarCreateSessionRequestSchema`). */
export type FastStarCreateSessionRequest = z.input<typeof fastStarCreateSessionRequestSchema>
/** What FastStar returns as `Session` (see `fastStarSessionSchema`). */
export type FastStarSession = z.output<typeof fastStarSessionSchema>
/** What FastStar returns as `SessionCreated` (see `fastStarSessionCreatedSchema`). */
export type FastStarSessionCreated = z.output<typeof fastStarSessionCreatedSchema>
/** What FastStar returns as `SessionRetrieved` (see `fastStarSessionRetrievedSchema`). */
export type FastStarSessionRetrieved = z.output<typeof fastStarSessionRetrievedSchema>
/** What FastStar accepts for `CreateProductRequest` (see `fastStarCreateProductRequestSchema`). */
export type FastStarCreateProductRequest = z.input<typeof fastStarCreateProductRequestSchema>
/** What FastStar returns as `Product` (see `fastStarProductSchema`). */
export type FastStarProduct = z.output<typeof fastStarProductSchema>
/** What FastStar accepts for `CreatePriceRequest` (see `fastStarCreatePriceRequestSchema`). */
export type FastStarCreatePriceRequest = z.input<typeof fastStarCreatePriceRequestSchema>
/** What FastStar returns as `Price` (see `fastStarPriceSchema`). */
export type FastStarPrice = z.output<typeof fastStarPriceSchema>
/** What FastStar accepts for `CreateCustomerRequest` (see `fastStarCreateCustomerRequestSchema`). */
export type FastStarCreateCustomerRequest = z.input<typeof fastStarCreateCustomerRequestSchema>
/** What FastStar returns as `Customer` (see `fastStarCustomerSchema`). */
export type FastStarCustomer = z.output<typeof fastStarCustomerSchema>
/** What FastStar returns as `SetupIntent` (see `fastStarSetupIntentSchema`). */
export type FastStarSetupIntent = z.output<typeof fastStarSetupIntentSchema>
/** What FastStar accepts for `AttachPaymentMethodRequest` (see `fastStarAttachPaymentMethodRequestSchema`). */
export type FastStarAttachPaymentMethodRequest = z.input<typeof fastStarAttachPaymentMethodRequestSchema>
/** What FastStar returns as `PaymentMethod` (see `fastStarPaymentMethodSchema`). */
export type FastStarPaymentMethod = z.output<typeof fastStarPaymentMethodSchema>
/** What FastStar accepts for `ChargeRequest` (see `fastStarChargeRequestSchema`). */
export type FastStarChargeRequest = z.input<typeof fastStarChargeRequestSchema>
/** What FastStar returns as `Charge` (see `fastStarChargeSchema`). */
export type FastStarCharge = z.output<typeof fastStarChargeSchema>
/** What FastStar accepts for `TaxRequest` (see `fastStarTaxRequestSchema`). */
export type FastStarTaxRequest = z.input<typeof fastStarTaxRequestSchema>
/** What FastStar returns as `TaxQuote` (see `fastStarTaxQuoteSchema`). */
export type FastStarTaxQuote = z.output<typeof fastStarTaxQuoteSchema>
/** What FastStar accepts for `VerifySignatureRequest` (see `fastStarVerifySignatureRequestSchema`). */
export type FastStarVerifySignatureRequest = z.input<typeof fastStarVerifySignatureRequestSchema>
/** What FastStar returns as `VerifySignatureResult` (see `fastStarVerifySignatureResultSchema`). */
export type FastStarVerifySignatureResult = z.output<typeof fastStarVerifySignatureResultSchema>
/** What FastStar returns as `WebhookEventBody` (see `fastStarWebhookEventSchema`). */
export type FastStarWebhookEventBody = z.output<typeof fastStarWebhookEventSchema>
/** What FastStar returns as `PaymentEventData` (see `fastStarPaymentEventDataSchema`). */
export type FastStarPaymentEventData = z.output<typeof fastStarPaymentEventDataSchema>
