import {
  type CallOptions,
  checkPathId,
  createTransport,
  type Gateway,
  type GatewayCapabilities,
  type ListPaymentsFilter,
  type ListResult,
  type Money,
  type Payment,
  type PaymentsFacet,
  parseInput,
  type Refund,
  readHeader,
  type SessionsFacet,
  UnexpectedResponseError,
  type WebhookRequest,
  type WebhooksFacet,
} from '@paymux/core'
import type { FastaarPayment } from './fastaar-api.js'
import { createFastaarClient, type FastaarNativeClient } from './fastaar-client.js'
import { fastaarFailureHandler } from './fastaar-errors.js'
import { checkFastaarSettings, FASTAAR_BASE_URL, type FastaarSettings } from './fastaar-settings.js'
import { type FastaarWaitForOptions, waitForPayment } from './fastaar-wait-for.js'
import { FASTAAR_SIGNATURE_HEADER, verifyFastaarWebhook } from './fastaar-webhooks.js'
import { loadFastaarSchemas } from './load-fastaar-schemas.js'
import { toFastaarAmount } from './map-fastaar-amount.js'
import { toCreatePaymentBody } from './map-fastaar-create-input.js'
import { toListQuery, toListResult } from './map-fastaar-list.js'
import { type FastaarSession, toPayment, toRefund, toSession } from './map-fastaar-payment.js'

/** Fastaar's checkouts: `create` also says whether the payment was created now or found by its reference. */
export interface FastaarSessionsFacet extends SessionsFacet {
  /**
   * Creates a Fastaar payment (`POST /payments`) and returns its checkout.
   * With a `reference` (sent as `invoice_id`) it is idempotent and retried on
   * transient failures; without one it is sent exactly once.
   */
  create(input: Parameters<SessionsFacet['create']>[0], options?: CallOptions): Promise<FastaarSession>
  retrieve(id: string, options?: CallOptions): Promise<FastaarSession>
}

/** Fastaar's payment methods: no off-session charges. */
export interface FastaarPaymentsFacet
  extends Pick<PaymentsFacet, 'retrieve' | 'list' | 'refund' | 'listRefunds' | 'waitFor'> {
  /** Polls until the payment is terminal (or in `until`), with backoff. */
  waitFor(id: string, options: FastaarWaitForOptions): Promise<Payment>
}

/** The Fastaar gateway object `createFastaar` returns. */
export type FastaarGateway = Gateway<
  'fastaar',
  { sessions: FastaarSessionsFacet; payments: FastaarPaymentsFacet; webhooks: WebhooksFacet },
  FastaarNativeClient
> & {
  /** `false` for a `fk_test_` key, `true` for `fk_live_`, `undefined` for a key of neither form. */
  readonly livemode: boolean | undefined
}

/** What Fastaar can do, as the router and the conformance suite read it. */
export const FASTAAR_CAPABILITIES: GatewayCapabilities = Object.freeze({
  operations: Object.freeze([
    'sessions.create',
    'sessions.retrieve',
    'payments.retrieve',
    'payments.list',
    'payments.refund',
    'payments.listRefunds',
    'payments.waitFor',
    'webhooks.verify',
  ] as const),
  currencies: Object.freeze(['BDT']),
  sessionModes: Object.freeze(['payment'] as const),
  presentations: Object.freeze(['redirect'] as const),
  partialRefunds: true,
})

const inspect = Symbol.for('nodejs.util.inspect.custom')

/**
 * Creates the Fastaar gateway: BDT payments paid by mobile wallet on
 * Fastaar's checkout page. The API key stays inside this closure; it is never
 * a property of the returned object.
 */
export function createFastaar(settings: FastaarSettings): FastaarGateway {
  const livemode = checkFastaarSettings(settings)
  const { apiKey } = settings
  const referenceField = settings.referenceField ?? 'invoice_id'
  const amountFormat = settings.amountFormat ?? 'number'
  const transport = createTransport({
    provider: 'fastaar',
    baseUrl: settings.baseUrl ?? FASTAAR_BASE_URL,
    secretHeaders: { Authorization: `Bearer ${apiKey}` },
    secrets: [apiKey, ...(settings.webhookSecret ? [settings.webhookSecret] : [])],
    // The transport scrubs the key (and `Bearer <key>`) from every error, before any hook sees it.
    failureHandler: fastaarFailureHandler,
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.maxRetries === undefined ? {} : { maxRetries: settings.maxRetries }),
    ...(settings.backoff === undefined ? {} : { backoff: settings.backoff }),
    ...(settings.maxResponseBytes === undefined ? {} : { maxResponseBytes: settings.maxResponseBytes }),
    ...(settings.hooks === undefined ? {} : { hooks: settings.hooks }),
  })
  const native = createFastaarClient(transport)
  const context = (operation: string) => ({ provider: 'fastaar', operation })

  const sessions: FastaarSessionsFacet = {
    async create(input, options) {
      const { createSessionInputSchema } = await loadFastaarSchemas()
      const valid = parseInput(createSessionInputSchema, input, context('sessions.create'))
      const body = toCreatePaymentBody(valid, { referenceField, amountFormat })
      const { payment, created } = await native.createPayment(body, options)
      return toSession(withCheckoutUrl(payment, 'sessions.create'), created)
    },
    async retrieve(id, options) {
      const payment = await native.retrievePayment(
        checkPathId(id, 'id', context('sessions.retrieve')),
        options,
      )
      return toSession(withCheckoutUrl(payment, 'sessions.retrieve'))
    },
  }

  const payments: FastaarPaymentsFacet = {
    async retrieve(id, options) {
      return toPayment(await native.retrievePayment(id, options))
    },
    async list(filter?: ListPaymentsFilter, options?: CallOptions): Promise<ListResult<Payment>> {
      const { listFilterSchema } = await loadFastaarSchemas()
      const valid = parseInput(listFilterSchema, filter, context('payments.list')) ?? {}
      const query = toListQuery(valid, referenceField)
      if (query === undefined) return { data: [], hasMore: false }
      return toListResult(await native.listPayments(query, options), query)
    },
    async refund(id, input?: { readonly amount?: Money }, options?: CallOptions) {
      checkPathId(id, 'id', context('payments.refund'))
      const { refundInputSchema } = await loadFastaarSchemas()
      const valid = parseInput(refundInputSchema, input, context('payments.refund'))
      const body = valid?.amount === undefined ? {} : { amount: toFastaarAmount(valid.amount, amountFormat) }
      const after = await native.refundPayment(id, body, options)
      if (after !== undefined) return toPayment(after)
      // The refund answer's shape is unconfirmed; when it carries no payment, read the payment.
      // The refund is done by now, so a failed read must not look like a failed (retryable) refund.
      try {
        return toPayment(await native.retrievePayment(id, options))
      } catch (error) {
        throw new UnexpectedResponseError({
          provider: 'fastaar',
          code: 'refund_unconfirmed',
          message: `fastaar: the refund of payment ${id} was accepted, but reading the payment back failed (${
            error instanceof Error ? error.message : String(error)
          }); do not refund again: retrieve the payment later to see its refunded amount`,
          cause: error,
        })
      }
    },
    async listRefunds(id, options): Promise<readonly Refund[]> {
      return (await native.listRefunds(id, options)).map((refund) => toRefund(refund, id))
    },
    async waitFor(id, options) {
      checkPathId(id, 'id', context('payments.waitFor'))
      const { waitForOptionsSchema } = await loadFastaarSchemas()
      parseInput(waitForOptionsSchema, options, context('payments.waitFor'))
      return waitForPayment((signal) => payments.retrieve(id, { signal }), id, options)
    },
  }

  const webhooks: WebhooksFacet = {
    verify: (request: WebhookRequest) =>
      verifyFastaarWebhook(request, {
        secret: settings.webhookSecret,
        toleranceSeconds: settings.webhookToleranceSeconds,
        now: settings.now,
      }),
    recognizes: (request: WebhookRequest) =>
      readHeader(request.headers, FASTAAR_SIGNATURE_HEADER) !== undefined,
  }

  const gateway: FastaarGateway = {
    specificationVersion: 'v1',
    id: 'fastaar',
    capabilities: FASTAAR_CAPABILITIES,
    native,
    livemode,
    sessions,
    payments,
    webhooks,
  }
  Object.defineProperty(gateway, inspect, {
    value: () =>
      `FastaarGateway { id: 'fastaar', livemode: ${String(livemode)}, baseUrl: '${transport.baseUrl}' }`,
  })
  return Object.freeze(gateway)
}

// A session is the checkout page: a payment without its URL cannot be one.
function withCheckoutUrl(
  payment: FastaarPayment,
  operation: string,
): FastaarPayment & { checkout_url: string } {
  const url = payment.checkout_url
  if (typeof url === 'string' && URL.canParse(url)) return { ...payment, checkout_url: url }
  throw new UnexpectedResponseError({
    provider: 'fastaar',
    code: 'schema_mismatch',
    message: `fastaar: ${operation} returned payment ${payment.id} without a usable checkout_url`,
    raw: payment,
    issues: [{ path: 'data.checkout_url', message: 'must be an absolute URL' }],
  })
}
