import { currencySchema } from '@paymux/core/schemas'
import * as z from 'zod'

// Native FastStar wire shapes, with field names as the API reference and guides write them.
// Objects are loose: a field FastStar adds later passes through (into `raw`) instead of breaking
// a user, while a documented field that is missing or mistyped is an `UnexpectedResponseError`.
// Optional response fields also accept `null`, which JSON APIs commonly send for "absent".

const id = z.string().min(1)
/** An integer amount in the currency's smallest unit (`999` is USD 9.99), as every FastStar amount is. */
const minorUnits = z.int().nonnegative()
const isoDateTime = z.iso.datetime({ offset: true })
const country = z.string().regex(/^[A-Z]{2}$/, 'must be an upper-case ISO 3166-1 alpha-2 code such as "DE"')
const httpUrl = z.url({ protocol: /^https?$/ })

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
  price_id: id.optional(),
  product_id: id.optional(),
  quantity: z.int().positive(),
  ad_hoc_amount: minorUnits.optional(),
  ad_hoc_currency: currencySchema.optional(),
  description: z.string().optional(),
})

/** Body of `POST /public/checkout/sessions`. */
export const fastStarCreateSessionRequestSchema = z.looseObject({
  mode: fastStarSessionModeSchema,
  presentation: fastStarPresentationSchema,
  line_items: z.array(fastStarLineItemSchema).optional(),
  customer_email: z.email().optional(),
  success_url: httpUrl,
  cancel_url: httpUrl,
  buyer_country: country.optional(),
  client_reference_id: z.string().min(1).optional(),
})

/** The `session` object inside a checkout session answer. */
export const fastStarSessionSchema = z.looseObject({
  id,
  status: z.string().min(1),
  amount_subtotal: minorUnits.nullish(),
  amount_tax: minorUnits.nullish(),
  amount_total: minorUnits.nullish(),
  currency: currencySchema.nullish(),
  session_token: z.string().nullish(),
  expires_at: isoDateTime.nullish(),
  // Not in the documents; read when present (see the docs page, "Assumptions").
  mode: z.string().nullish(),
  client_reference_id: z.string().nullish(),
  payment_intent_id: z.string().nullish(),
})

/** `data` of the create answer: `{ session, url, session_token }`. */
export const fastStarSessionCreatedSchema = z.looseObject({
  session: fastStarSessionSchema,
  url: httpUrl,
  session_token: z.string().nullish(),
})

/**
 * `data` of `GET /public/checkout/sessions/:id`. The documents do not show it:
 * both the create shape (`{ session, url }`) and a bare session object are read,
 * and normalised to the create shape with `url` optional.
 */
export const fastStarSessionRetrievedSchema = z.preprocess(
  (data) => (isRecord(data) && isRecord(data.session) ? data : { session: data }),
  z.looseObject({
    session: fastStarSessionSchema,
    url: httpUrl.nullish(),
    session_token: z.string().nullish(),
  }),
)

// ---------------------------------------------------------------- catalog

/** Body of `POST /merchant/catalog/products`. */
export const fastStarCreateProductRequestSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  tax_category: z.string().optional(),
  images: z.array(httpUrl).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
})

/** A product as FastStar returns it. */
export const fastStarProductSchema = z.looseObject({
  id,
  name: z.string(),
  description: z.string().nullish(),
  tax_category: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
})

/** Body of `POST /merchant/catalog/prices`: a recurring price needs `recurring_interval`. */
export const fastStarCreatePriceRequestSchema = z
  .looseObject({
    product_id: id,
    currency: currencySchema,
    unit_amount: minorUnits,
    type: fastStarPriceTypeSchema.optional(),
    recurring_interval: fastStarIntervalSchema.optional(),
    recurring_interval_count: z.int().positive().optional(),
    trial_period_days: z.int().nonnegative().optional(),
  })
  .superRefine((price, context) => {
    const recurringFields = ['recurring_interval', 'recurring_interval_count', 'trial_period_days'] as const
    if (price.type === 'recurring' && price.recurring_interval === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['recurring_interval'],
        message: 'is required for a recurring price',
      })
    }
    if (price.type !== 'recurring') {
      for (const field of recurringFields) {
        if (price[field] !== undefined)
          context.addIssue({ code: 'custom', path: [field], message: 'is only for type "recurring"' })
      }
    }
  })

/** A price as FastStar returns it. */
export const fastStarPriceSchema = z.looseObject({
  id,
  product_id: id,
  currency: currencySchema,
  unit_amount: minorUnits,
  type: fastStarPriceTypeSchema.nullish(),
  recurring_interval: fastStarIntervalSchema.nullish(),
  recurring_interval_count: z.int().positive().nullish(),
  trial_period_days: z.int().nonnegative().nullish(),
})

// ---------------------------------------------------------------- customers and saved cards

/** Body of `POST /public/customers`: `email` is required. */
export const fastStarCreateCustomerRequestSchema = z.looseObject({
  email: z.email(),
  name: z.string().min(1).optional(),
})

/** A customer as FastStar returns it (shape not shown in the documents: `id` and `email` are read). */
export const fastStarCustomerSchema = z.looseObject({
  id,
  email: z.string(),
  name: z.string().nullish(),
})

/** `data` of `POST /public/customers/:id/setup-intent`. */
export const fastStarSetupIntentSchema = z.looseObject({
  client_secret: z.string().min(1),
  publishable_key: z.string().min(1),
  setup_intent_id: id,
})

/** Body of `POST /public/customers/:id/payment-methods`. */
export const fastStarAttachPaymentMethodRequestSchema = z.looseObject({ setup_intent_id: id })

/** A saved card, masked: `{ id: "pm_…", brand, last4, exp_month, exp_year }`. */
export const fastStarPaymentMethodSchema = z.looseObject({
  id,
  brand: z.string(),
  last4: z.string().regex(/^\d{4}$/, 'must be the last 4 digits of the card'),
  exp_month: z.int().min(1).max(12),
  exp_year: z.int().positive(),
  // Not in the documents; read when present.
  is_default: z.boolean().nullish(),
  customer_id: z.string().nullish(),
})

/** Body of `POST /public/customers/:id/charge`. */
export const fastStarChargeRequestSchema = z.looseObject({
  payment_method_id: id,
  amount: z.int().positive(),
  currency: currencySchema,
  off_session: z.boolean(),
})

/** `data` of a successful off-session charge. */
export const fastStarChargeSchema = z.looseObject({
  payment_intent_id: id,
  status: z.string().min(1),
  amount: minorUnits,
  currency: currencySchema,
  payment_method_id: id,
})

// ---------------------------------------------------------------- tax and signatures

/** Body of `POST /public/tax/calculate`. */
export const fastStarTaxRequestSchema = z.looseObject({ amount: minorUnits, country })

/** `data` of a tax quote: `net_amount + tax_amount = gross_amount`. */
export const fastStarTaxQuoteSchema = z.looseObject({
  country: z.string(),
  tax_type: z.string(),
  rate_percent: z.number().nonnegative(),
  inclusive: z.boolean(),
  tax_amount: minorUnits,
  net_amount: minorUnits,
  gross_amount: minorUnits,
})

/** Body of `POST /public/verify-signature`. */
export const fastStarVerifySignatureRequestSchema = z.looseObject({
  provider_name: z.string().min(1),
  payload: z.string(),
  signature: z.string().min(1),
})

/** `data` of `POST /public/verify-signature`. */
export const fastStarVerifySignatureResultSchema = z.looseObject({ valid: z.boolean() })

// ---------------------------------------------------------------- webhooks

/** A webhook delivery body: `{ id: "evt_…", type, created, data, livemode, api_version }`. */
export const fastStarWebhookEventSchema = z.looseObject({
  id,
  type: z.string().min(1),
  created: z.int().nonnegative(),
  data: z.record(z.string(), z.unknown()),
  livemode: z.boolean().nullish(),
  api_version: z.string().nullish(),
})

/** `data` of a `payment.*` event: `{ payment_id, amount, currency, status }`. */
export const fastStarPaymentEventDataSchema = z.looseObject({
  payment_id: id,
  amount: minorUnits,
  currency: currencySchema,
  status: z.string().nullish(),
  // Not in the documents' example; read when present.
  client_reference_id: z.string().nullish(),
  customer_id: z.string().nullish(),
  payment_method_id: z.string().nullish(),
})

/** A list answer: the documents do not show its shape, so a bare array and `{ <key>: [...] }` are both read. */
export function fastStarListSchema<Item extends z.ZodType>(item: Item, key: string) {
  return z.preprocess(
    (data) => (isRecord(data) && Array.isArray(data[key]) ? data[key] : data),
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
