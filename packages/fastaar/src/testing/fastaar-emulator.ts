import {
  asFetch,
  createEmulatorClock,
  createFaultInjector,
  type EmulatorClock,
  type FaultInjector,
  type FetchHandler,
} from '@paymux/core/emulator'
import { AccessControl, type FastaarEmulatorKey, type FastaarMerchantState } from './emulator-access.js'
import { type EmulatorApiSettings, handleApi, refundJson } from './emulator-api.js'
import { checkGatewayCharge, type FastaarGatewayCharge } from './emulator-charge.js'
import {
  type CheckoutOutcome,
  type CheckoutSettings,
  checkWallets,
  handleCheckout,
  submitTrxId,
} from './emulator-checkout.js'
import { CustomerStore, customerJson } from './emulator-customers.js'
import { DEFAULT_REQUESTS_PER_MINUTE, RateLimiter } from './emulator-rate-limit.js'
import { type EmulatedPayment, type EmulatedRefund, EmulatorStore, paymentJson } from './emulator-store.js'
import { type EmulatorWebhookSettings, type WebhookDelivery, WebhookOutbox } from './emulator-webhooks.js'
import { errorBody, formatDhakaTime, parseTaka } from './emulator-wire.js'

/** Options of {@link createFastaarEmulator}. Defaults follow the Fastaar documents. */
export interface FastaarEmulatorOptions {
  /** The emulator's clock: expiry, rate limit and webhook retries follow it. @default a clock that follows real time */
  readonly clock?: EmulatorClock
  /**
   * The API keys accepted, each a key or `{ key, expiresAt?, abilities? }`
   * (an expired key gets 401, a call outside its abilities 403 `ability_denied`).
   * @default any key of the form `fk_test_…` or `fk_live_…`, with every ability
   */
  readonly apiKeys?: readonly (string | FastaarEmulatorKey)[]
  /** The merchant account's state: the documented 402 and 403 answers. Change it later with `setMerchant`. @default active, not suspended, no limits */
  readonly merchant?: FastaarMerchantState
  /** The merchant's fee, shown in `gateway_charge*` and `amount_due`. @default none: `"0.00"`, `null`, `null` */
  readonly gatewayCharge?: FastaarGatewayCharge
  /** Where signed webhooks go. Without it events are recorded but not sent. */
  readonly webhooks?: EmulatorWebhookSettings
  /**
   * When a submitted TrxID's SMS matches: `'auto'` completes test-key (`fk_test_`)
   * payments at once, as Fastaar's test mode does, and leaves live-key ones to
   * `matchSms`; `'manual'` leaves every one to `matchSms`.
   * @default 'auto'
   */
  readonly smsMatch?: 'auto' | 'manual'
  /** Requests per minute per key before a 429, or `false` for no limit. @default 120 */
  readonly rateLimit?: number | false
  /** The field that carries the merchant's reference. @default 'invoice_id' */
  readonly referenceField?: 'invoice_id' | 'invoice_number'
  /** A repeated reference: the documented 200 with the existing payment, or newer APIs' 409. @default 'return_existing' */
  readonly onDuplicateInvoice?: 'return_existing' | 'conflict'
  /** Whether list answers carry `links` and `meta` (unconfirmed by Fastaar). @default 'links_and_meta' */
  readonly listPagination?: 'links_and_meta' | 'data_only'
  /**
   * The query parameter that carries the reference on the return to
   * `success_url`/`cancel_url`. The document says `invoice_id`; what Fastaar
   * appends under `invoice_number` is not documented.
   * @default the `referenceField`
   */
  readonly returnReferenceParam?: 'invoice_id' | 'invoice_number'
  /**
   * The origin of every `checkout_url` (`http://127.0.0.1:4010`), so a browser
   * can open the page of an in-process or proxied emulator.
   * @default the origin each create request reached (`https://fastaar.com` in-process; the port when served)
   */
  readonly checkoutOrigin?: string
  /** The wallets the checkout page offers, the first preselected. @default ['bkash', 'nagad'] */
  readonly wallets?: readonly string[]
  /** The merchant's number per wallet, shown on the page as where to "Send Money" (undocumented). @default none shown */
  readonly merchantWallet?: Readonly<Record<string, string>>
}

/** A request the emulator received. */
export interface EmulatorRequestRecord {
  readonly method: string
  /** Path and query, e.g. `/api/v1/payments?per_page=25`. */
  readonly path: string
  readonly at: number
}

/** An in-memory Fastaar: a Web-standard fetch handler and the controls tests need. */
export interface FastaarEmulator {
  /** The fetch handler; serve it with `serveFastaarEmulator`, or use `fetch` in-process. */
  readonly handler: FetchHandler
  /** `handler` as a `fetch`, for a client's `fetch` setting. */
  readonly fetch: typeof globalThis.fetch
  readonly clock: EmulatorClock
  /** Queue failures for the next requests (status, delay, dropped connection). */
  readonly faults: FaultInjector
  /** Every request received, faulted ones included. */
  readonly requests: readonly EmulatorRequestRecord[]
  /** How many requests reached the emulator (faulted ones included), as every paymux emulator counts them. */
  requestCount(): number
  /** How many payments were ever created: proves a retry made no second one. */
  readonly paymentsCreated: number
  /** How many refunds were ever made, over every payment: proves a failed refund call made no second one. */
  readonly refundsCreated: number
  /** How many customers were ever created (test and live). */
  readonly customersCreated: number
  /** Every customer of one mode as the API would write it, newest first. @default test mode */
  customers(livemode?: boolean): Record<string, unknown>[]
  /** Every payment as the API would write it, newest first. */
  payments(): Record<string, unknown>[]
  /** One payment as the API would write it, or `undefined`. */
  payment(id: string): Record<string, unknown> | undefined
  /** The buyer submits a TrxID on the checkout page (default wallet `bkash`). */
  submitTrxId(
    paymentId: string,
    input: { readonly trxId: string; readonly wallet?: string; readonly senderNumber?: string },
  ): CheckoutOutcome
  /** The wallet's SMS matches: `awaiting_verification → completed`. */
  matchSms(paymentId: string): void
  /** An admin rejects the payment: `failed` with `failure_reason` (default `rejected_by_admin`). */
  rejectPayment(paymentId: string, reason?: string): void
  /**
   * The merchant refunds in the dashboard: a refund with `source: 'panel'`.
   * `amount` is taka as Fastaar writes it (`"79.50"` or `79.5`). @default what is left
   */
  refundFromPanel(paymentId: string, amount?: number | string): Record<string, unknown>
  /** The merchant account's state now. */
  readonly merchant: FastaarMerchantState
  /** Changes the merchant account's state (merged into the current one): suspend it, end its subscription, … */
  setMerchant(patch: FastaarMerchantState): void
  /** Every webhook event so far and its delivery attempts. */
  readonly webhookDeliveries: readonly WebhookDelivery[]
  /** Sends the webhooks that are due on the clock (first attempts, and retries on the documented schedule). */
  deliverWebhooks(): Promise<readonly WebhookDelivery[]>
  /** A signed delivery of `event` for a payment, as the endpoint would receive it now. Needs `webhooks.secret`. */
  signedWebhook(event: string, paymentId: string): { rawBody: string; headers: Record<string, string> }
  /** Changes the rate limit: requests per minute per key, or `false` for none. */
  setRateLimit(perMinute: number | false): void
}

/** Creates a Fastaar emulator with in-memory state. */
export function createFastaarEmulator(options: FastaarEmulatorOptions = {}): FastaarEmulator {
  const clock = options.clock ?? createEmulatorClock()
  const referenceField = options.referenceField ?? 'invoice_id'
  const outbox = new WebhookOutbox(clock, options.webhooks)
  const eventBody = (event: string, payment: EmulatedPayment) =>
    JSON.stringify({
      event,
      created_at: formatDhakaTime(clock.now()),
      // Top level as in the SDK's WebhookEvent type; SUPPLEMENT: test-mode webhooks carry "livemode": false.
      livemode: payment.livemode,
      data: paymentJson(payment, referenceField),
    })
  const store = new EmulatorStore(clock, (event, payment) =>
    outbox.enqueue(event, payment.id, eventBody(event, payment)),
  )
  const limiter = new RateLimiter(clock, options.rateLimit ?? DEFAULT_REQUESTS_PER_MINUTE)
  const faults = createFaultInjector()
  const access = new AccessControl(clock, options.apiKeys, options.merchant)
  const api: EmulatorApiSettings = {
    referenceField,
    onDuplicateInvoice: options.onDuplicateInvoice ?? 'return_existing',
    listPagination: options.listPagination ?? 'links_and_meta',
    gatewayCharge: checkGatewayCharge(options.gatewayCharge),
    refuseCreate: (request, returnUrls) => access.refuseCreate(request, returnUrls),
    checkoutOrigin: checkOrigin(options.checkoutOrigin),
    customers: new CustomerStore(clock),
  }
  const checkout: CheckoutSettings = {
    referenceField,
    returnReferenceParam: options.returnReferenceParam ?? referenceField,
    wallets: checkWallets(options.wallets),
    merchantWallet: { ...options.merchantWallet },
    autoMatch: (payment) => (options.smsMatch ?? 'auto') === 'auto' && !payment.livemode,
  }
  const requests: EmulatorRequestRecord[] = []

  const route: FetchHandler = async (request) => {
    const url = new URL(request.url)
    store.sweep()
    if (url.pathname.startsWith('/pay/')) return handleCheckout(request, url, store, checkout)
    if (!url.pathname.startsWith('/api/v1/')) return errorBody(404, 'not_found', 'Not found.')
    // A refused key is not counted by the rate limiter.
    const admitted = access.admit(request, url)
    if (admitted instanceof Response) return admitted
    const limited = limiter.take(admitted.key)
    if (limited !== undefined) {
      return errorBody(
        429,
        'rate_limit_error',
        'Too many requests.',
        {},
        { 'retry-after': String(limited.retryAfterSeconds) },
      )
    }
    return handleApi(request, url, admitted.livemode, store, api)
  }
  const faulty = faults.wrap(route)
  const handler: FetchHandler = (request) => {
    const url = new URL(request.url)
    requests.push({ method: request.method, path: url.pathname + url.search, at: clock.now() })
    return faulty(request)
  }

  const find = (id: string): EmulatedPayment => {
    const payment = store.get(id)
    if (payment === undefined) throw new Error(`the emulator has no payment ${id}`)
    return payment
  }

  return {
    handler,
    fetch: asFetch(handler),
    clock,
    faults,
    requests,
    requestCount: () => requests.length,
    get paymentsCreated() {
      return store.created
    },
    get customersCreated() {
      return api.customers.created
    },
    customers: (livemode = false) => api.customers.newestFirst(livemode).map(customerJson),
    get refundsCreated() {
      return [...store.payments.values()].reduce((sum, payment) => sum + payment.refunds.length, 0)
    },
    payments: () => {
      store.sweep()
      return [...store.payments.values()]
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((payment) => paymentJson(payment, referenceField))
    },
    payment: (id) => {
      const payment = store.get(id)
      return payment === undefined ? undefined : paymentJson(payment, referenceField)
    },
    submitTrxId: (id, input) => submitTrxId(store, checkout, find(id), input),
    matchSms: (id) => store.matchSms(find(id)),
    rejectPayment: (id, reason = 'rejected_by_admin') => store.reject(find(id), reason),
    webhookDeliveries: outbox.deliveries,
    deliverWebhooks: () => {
      store.sweep()
      return outbox.deliverDue()
    },
    signedWebhook: (event, id) => {
      const { body, headers } = outbox.signed({ event, body: eventBody(event, find(id)) })
      return { rawBody: body, headers }
    },
    refundFromPanel: (id, amount) => {
      const payment = find(id)
      const poisha = amount === undefined ? undefined : parseTaka(amount)
      if (amount !== undefined && poisha === undefined) {
        throw new TypeError(`amount must be taka with at most 2 decimals, got ${JSON.stringify(amount)}`)
      }
      const problem = store.refund(payment, poisha, 'panel')
      if (problem !== undefined) throw new Error(problem)
      return refundJson(payment.refunds.at(-1) as EmulatedRefund)
    },
    get merchant() {
      return access.merchant
    },
    setMerchant: (patch) => {
      access.merchant = { ...access.merchant, ...patch }
    },
    setRateLimit: (perMinute) => {
      limiter.perMinute = perMinute
      limiter.reset()
    },
  }
}

function checkOrigin(origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined
  const url = typeof origin === 'string' && URL.canParse(origin) ? new URL(origin) : undefined
  if (url === undefined || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search !== '') {
    throw new TypeError(
      `checkoutOrigin must be an http(s) origin such as http://127.0.0.1:4010, got ${JSON.stringify(origin)}`,
    )
  }
  return url.origin
}
