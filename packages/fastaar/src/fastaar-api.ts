import { checkWith, fromMajorUnits } from '@paymux/core/adapter-kit'
import { httpUrlSchema, metadataSchema } from '@paymux/core/schemas'
import * as z from 'zod/mini'
import { MAX_METADATA_VALUES, MAX_PAGE_SIZE, MAX_REFERENCE_LENGTH } from './fastaar-limits.js'

// Native Fastaar wire shapes (zod/mini), snake_case as Fastaar writes them.
// Answers describe only what paymux reads, so a field Fastaar adds later never
// breaks a caller; requests are the documented fields and nothing else, so a
// misspelt `invoice_idd` is refused instead of creating a payment that a retry
// would duplicate.

/**
 * A taka amount as Fastaar writes it: `"500.00"` in answers; a JSON number is
 * accepted too. It must convert to whole poisha exactly, or the body is refused.
 */
export const fastaarTakaSchema = z.union([z.string(), z.number()]).check(
  checkWith((value: string | number) => {
    try {
      fromMajorUnits(value, 'BDT')
      return undefined
    } catch {
      return `must be a non-negative taka amount with at most 2 decimal places, got ${JSON.stringify(value)}`
    }
  }),
)

// ISO 8601 with an offset (`2026-06-12T14:30:00+06:00`); Laravel writes null for "not yet".
const timestamp = z.nullish(z.iso.datetime({ offset: true }))
const nullishString = z.nullish(z.string())

// PHP serialises an empty associative array as `[]`, so an empty metadata may arrive as a list.
const answerMetadata = z.nullish(
  z.union([z.record(z.string(), z.string()), z.array(z.never()).check(z.length(0))]),
)

/** A payment object, as `POST /payments`, `GET /payments/{id}`, lists and webhooks carry it. */
export const fastaarPaymentSchema = z.object({
  id: z.string().check(z.minLength(1)),
  object: z.optional(z.literal('payment')),
  amount: fastaarTakaSchema,
  currency: z.literal('BDT'),
  livemode: z.optional(z.boolean()),
  /** `pending`, `awaiting_verification`, `completed`, `failed`, `expired`, `refunded`, `partially_refunded`, … */
  status: z.string().check(z.minLength(1)),
  invoice_id: nullishString,
  invoice_number: nullishString,
  metadata: answerMetadata,
  success_url: nullishString,
  cancel_url: nullishString,
  checkout_url: nullishString,
  expires_at: timestamp,
  created_at: timestamp,
  verified_at: timestamp,
  failure_reason: nullishString,
  refunded_amount: z.nullish(fastaarTakaSchema),
  amount_due: z.nullish(fastaarTakaSchema),
  /** The merchant's fee on this payment (SUPPLEMENT lists it; its meaning is undocumented). */
  gateway_charge: z.nullish(fastaarTakaSchema),
  /** `percentage`, `fixed` or null, in the official SDK's types; kept as any string so a new kind never breaks a read. */
  gateway_charge_type: nullishString,
  /** The fee's rate or amount as written (`"1.85"`); in the official SDK's types only, not in SUPPLEMENT. */
  gateway_charge_value: z.nullish(z.union([z.string(), z.number()])),
  /** How the payment was made (`api`, …); values are undocumented. */
  source: nullishString,
  customer_id: z.nullish(z.union([z.string(), z.number()])),
  provider: nullishString,
  payment_method: nullishString,
  customer_trx_id: nullishString,
  customer_sender_number: nullishString,
})

/** A Fastaar payment, as parsed from the wire. */
export type FastaarPayment = z.output<typeof fastaarPaymentSchema>

/** `{ "data": <payment> }`: the answer of create, retrieve and (assumed) refund. */
export const fastaarPaymentEnvelopeSchema = z.object({ data: fastaarPaymentSchema })

const pageNumber = z.int().check(z.nonnegative())

/** Laravel-style pagination links; *unconfirmed* by Fastaar, so every part is optional. */
export const fastaarListLinksSchema = z.nullish(z.object({ next: nullishString, prev: nullishString }))

/** Laravel-style pagination metadata; *unconfirmed* by Fastaar, so every part is optional. */
export const fastaarListMetaSchema = z.nullish(
  z.object({
    current_page: z.nullish(pageNumber),
    last_page: z.nullish(pageNumber),
    per_page: z.nullish(z.union([pageNumber, z.string()])),
    total: z.nullish(pageNumber),
  }),
)

/** `GET /payments`: the array at `data` (what the official SDKs read), `links` / `meta` when sent. */
export const fastaarPaymentListSchema = z.object({
  data: z.array(fastaarPaymentSchema),
  links: fastaarListLinksSchema,
  meta: fastaarListMetaSchema,
})

/** A page of payments, as parsed from the wire. */
export type FastaarPaymentList = z.output<typeof fastaarPaymentListSchema>

/** One refund, as `GET /payments/{id}/refunds` lists it: `{ id, amount, source, created_at }`. */
export const fastaarRefundSchema = z.object({
  id: z.union([z.string().check(z.minLength(1)), z.int()]),
  amount: fastaarTakaSchema,
  source: nullishString,
  created_at: timestamp,
})

/** A Fastaar refund, as parsed from the wire. */
export type FastaarRefund = z.output<typeof fastaarRefundSchema>

/** The refunds list; the envelope is *unconfirmed*, so `{ data: [...] }` and a bare array are both read. */
export const fastaarRefundListSchema = z.union([
  z.object({ data: z.array(fastaarRefundSchema) }),
  z.array(fastaarRefundSchema),
])

/** The field that carries the merchant's reference: `invoice_id` (the primary spec) or `invoice_number` (newer SDKs). */
export type FastaarReferenceField = 'invoice_id' | 'invoice_number'

/** A taka amount in a request: a JSON number or a decimal string, more than 0, whole poisha. */
const requestTaka = z.union([z.number(), z.string()]).check(
  checkWith((value: number | string) => {
    try {
      const { amount } = fromMajorUnits(value, 'BDT')
      return amount > 0 ? undefined : 'must be more than 0 taka'
    } catch {
      return `must be a taka amount with at most 2 decimal places, such as 500 or "500.50", got ${JSON.stringify(value)}`
    }
  }),
)

const invoice = z.optional(
  z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(MAX_REFERENCE_LENGTH),
    checkWith((value: string) =>
      value.trim() === value ? undefined : 'must not have surrounding whitespace',
    ),
  ),
)

/** A customer's id: Fastaar's are whole numbers (SUPPLEMENT). */
const customerIdSchema = z
  .int('must be a Fastaar customer id: a whole number')
  .check(z.positive('must be more than 0'))

/** The body of `POST /payments`: the documented fields only. */
export const fastaarCreatePaymentBodySchema = z.strictObject({
  /** Taka: a JSON number (`500`, `500.5`) as documented, or a decimal string where configured. */
  amount: requestTaka,
  /** Your order reference; makes creation idempotent. */
  invoice_id: invoice,
  /** The same reference under the name newer SDKs use. */
  invoice_number: invoice,
  success_url: z.optional(httpUrlSchema),
  cancel_url: z.optional(httpUrlSchema),
  /** An existing customer of yours to attach the payment to (its numeric id; SUPPLEMENT, the official SDK). */
  customer_id: z.optional(customerIdSchema),
  /** Up to 20 string values. */
  metadata: z.optional(
    metadataSchema.check(
      checkWith((value: Readonly<Record<string, string>>) => {
        const count = Object.keys(value).length
        return count > MAX_METADATA_VALUES
          ? `holds ${count} values; Fastaar stores at most ${MAX_METADATA_VALUES}`
          : undefined
      }),
    ),
  ),
})

/** The body of `POST /payments`, as the native client takes it. */
export type FastaarCreatePaymentBody = z.input<typeof fastaarCreatePaymentBodySchema>

/** The body of `POST /payments/{id}/refund`: no amount refunds what is left. */
export const fastaarRefundBodySchema = z.strictObject({ amount: z.optional(requestTaka) })

/** The body of `POST /payments/{id}/refund`, as the native client takes it (`{}` refunds what is left). */
export type FastaarRefundBody = z.input<typeof fastaarRefundBodySchema>

// The page of a list query: `per_page` at most 100, `page` from 1 (payments and customers alike).
function paging() {
  return {
    per_page: z.optional(z.int().check(z.gte(1), z.lte(MAX_PAGE_SIZE))),
    page: z.optional(z.int().check(z.gte(1))),
  }
}

/** The query of `GET /payments`: the documented filters and page. */
export const fastaarListPaymentsQuerySchema = z.strictObject({
  status: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  invoice_id: invoice,
  invoice_number: invoice,
  ...paging(),
})

/** The query of `GET /payments`, as the native client takes it. */
export type FastaarListPaymentsQuery = z.input<typeof fastaarListPaymentsQuerySchema>

/** A webhook delivery's body: the event's name and the object it is about (a payment, for every documented event). */
export const fastaarEventEnvelopeSchema = z.object({
  event: z.string().check(z.minLength(1)),
  created_at: z.nullish(z.iso.datetime({ offset: true })),
  livemode: z.optional(z.boolean()),
  data: z.looseObject({ id: z.string().check(z.minLength(1)) }),
})

/** A webhook delivery's envelope, as parsed. */
export type FastaarEventEnvelope = z.output<typeof fastaarEventEnvelopeSchema>

// Customers: `GET/POST /customers`, `GET/PATCH /customers/{id}`. Not in the primary spec: SUPPLEMENT
// names the routes and numeric ids, the official SDK's types the fields.

/** A customer, as `POST/GET/PATCH /customers…` and lists carry it. */
export const fastaarCustomerSchema = z.object({
  id: z.union([z.int().check(z.positive()), z.string().check(z.regex(/^[1-9]\d*$/))]),
  name: nullishString,
  email: nullishString,
  phone: nullishString,
  address: nullishString,
  notes: nullishString,
  created_at: timestamp,
  updated_at: timestamp,
})

/** A Fastaar customer, as parsed from the wire. */
export type FastaarCustomer = z.output<typeof fastaarCustomerSchema>

/** `{ "data": <customer> }`: the answer of create, retrieve and update. */
export const fastaarCustomerEnvelopeSchema = z.object({ data: fastaarCustomerSchema })

/** `GET /customers`: the array at `data`, `links` / `meta` when sent (unconfirmed, as for payments). */
export const fastaarCustomerListSchema = z.object({
  data: z.array(fastaarCustomerSchema),
  links: fastaarListLinksSchema,
  meta: fastaarListMetaSchema,
})

/** A page of customers, as parsed from the wire. */
export type FastaarCustomerList = z.output<typeof fastaarCustomerListSchema>

const customerText = (max: number) =>
  z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(max),
    checkWith((value: string) =>
      value.trim() === value ? undefined : 'must not have surrounding whitespace',
    ),
  )
const customerEmail = z.email('must be an email address')

/** The body of `POST /customers`: `name` and `phone` required (the official SDK's CreateCustomerParams). */
export const fastaarCreateCustomerBodySchema = z.strictObject({
  name: customerText(255),
  phone: customerText(32),
  email: z.optional(customerEmail),
  address: z.optional(customerText(255)),
  notes: z.optional(customerText(2000)),
})

/** The body of `POST /customers`, as the native client takes it. */
export type FastaarCreateCustomerBody = z.input<typeof fastaarCreateCustomerBodySchema>

/** The body of `PATCH /customers/{id}`: the fields to set; `null` clears `email`, `address` or `notes`. */
export const fastaarUpdateCustomerBodySchema = z.partial(
  z.extend(fastaarCreateCustomerBodySchema, {
    email: z.nullable(customerEmail),
    address: z.nullable(customerText(255)),
    notes: z.nullable(customerText(2000)),
  }),
)

/** The body of `PATCH /customers/{id}`, as the native client takes it. */
export type FastaarUpdateCustomerBody = z.input<typeof fastaarUpdateCustomerBodySchema>

/** The query of `GET /customers`: the SDK's filters and page. */
export const fastaarListCustomersQuerySchema = z.strictObject({
  email: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  phone: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  ...paging(),
})

/** The query of `GET /customers`, as the native client takes it. */
export type FastaarListCustomersQuery = z.input<typeof fastaarListCustomersQuerySchema>
