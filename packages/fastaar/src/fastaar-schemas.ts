// The one module the gateway loads lazily, on its first call (see
// `fastaarSchemas` in fastaar-endpoints.ts), so importing @paymux/fastaar does
// not load zod: the request schemas and answer handlers its endpoint table
// names, the neutral inputs as Fastaar refines core's, and the webhook schemas.
// Nothing in the gateway's static import graph may import zod.

import type { CreateCustomerInput } from '@paymux/core'
import {
  answerHandler,
  inputRule,
  type ProviderResponse,
  type ResponseHandler,
} from '@paymux/core/adapter-kit'
import {
  createCustomerInputSchema,
  createSessionInputSchema,
  currencyNotTaken,
  listCustomersFilterSchema,
  listPaymentsFilterSchema,
  refundInputSchema,
  textSchema,
  waitForOptionsSchema,
} from '@paymux/core/schemas'
import * as z from 'zod/mini'
import {
  type FastaarCustomer,
  type FastaarCustomerList,
  type FastaarPayment,
  type FastaarPaymentList,
  type FastaarRefund,
  fastaarCreateCustomerBodySchema,
  fastaarCreatePaymentBodySchema,
  fastaarCustomerEnvelopeSchema,
  fastaarCustomerListSchema,
  fastaarListCustomersQuerySchema,
  fastaarListPaymentsQuerySchema,
  fastaarPaymentEnvelopeSchema,
  fastaarPaymentListSchema,
  fastaarRefundBodySchema,
  fastaarRefundListSchema,
  fastaarUpdateCustomerBodySchema,
} from './fastaar-api.js'
import { FASTAAR_DECLARED_CAPABILITIES } from './fastaar-capabilities.js'
import { MAX_METADATA_VALUES, MAX_PAGE_SIZE, MAX_REFERENCE_LENGTH } from './fastaar-limits.js'
import type { FastaarWaitForOptions } from './fastaar-wait-for.js'

export { fastaarEventEnvelopeSchema, fastaarPaymentSchema } from './fastaar-api.js'

/** Request bodies and queries, by the name the endpoint table gives them. */
export const requests = {
  createPayment: fastaarCreatePaymentBodySchema,
  refundPayment: fastaarRefundBodySchema,
  listPayments: fastaarListPaymentsQuerySchema,
  createCustomer: fastaarCreateCustomerBodySchema,
  updateCustomer: fastaarUpdateCustomerBodySchema,
  listCustomers: fastaarListCustomersQuerySchema,
}

// Fastaar documents no failure flag inside a 2xx; were one to arrive, paymux would rather stop than
// report a failed call as done.
function saysFailed(body: Readonly<Record<string, unknown>>): string | undefined {
  if (body.success === false) return '"success": false'
  return body.error === undefined || body.error === null ? undefined : 'an "error" object'
}

const payment = answerHandler(fastaarPaymentEnvelopeSchema, {
  saysFailed,
  pick: (body): FastaarPayment => (body as { data: FastaarPayment }).data,
})

const anyJson = answerHandler(z.unknown(), { saysFailed })

// The refund answer's shape is not documented. A payment (`data.object: 'payment'`) is validated
// strictly; an empty body or any other JSON is taken as "done", and the gateway reads the payment.
const refund: ResponseHandler<FastaarPayment | undefined> = (response: ProviderResponse) => {
  if (response.text.trim() === '') return undefined
  const body = anyJson(response)
  const parsed = fastaarPaymentEnvelopeSchema.safeParse(body)
  if (parsed.success) return parsed.data.data
  const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined
  const claimsPayment =
    typeof data === 'object' && data !== null && (data as { object?: unknown }).object === 'payment'
  // Throws the mismatch, naming each field: an answer that says it is a payment must be one.
  return claimsPayment ? payment(response) : undefined
}

/** Answer handlers, by the name the endpoint table gives them. */
export const answers = {
  /** `{ data: <payment> }`, and whether Fastaar created it now (201) or found it by its invoice (200). */
  createdPayment: answerHandler(fastaarPaymentEnvelopeSchema, {
    saysFailed,
    pick: (body, response) => ({
      payment: (body as { data: FastaarPayment }).data,
      created: response.status === 201,
    }),
  }),
  payment,
  paymentList: answerHandler(fastaarPaymentListSchema, {
    saysFailed,
    pick: (body): FastaarPaymentList => body as FastaarPaymentList,
  }),
  refund,
  customer: answerHandler(fastaarCustomerEnvelopeSchema, {
    saysFailed,
    pick: (body): FastaarCustomer => (body as { data: FastaarCustomer }).data,
  }),
  customerList: answerHandler(fastaarCustomerListSchema, {
    saysFailed,
    pick: (body): FastaarCustomerList => body as FastaarCustomerList,
  }),
  refundList: answerHandler(fastaarRefundListSchema, {
    saysFailed,
    pick: (body): FastaarRefund[] =>
      Array.isArray(body) ? (body as FastaarRefund[]) : (body as { data: FastaarRefund[] }).data,
  }),
}

const NAME = 'Fastaar'

/** `sessions.create`: core's neutral input, shaped by what Fastaar declares, and Fastaar's metadata limit. */
export const sessionInput = createSessionInputSchema({
  ...FASTAAR_DECLARED_CAPABILITIES,
  provider: 'fastaar',
  name: NAME,
  maxReferenceLength: MAX_REFERENCE_LENGTH,
  // A payment of nothing is a mistake.
  positiveAmounts: true,
  providerOptions: z.strictObject({
    /**
     * An existing customer to attach the payment to: a Fastaar customer's
     * `id` (its digits), or its ref (`fastaar:42`). Sent as `customer_id`.
     */
    customerId: z.optional(
      z
        .string('must be a Fastaar customer id, such as "42"')
        .check(
          z.regex(
            /^(?:fastaar:)?[1-9]\d{0,14}$/,
            'must be a Fastaar customer id: the digits of a Customer.id, such as "42"',
          ),
        ),
    ),
  }),
}).check(
  inputRule((input, report) => {
    const count = input.metadata === undefined ? 0 : Object.keys(input.metadata).length
    if (count > MAX_METADATA_VALUES) {
      report(['metadata'], `holds ${count} values; Fastaar stores at most ${MAX_METADATA_VALUES}`)
    }
  }),
)

/** A neutral `sessions.create` input as Fastaar accepts it. */
export type FastaarSessionInput = z.output<typeof sessionInput>

/** Pages of Fastaar lists (payments and customers) are at most this long, and the cursor is a page number. */
function pageRules(what: string) {
  return inputRule(
    (filter: { readonly limit?: number | undefined; readonly cursor?: string | undefined }, report) => {
      if (filter.limit !== undefined && filter.limit > MAX_PAGE_SIZE) {
        report(['limit'], `must be at most ${MAX_PAGE_SIZE}: Fastaar's largest page`)
      }
      if (filter.cursor !== undefined && !/^[1-9]\d{0,8}$/.test(filter.cursor)) {
        report(['cursor'], `must be a nextCursor from an earlier ${what}`)
      }
    },
  )
}

/** `payments.list`: a page is at most 100, and the cursor is a page number from an earlier page. */
export const listFilter = z.optional(listPaymentsFilterSchema.check(pageRules('payments.list')))

/** `payments.refund`: an amount, when given, in taka. */
export const refundInput = z.optional(
  refundInputSchema.check(
    inputRule((input, report) => {
      const notTaken =
        input.amount === undefined
          ? undefined
          : currencyNotTaken(input.amount, FASTAAR_DECLARED_CAPABILITIES.currencies, NAME)
      if (notTaken !== undefined) report(['amount', 'currency'], notTaken)
    }),
  ),
)

const interval = z.optional(
  z.number('must be a number of milliseconds').check(z.positive('must be more than 0')),
)

/** `payments.waitFor`: the neutral options, and Fastaar's polling pace. */
export const waitForOptions: z.ZodMiniType<FastaarWaitForOptions, unknown> = z.extend(waitForOptionsSchema, {
  initialIntervalMs: interval,
  maxIntervalMs: interval,
}) as never // typed as the facet's options, as core types its neutral session input

const customerFields = z.extend(createCustomerInputSchema, {
  name: textSchema('a name'),
  phone: textSchema('a phone number'),
})

/**
 * `customers.create`: a Fastaar customer needs a `name` and a `phone` (the
 * official SDK's CreateCustomerParams), so both are required here, before any
 * request; `email` stays optional. Typed to take the facet's neutral input.
 */
export const customerInput: z.ZodMiniType<
  z.output<typeof customerFields>,
  CreateCustomerInput
> = customerFields as never

/** `customers.list`: a page is at most 100, and the cursor is a page number from an earlier page. */
export const customerListFilter = z.optional(listCustomersFilterSchema.check(pageRules('customers.list')))
