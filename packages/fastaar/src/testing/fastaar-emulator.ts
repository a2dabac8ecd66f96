import {
  asFetch,
  createEmulatorClock,
  createFaultInjector,
  createWebhookOutbox,
  type Emulator,
  type EmulatorClock,
  type EmulatorDelivery,
  type EmulatorWebhookSettings,
  type EmulatorWebhooks,
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
import { createExpiryTimer } from './emulator-expiry.js'
import { DEFAULT_REQUESTS_PER_MINUTE, RateLimiter } from './emulator-rate-limit.js'
import { type EmulatedPayment, type EmulatedRefund, EmulatorStore, paymentJson } from './emulator-store.js'
import { causeEvent, FASTAAR_TRIGGERS } from './emulator-triggers.js'
import {
  FASTAAR_EMULATOR_WEBHOOK_SECRET,
  signFastaarAttempt,
  WEBHOOK_RETRY_DELAYS_MS,
} from './emulator-webhooks.js'
import { errorBody, formatDhakaTime, parseTaka } from './emulator-wire.js'

/** Options of {@link createFastaarEmulator}. Defaults follow the Fastaar documents. */
export interface FastaarEmulatorOptions {
  /**
   * The emulator's clock: expiry, rate limit and webhook retries follow it, and a gateway given
   * `emulator.fetch` (or a served emulator's `baseUrl`) reads it without a `now` setting.
   * @default a clock that follows real time
   */
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
  /**
   * Where signed webhooks go, and how. Without `url` every event is recorded (`'unsent'`), signed
   * and verifiable, but not sent. First attempts leave at once; failures are retried on the
   * emulator clock on the documented schedule (1 min, 5 min, 30 min, 2 h, 12 h).
   * @default record only, signed with FASTAAR_EMULATOR_WEBHOOK_SECRET
   */
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

/** Fastaar's webhook deliveries: the shared records and controls, and `build` for a payment's event. */
export interface FastaarEmulatorWebhooks extends EmulatorWebhooks {
  /** A signed delivery of `event` for a payment as it is now, neither recorded nor sent (id `fastaar_0`). */
  build(event: string, paymentId: string): EmulatorDelivery
}

/** An in-memory Fastaar: a Web-standard fetch handler and the controls tests need. */
export interface FastaarEmulator extends Emulator {
  readonly provider: 'fastaar'
  /** The fetch handler; serve it with `serveFastaarEmulator`, or use `fetch` in-process. */
  readonly handler: FetchHandler
  /** `handler` as a `fetch`, for a client's `fetch` setting; it carries the clock, so the gateway needs no `now`. */
  readonly fetch: typeof globalThis.fetch
  readonly clock: EmulatorClock
  /** Queue failures for the next requests (status, delay, dropped connection). */
  readonly faults: FaultInjector
  /** Every webhook event, what became of each delivery, and the delivery controls. */
  readonly webhooks: FastaarEmulatorWebhooks
  /** The signing secret in use (`webhooks.secret`, else FASTAAR_EMULATOR_WEBHOOK_SECRET): give the gateway the same. */
  readonly webhookSecret: string
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
  /**
   * The buyer submits a TrxID on the checkout page (default wallet: the first of `wallets`).
   * Like every control, it changes the state at once and resolves once the webhook's first attempt ended.
   */
  submitTrxId(
    paymentId: string,
    input: { readonly trxId: string; readonly wallet?: string; readonly senderNumber?: string },
  ): Promise<CheckoutOutcome>
  /** The wallet's SMS matches: `awaiting_verification → completed`. */
  matchSms(paymentId: string): Promise<void>
  /** An admin rejects the payment: `failed` with `failure_reason` (default `rejected_by_admin`). */
  rejectPayment(paymentId: string, reason?: string): Promise<void>
  /**
   * The merchant refunds in the dashboard: a refund with `source: 'panel'`, resolving with it as
   * the refunds list writes it. `amount` is taka as Fastaar writes it (`"79.50"` or `79.5`). @default what is left
   */
  refundFromPanel(paymentId: string, amount?: number | string): Promise<Record<string, unknown>>
  /** The merchant account's state now. */
  readonly merchant: FastaarMerchantState
  /** Changes the merchant account's state (merged into the current one): suspend it, end its subscription, … */
  setMerchant(patch: FastaarMerchantState): void
  /** Changes the rate limit: requests per minute per key, or `false` for none. */
  setRateLimit(perMinute: number | false): void
}

/** Creates a Fastaar emulator with in-memory state. */
export function createFastaarEmulator(options: FastaarEmulatorOptions = {}): FastaarEmulator {
  const clock = options.clock ?? createEmulatorClock()
  const referenceField = options.referenceField ?? 'invoice_id'
  const outbox = createWebhookOutbox({
    provider: 'fastaar',
    clock,
    settings: options.webhooks,
    defaultSecret: FASTAAR_EMULATOR_WEBHOOK_SECRET,
    defaultRetryDelaysMs: WEBHOOK_RETRY_DELAYS_MS,
    sign: signFastaarAttempt,
  })
  const eventBody = (event: string, payment: EmulatedPayment) =>
    JSON.stringify({
      event,
      created_at: formatDhakaTime(clock.now()),
      // Top level as in the SDK's WebhookEvent type; SUPPLEMENT: test-mode webhooks carry "livemode": false.
      livemode: payment.livemode,
      data: paymentJson(payment, referenceField),
    })
  const store = new EmulatorStore(clock, (event, payment) => outbox.enqueue(event, eventBody(event, payment)))
  // payment.expired fires at the 30-minute mark: by a timer as real time passes, and at once when
  // the clock is moved (whoever moves it: a shared clock may be advanced through another emulator).
  const expiry = createExpiryTimer(
    clock,
    () => store.nextExpiry(),
    () => store.sweep(),
  )
  const unsubscribe = clock.onChange(() => {
    store.sweep()
    expiry.arm(true)
  })
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
  const handler: FetchHandler = async (request) => {
    const url = new URL(request.url)
    requests.push({ method: request.method, path: url.pathname + url.search, at: clock.now() })
    try {
      return await faulty(request)
    } finally {
      // A create adds a payment that expires: the timer must know.
      expiry.arm()
    }
  }
  const settle = () => outbox.settle()
  const advance = async (ms: number) => {
    clock.advance(ms)
    await settle()
  }

  const find = (id: string): EmulatedPayment => {
    const payment = store.get(id)
    if (payment === undefined) throw new Error(`the emulator has no payment ${id}`)
    return payment
  }

  const webhooks: FastaarEmulatorWebhooks = {
    get deliveries() {
      return outbox.deliveries
    },
    get: (id) => outbox.get(id),
    ofType: (event) => outbox.ofType(event),
    deliverDue: async () => {
      store.sweep()
      return outbox.deliverDue()
    },
    settle,
    replay: (id, replay) => outbox.replay(id, replay),
    setUrl: (url) => outbox.setUrl(url),
    addTarget: (url) => outbox.addTarget(url),
    subscribe: (listener) => outbox.subscribe(listener),
    build: (event, id) => outbox.build(event, eventBody(event, find(id))),
  }
  const after = async <T>(result: T): Promise<T> => {
    await settle()
    return result
  }

  const emulator: FastaarEmulator = {
    provider: 'fastaar',
    handler,
    fetch: asFetch(handler, { clock }),
    clock,
    faults,
    webhooks,
    // A placeholder for the type: replaced below by the real secret, non-enumerable (a getter, as
    // Paystar's, would hide it from util.inspect but not from JSON.stringify).
    webhookSecret: '',
    advance,
    triggers: FASTAAR_TRIGGERS,
    async trigger(event, input = {}) {
      const before = outbox.deliveries.length
      await causeEvent(
        {
          store,
          origin: api.checkoutOrigin ?? 'https://fastaar.com',
          gatewayCharge: api.gatewayCharge,
          now: () => clock.now(),
          advance,
        },
        event,
        input,
      )
      expiry.arm()
      await settle()
      return outbox.deliveries.slice(before)
    },
    stop() {
      unsubscribe()
      expiry.stop()
      outbox.stop()
    },
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
    // async: a refused control rejects, like the settled promise it returns.
    submitTrxId: async (id, input) => after(submitTrxId(store, checkout, find(id), input)),
    matchSms: async (id) => after(store.matchSms(find(id))),
    rejectPayment: async (id, reason = 'rejected_by_admin') => after(store.reject(find(id), reason)),
    refundFromPanel: async (id, amount) => {
      const payment = find(id)
      const poisha = amount === undefined ? undefined : parseTaka(amount)
      if (amount !== undefined && poisha === undefined) {
        throw new TypeError(`amount must be taka with at most 2 decimals, got ${JSON.stringify(amount)}`)
      }
      const problem = store.refund(payment, poisha, 'panel')
      if (problem !== undefined) throw new Error(problem)
      return after(refundJson(payment.refunds.at(-1) as EmulatedRefund))
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
  // Readable, but out of util.inspect, console.log and JSON.stringify.
  Object.defineProperty(emulator, 'webhookSecret', { value: outbox.secret, enumerable: false })
  return emulator
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
