// The one module the FastStar gateway loads lazily (its one `lazy` loader, in faststar-gateway.ts),
// so that importing @paymux/faststar does not load zod: the request
// schemas and answer handlers its endpoint table names, the neutral inputs as FastStar refines
// them, and the webhook event schema. Built once, when the module loads.
import type { CreateCustomerInput } from '@paymux/core'
import { answerHandler, inputRule, type ReportIssue } from '@paymux/core/adapter-kit'
import {
  createCustomerInputSchema,
  createSessionInputSchema,
  emailSchema,
  type ValidSessionInput,
} from '@paymux/core/schemas'
import * as z from 'zod/mini'
import {
  fastStarAttachPaymentMethodRequestSchema,
  fastStarChargeRequestSchema,
  fastStarChargeSchema,
  fastStarCreateCustomerRequestSchema,
  fastStarCreatePriceRequestSchema,
  fastStarCreateProductRequestSchema,
  fastStarCreateSessionRequestSchema,
  fastStarCustomerSchema,
  fastStarListSchema,
  fastStarPaymentMethodSchema,
  fastStarPriceSchema,
  fastStarProductSchema,
  fastStarSessionCreatedSchema,
  fastStarSessionRetrievedSchema,
  fastStarSetupIntentSchema,
  fastStarTaxQuoteSchema,
  fastStarTaxRequestSchema,
  fastStarVerifySignatureRequestSchema,
  fastStarVerifySignatureResultSchema,
} from './faststar-api.js'

// The neutral inputs FastStar takes as core defines them; a field it cannot carry is declared in
// FASTSTAR_CAPABILITIES.unsupportedFields and refused by core before these run.
export {
  attachPaymentMethodInputSchema as attachInput,
  chargeInputSchema as chargeInput,
  createPriceInputSchema as priceInput,
  createProductInputSchema as productInput,
  listCustomersFilterSchema as customerListFilter,
  listPricesFilterSchema as priceListFilter,
  taxInputSchema as taxInput,
} from '@paymux/core/schemas'
export { fastStarWebhookEventSchema as webhookEvent } from './faststar-api.js'
export { toWebhookEvent } from './map-faststar-webhook-event.js'

/**
 * `customers.create`: FastStar's customer is an email address (its request requires one), so the
 * neutral input's optional `email` is required here, with core's wording; `phone` has nowhere to go
 * (declared unsupported, refused before this runs).
 */
const requiredEmail = z.extend(createCustomerInputSchema, { email: emailSchema })
// Typed to take the facet's input (email optional there), so that a call without one compiles and
// is refused here, at run time, naming `email`.
export const customerInput: z.ZodMiniType<
  z.output<typeof requiredEmail>,
  CreateCustomerInput
> = requiredEmail as never

/** Request bodies, by the name the endpoint table gives them. */
export const requests = {
  createSession: fastStarCreateSessionRequestSchema,
  createProduct: fastStarCreateProductRequestSchema,
  createPrice: fastStarCreatePriceRequestSchema,
  createCustomer: fastStarCreateCustomerRequestSchema,
  attachPaymentMethod: fastStarAttachPaymentMethodRequestSchema,
  charge: fastStarChargeRequestSchema,
  calculateTax: fastStarTaxRequestSchema,
  verifySignature: fastStarVerifySignatureRequestSchema,
}

// Every answer is `{ success, message, data }`; a 2xx may still say `"success": false`.
function envelope<Data extends z.ZodMiniType>(data: Data) {
  return answerHandler(z.looseObject({ success: z.literal(true), message: z.nullish(z.string()), data }), {
    saysFailed: (body) =>
      body.success === false
        ? `"success": false${typeof body.message === 'string' ? `: ${body.message}` : ''}`
        : undefined,
    failureCode: 'success_false',
    pick: (body) => (body as { data: z.output<Data> }).data,
  })
}

/** Answer handlers, by the name the endpoint table gives them. */
export const answers = {
  sessionCreated: envelope(fastStarSessionCreatedSchema),
  sessionRetrieved: envelope(fastStarSessionRetrievedSchema),
  product: envelope(fastStarProductSchema),
  products: envelope(fastStarListSchema(fastStarProductSchema, 'products')),
  price: envelope(fastStarPriceSchema),
  prices: envelope(fastStarListSchema(fastStarPriceSchema, 'prices')),
  customer: envelope(fastStarCustomerSchema),
  customers: envelope(fastStarListSchema(fastStarCustomerSchema, 'customers')),
  setupIntent: envelope(fastStarSetupIntentSchema),
  card: envelope(fastStarPaymentMethodSchema),
  cards: envelope(fastStarListSchema(fastStarPaymentMethodSchema, 'payment_methods')),
  charge: envelope(fastStarChargeSchema),
  // Set-default and detach answers: `data` is not documented, and not read.
  anything: envelope(z.optional(z.unknown())),
  taxQuote: envelope(fastStarTaxQuoteSchema),
  verification: envelope(fastStarVerifySignatureResultSchema),
}

/** `providerOptions.faststar` of `sessions.create`. */
export const sessionOptions = z.strictObject({
  /**
   * Native fields sent verbatim in the request body, for fields paymux does not
   * model. They may not replace a field paymux sets.
   */
  extraFields: z.optional(z.record(z.string(), z.unknown())),
})

/** What `providerOptions.faststar` of `sessions.create` takes. */
export type FastStarSessionOptions = z.input<typeof sessionOptions>

/** A `sessions.create` input that passed every rule, core's and FastStar's. */
export type FastStarSessionInput = ValidSessionInput<'faststar', z.output<typeof sessionOptions>>

/** Fields paymux fills in on the native request; `extraFields` may not replace them. */
const SESSION_FIELDS_SET_BY_PAYMUX: readonly string[] = [
  'mode',
  'presentation',
  'line_items',
  'customer_email',
  'success_url',
  'cancel_url',
  'buyer_country',
  'client_reference_id',
]

const MOR_AD_HOC =
  "ad hoc amounts are for Direct/PSP merchants only: a Merchant of Record line item must reference a catalog priceId or productId (set merchantType: 'direct' if your FastStar account is Direct)"
const SUBSCRIPTION_PRICE = 'subscription mode needs a recurring catalog price (priceId)'

/** What FastStar's session rules depend on. */
export interface SessionRuleSettings {
  readonly merchantType: 'mor' | 'direct'
  /** The native field the region goes in: `extraFields` may not set it either. */
  readonly regionField: string
}

/**
 * The `sessions.create` input at FastStar: core's neutral schema, shaped by
 * FastStar's capabilities, refined by FastStar's rules (required redirect
 * URLs, catalog references under MoR, recurring prices for subscriptions,
 * `extraFields` that leave paymux's fields alone).
 */
export function sessionInput(settings: SessionRuleSettings) {
  return createSessionInputSchema({
    provider: 'faststar',
    name: 'FastStar',
    providerOptions: sessionOptions,
  }).check(inputRule((input: FastStarSessionInput, report) => sessionRules(input, settings, report)))
}

function sessionRules(input: FastStarSessionInput, settings: SessionRuleSettings, report: ReportIssue): void {
  if (input.successUrl === undefined)
    report(['successUrl'], 'is required by FastStar: where the buyer lands after paying')
  if (input.cancelUrl === undefined)
    report(['cancelUrl'], 'is required by FastStar: where the buyer lands after canceling')
  if (input.description !== undefined && input.amount === undefined)
    report(
      ['description'],
      'describes the amount shortcut; describe catalog items in lineItems[].description',
    )
  const mode = input.mode ?? 'payment'
  if (input.amount !== undefined) {
    if (settings.merchantType === 'mor') report(['amount'], MOR_AD_HOC)
    if (mode === 'subscription') report(['amount'], SUBSCRIPTION_PRICE)
  }
  for (const [index, item] of (input.lineItems ?? []).entries()) {
    const isAdHoc = item.amount !== undefined && item.priceId === undefined && item.productId === undefined
    if (isAdHoc && settings.merchantType === 'mor') report(['lineItems', index, 'amount'], MOR_AD_HOC)
    if (mode === 'subscription' && item.priceId === undefined)
      report(['lineItems', index, 'priceId'], SUBSCRIPTION_PRICE)
  }
  for (const field of Object.keys(input.providerOptions?.faststar?.extraFields ?? {})) {
    if (SESSION_FIELDS_SET_BY_PAYMUX.includes(field) || field === settings.regionField)
      report(
        ['providerOptions', 'faststar', 'extraFields', field],
        'is set by paymux from the neutral input; give it there instead',
      )
  }
}
