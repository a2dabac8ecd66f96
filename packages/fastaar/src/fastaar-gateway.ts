import type {
  CallOptions,
  CustomersFacet,
  Gateway,
  GatewayCapabilities,
  Payment,
  PaymentsFacet,
  SessionsFacet,
  WebhookRequest,
  WebhooksFacet,
} from '@paymux/core'
import {
  createNativeClient,
  createTransport,
  defineGateway,
  NotFoundError,
  neutralPipeline,
  operationsOf,
  readHeader,
  UnexpectedResponseError,
} from '@paymux/core/adapter-kit'
import type { FastaarPayment } from './fastaar-api.js'
import { FASTAAR_DECLARED_CAPABILITIES } from './fastaar-capabilities.js'
import { FASTAAR_ENDPOINTS, type FastaarNativeClient, fastaarSchemas } from './fastaar-endpoints.js'
import {
  type FastaarSettings,
  type ResolvedFastaarSettings,
  resolveFastaarSettings,
} from './fastaar-settings.js'
import { type FastaarWaitForOptions, waitForPayment } from './fastaar-wait-for.js'
import { FASTAAR_SIGNATURE_HEADER, verifyFastaarWebhook } from './fastaar-webhooks.js'
import { toFastaarAmount } from './map-fastaar-amount.js'
import { toCreatePaymentBody } from './map-fastaar-create-input.js'
import { toCustomer, toCustomerList } from './map-fastaar-customer.js'
import { toListQuery, toListResult, toPageQuery } from './map-fastaar-list.js'
import { type FastaarSession, toPayment, toRefund, toSession } from './map-fastaar-payment.js'

/** Fastaar's checkouts: `create` also says whether the payment was created now or found by its reference. */
export interface FastaarSessionsFacet extends SessionsFacet {
  /**
   * Creates a Fastaar payment (`POST /payments`) and returns its checkout.
   * With a `reference` (sent as `invoice_id`) it is idempotent and retried on
   * transient failures; without one it is sent exactly once. Fields Fastaar
   * cannot carry (`description`, `customer`, `buyerCountry`, …) are refused.
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

/**
 * Fastaar's customers: `create` needs `name` and `phone` (`email` is
 * optional), refused before any request when missing; ids are Fastaar's
 * numbers, as strings. Updating is native only: `gateway.native.updateCustomer`.
 */
export type FastaarCustomersFacet = CustomersFacet

/** The facets of a Fastaar gateway. */
export interface FastaarFacets {
  readonly sessions: FastaarSessionsFacet
  readonly payments: FastaarPaymentsFacet
  readonly customers: FastaarCustomersFacet
  readonly webhooks: WebhooksFacet
}

/** The Fastaar gateway object `createFastaar` returns. */
export type FastaarGateway = Gateway<'fastaar', FastaarFacets, FastaarNativeClient> & {
  /** `false` for a `fk_test_` key, `true` for `fk_live_`, `undefined` for a key of neither form. */
  readonly livemode: boolean | undefined
}

/**
 * Creates the Fastaar gateway: BDT payments paid by mobile wallet on
 * Fastaar's checkout page. The API key stays inside the transport's closure;
 * it is never a property of the returned object.
 */
export function createFastaar(settings: FastaarSettings): FastaarGateway {
  const resolved = resolveFastaarSettings(settings)
  const transport = createTransport(resolved.transport)
  const native = createNativeClient({ transport, endpoints: FASTAAR_ENDPOINTS, schemas: fastaarSchemas })
  return defineGateway({
    id: 'fastaar',
    native,
    facets: fastaarFacets(native, resolved),
    capabilities: FASTAAR_DECLARED_CAPABILITIES,
    extra: { livemode: resolved.livemode },
    description: `FastaarGateway { id: 'fastaar', livemode: ${String(resolved.livemode)}, baseUrl: '${transport.baseUrl}' }`,
  })
}

/** The neutral facets on a native client: each method is the kit's pipeline, then a mapping. */
function fastaarFacets(
  native: FastaarNativeClient,
  settings: Omit<ResolvedFastaarSettings, 'transport'>,
): FastaarFacets {
  const { referenceField, amountFormat } = settings
  const { unsupportedFields } = FASTAAR_DECLARED_CAPABILITIES
  const pipeline = neutralPipeline({ provider: 'fastaar', schemas: fastaarSchemas, unsupportedFields })
  const retrieve = (paymentId: string, options: CallOptions | undefined) =>
    native.retrievePayment({ params: { paymentId } }, options)

  const sessions: FastaarSessionsFacet = {
    create: pipeline.input(
      'sessions.create',
      (schemas) => schemas.sessionInput,
      async (input, options) => {
        const body = toCreatePaymentBody(input, { referenceField, amountFormat })
        const { payment, created } = await native.createPayment({ body }, options)
        return toSession(withCheckoutUrl(payment, 'sessions.create'), created)
      },
    ),
    retrieve: pipeline.id('sessions.retrieve', async (id, options) =>
      toSession(withCheckoutUrl(await retrieve(id, options), 'sessions.retrieve')),
    ),
  }

  const payments: FastaarPaymentsFacet = {
    retrieve: pipeline.id('payments.retrieve', async (id, options) => toPayment(await retrieve(id, options))),
    list: pipeline.input(
      'payments.list',
      (schemas) => schemas.listFilter,
      async (filter, options) => {
        const query = toListQuery(filter ?? {}, referenceField)
        if (query === undefined) return { data: [], hasMore: false }
        return toListResult(await native.listPayments({ query }, options), query)
      },
    ),
    refund: pipeline.idAndInput(
      'payments.refund',
      (schemas) => schemas.refundInput,
      async (id, input, options) => {
        const body =
          input?.amount === undefined ? {} : { amount: toFastaarAmount(input.amount, amountFormat) }
        const after = await native.refundPayment({ params: { paymentId: id }, body }, options)
        return after === undefined ? readBackAfterRefund(id, options) : toPayment(after)
      },
    ),
    listRefunds: pipeline.id('payments.listRefunds', async (id, options) =>
      (await native.listRefunds({ params: { paymentId: id } }, options)).map((refund) =>
        toRefund(refund, id),
      ),
    ),
    waitFor: pipeline.idAndInput(
      'payments.waitFor',
      (schemas) => schemas.waitForOptions,
      async (id, options) =>
        waitForPayment(async (signal) => toPayment(await retrieve(id, { signal })), id, options),
    ),
  }

  // The refund answer's shape is unconfirmed; when it carries no payment, the payment is read. The
  // refund is done by then, so a failed read must not look like a failed (retryable) refund.
  async function readBackAfterRefund(id: string, options: CallOptions | undefined): Promise<Payment> {
    try {
      return toPayment(await retrieve(id, options))
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
  }

  const customers: FastaarCustomersFacet = {
    create: pipeline.input(
      'customers.create',
      (schemas) => schemas.customerInput,
      async (input, options) => toCustomer(await native.createCustomer({ body: input }, options)),
    ),
    retrieve: pipeline.id('customers.retrieve', async (id, options) =>
      toCustomer(await native.retrieveCustomer({ params: { customerId: numericCustomerId(id) } }, options)),
    ),
    list: pipeline.input(
      'customers.list',
      (schemas) => schemas.customerListFilter,
      async (filter, options) => {
        const query = toPageQuery(filter ?? {})
        return toCustomerList(await native.listCustomers({ query }, options), query)
      },
    ),
  }

  const webhooks: WebhooksFacet = {
    verify: (request) =>
      verifyFastaarWebhook(request, {
        secret: settings.webhookSecret,
        toleranceSeconds: settings.webhookToleranceSeconds,
        now: settings.now,
      }),
  }
  // Not enumerable: the kit's `operationsOf` lists every enumerable function of the facets, and
  // `recognizes` is a routing hint, not an operation (the registry has no `webhooks.recognizes`).
  Object.defineProperty(webhooks, 'recognizes', {
    value: (request: WebhookRequest) => readHeader(request.headers, FASTAAR_SIGNATURE_HEADER) !== undefined,
  })

  return { sessions, payments, customers, webhooks }
}

// Fastaar's customer ids are numbers: any other id names no customer, so the answer is known without
// asking: the NotFoundError a 404 would give, sooner, and with no request sent.
function numericCustomerId(id: string): string {
  if (/^[1-9]\d{0,14}$/.test(id)) return id
  throw new NotFoundError({
    provider: 'fastaar',
    message: `fastaar: no customer ${JSON.stringify(id)}: Fastaar customer ids are numbers; nothing was sent`,
  })
}

/**
 * What Fastaar can do, as the router and the conformance suite read it: its
 * declarations, and the operations read off its facets (built here without a
 * transport; nothing is called).
 */
export const FASTAAR_CAPABILITIES: GatewayCapabilities = Object.freeze({
  ...FASTAAR_DECLARED_CAPABILITIES,
  operations: Object.freeze(
    operationsOf(
      fastaarFacets({} as FastaarNativeClient, {
        livemode: undefined,
        referenceField: 'invoice_id',
        amountFormat: 'number',
        webhookSecret: undefined,
        webhookToleranceSeconds: 300,
        now: undefined,
      }),
    ),
  ),
})

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
