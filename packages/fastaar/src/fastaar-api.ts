import { fromMajorUnits } from '@paymux/core'
import * as z from 'zod'

// Native Fastaar wire shapes, snake_case as Fastaar writes them. They describe
// only what paymux reads, so a field Fastaar adds later never breaks a caller.

/**
 * A taka amount as Fastaar writes it: `"500.00"` in answers; a JSON number is
 * accepted too. It must convert to whole poisha exactly, or the body is refused.
 */
export const fastaarTakaSchema = z.union([z.string(), z.number()]).check((payload) => {
  try {
    fromMajorUnits(payload.value, 'BDT')
  } catch {
    payload.issues.push({
      code: 'custom',
      message: `must be a non-negative taka amount with at most 2 decimal places, got ${JSON.stringify(payload.value)}`,
      input: payload.value,
    })
  }
})

// ISO 8601 with an offset (`2026-06-12T14:30:00+06:00`); Laravel writes null for "not yet".
const timestamp = z.iso.datetime({ offset: true }).nullish()

// PHP serialises an empty associative array as `[]`, so an empty metadata may arrive as a list.
const metadata = z.union([z.record(z.string(), z.string()), z.array(z.never()).length(0)]).nullish()

/** A payment object, as `POST /payments`, `GET /payments/{id}`, lists and webhooks carry it. */
export const fastaarPaymentSchema = z.object({
  id: z.string().min(1),
  object: z.literal('payment').optional(),
  amount: fastaarTakaSchema,
  currency: z.literal('BDT'),
  livemode: z.boolean().optional(),
  /** `pending`, `awaiting_verification`, `completed`, `failed`, `expired`, `refunded`, `partially_refunded`, … */
  status: z.string().min(1),
  invoice_id: z.string().nullish(),
  invoice_number: z.string().nullish(),
  metadata,
  success_url: z.string().nullish(),
  cancel_url: z.string().nullish(),
  checkout_url: z.string().nullish(),
  expires_at: timestamp,
  created_at: timestamp,
  verified_at: timestamp,
  failure_reason: z.string().nullish(),
  refunded_amount: fastaarTakaSchema.nullish(),
  amount_due: fastaarTakaSchema.nullish(),
  customer_id: z.union([z.string(), z.number()]).nullish(),
  provider: z.string().nullish(),
  payment_method: z.string().nullish(),
  customer_trx_id: z.string().nullish(),
  customer_sender_number: z.string().nullish(),
})

/** A Fastaar payment, as parsed from the wire. */
export type FastaarPayment = z.output<typeof fastaarPaymentSchema>

/** `{ "data": <payment> }`: the answer of create, retrieve and (assumed) refund. */
export const fastaarPaymentEnvelopeSchema = z.object({ data: fastaarPaymentSchema })

const pageNumber = z.number().int().nonnegative()

/** Laravel-style pagination links; *unconfirmed* by Fastaar, so every part is optional. */
export const fastaarListLinksSchema = z
  .object({ next: z.string().nullish(), prev: z.string().nullish() })
  .nullish()

/** Laravel-style pagination metadata; *unconfirmed* by Fastaar, so every part is optional. */
export const fastaarListMetaSchema = z
  .object({
    current_page: pageNumber.nullish(),
    last_page: pageNumber.nullish(),
    per_page: z.union([pageNumber, z.string()]).nullish(),
    total: pageNumber.nullish(),
  })
  .nullish()

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
  id: z.union([z.string().min(1), z.number().int()]),
  amount: fastaarTakaSchema,
  source: z.string().nullish(),
  created_at: timestamp,
})

/** A Fastaar refund, as parsed from the wire. */
export type FastaarRefund = z.output<typeof fastaarRefundSchema>

/** The refunds list; the envelope is *unconfirmed*, so `{ data: [...] }` and a bare array are both read. */
export const fastaarRefundListSchema = z.union([
  z.object({ data: z.array(fastaarRefundSchema) }).transform((body) => body.data),
  z.array(fastaarRefundSchema),
])

/** The field that carries the merchant's reference: `invoice_id` (the primary spec) or `invoice_number` (newer SDKs). */
export type FastaarReferenceField = 'invoice_id' | 'invoice_number'

/** The body of `POST /payments`, as the native client sends it. */
export interface FastaarCreatePaymentBody {
  /** Taka: a JSON number (`500`, `500.5`) as documented, or a decimal string where configured. */
  readonly amount: number | string
  /** Your order reference; makes creation idempotent. */
  readonly invoice_id?: string
  /** The same reference under the name newer SDKs use. */
  readonly invoice_number?: string
  readonly success_url?: string
  readonly cancel_url?: string
  /** Up to 20 string values. */
  readonly metadata?: Readonly<Record<string, string>>
}

/** The body of `POST /payments/{id}/refund`: no amount refunds what is left. */
export interface FastaarRefundBody {
  readonly amount?: number | string
}

/** Query of `GET /payments`. */
export interface FastaarListPaymentsQuery {
  readonly status?: string
  readonly invoice_id?: string
  readonly invoice_number?: string
  /** At most 100. */
  readonly per_page?: number
  /** From 1. */
  readonly page?: number
}

/** A webhook delivery's body: the event's name and the object it is about (a payment, for every documented event). */
export const fastaarEventEnvelopeSchema = z.object({
  event: z.string().min(1),
  created_at: z.iso.datetime({ offset: true }).nullish(),
  livemode: z.boolean().optional(),
  data: z.object({ id: z.string().min(1) }).loose(),
})

/** A webhook delivery's envelope, as parsed. */
export type FastaarEventEnvelope = z.output<typeof fastaarEventEnvelopeSchema>
