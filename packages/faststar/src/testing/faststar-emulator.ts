import {
  asFetch,
  createEmulatorClock,
  createFaultInjector,
  createWebhookOutbox,
  type Emulator,
  type EmulatorClock,
  type EmulatorWebhookSettings,
  type FetchHandler,
} from '@paymux/core/emulator'
import { browserRoutes, presentedAuth } from './emulator-browser.js'
import { FASTSTAR_TEST_CARDS } from './emulator-browser-cards.js'
import type { FastStarBrowserOptions } from './emulator-browser-options.js'
import * as catalog from './emulator-catalog.js'
import { createSession, findSession, retrieveSession } from './emulator-checkout.js'
import { type CompletedSession, cancelOpenSession, completeOpenSession } from './emulator-checkout-page.js'
import { type EmulatorContext, EmulatorFailure, fail } from './emulator-context.js'
import { emulatorControls, type FastStarEmulatorControls } from './emulator-controls.js'
import * as customers from './emulator-customers.js'
import { runDueWork } from './emulator-due-work.js'
import type { EmulatedCard, EmulatedMerchant, FastStarEmulatorState } from './emulator-records.js'
import { calculateTax, verifySignatureRoute } from './emulator-tax-routes.js'
import { causeEvent, FASTSTAR_TRIGGERS } from './emulator-triggers.js'
import {
  eventBody,
  FASTSTAR_EMULATOR_WEBHOOK_SECRET,
  type FastStarEmulatorWebhooks,
  signFastStarAttempt,
} from './emulator-webhooks.js'

// Defined beside the page <select> that offers them; exported here too, where users have always found it.
export { FASTSTAR_TEST_CARDS }

/** The API keys every emulator accepts unless told otherwise. */
export const FASTSTAR_EMULATOR_KEYS = {
  /** A Merchant of Record account: catalog references only. */
  mor: 'fs_test_emulator_mor',
  /** A Direct/PSP account: ad hoc amounts allowed. */
  direct: 'fs_test_emulator_direct',
} as const

/** Settings of {@link createFastStarEmulator}. */
export interface FastStarEmulatorOptions {
  /** Merchant accounts by API key. @default the two keys of FASTSTAR_EMULATOR_KEYS */
  readonly merchants?: readonly EmulatedMerchant[]
  /** The clock sessions expire by. @default a clock that follows real time */
  readonly clock?: EmulatorClock
  /** How long a checkout session stays open. Guess: the documents do not say. @default 86400000 (24 h) */
  readonly sessionTtlMs?: number
  /** Origin of hosted checkout urls. @default the origin of the request that created the session */
  readonly checkoutOrigin?: string
  /**
   * Where and how events are delivered (the dashboard's endpoint, secret and event subset; an
   * empty or absent `events` sends every type). Without `url` every event is still built, signed
   * and recorded in `emulator.webhooks` (state 'unsent'). FastStar documents no retry schedule,
   * so `retryDelaysMs` defaults to none. @default secret FASTSTAR_EMULATOR_WEBHOOK_SECRET
   */
  readonly webhooks?: EmulatorWebhookSettings
  /**
   * Pauses before each retry of a failed subscription renewal, on the emulator clock; when they run
   * out the subscription is canceled. Guess: FastStar documents no dunning. @default [3 days, 5 days]
   */
  readonly renewalRetryDelaysMs?: readonly number[]
  /** The browser half (SDK script, overlay, card page): its choices where the documents are silent. */
  readonly browser?: FastStarBrowserOptions
}

/** A FastStar emulator: a fetch handler with in-memory state, and the controls tests need. */
export interface FastStarEmulator extends Emulator, FastStarEmulatorControls {
  readonly provider: 'faststar'
  /** Every event built (sent, unsent or filtered), its attempts, and `build` for a delivery never recorded. */
  readonly webhooks: FastStarEmulatorWebhooks
  readonly state: FastStarEmulatorState
  /** The signing secret in use: pass it to `createFastStar({ webhookSecret })`. */
  readonly webhookSecret: string
  /** Completes an open session as a buyer paying on the hosted page; resolves once its webhooks' first attempts end. */
  completeSession(sessionId: string, options?: { readonly card?: EmulatedCard }): Promise<CompletedSession>
  /** Cancels an open session as a buyer leaving the hosted page would. */
  cancelSession(sessionId: string): void
  /** Completes a SetupIntent as the browser card popup would when the buyer saves `card`. @default card visa */
  completeSetupIntent(setupIntentId: string, card?: EmulatedCard): void
  /** The next `count` off-session charges (saved cards, renewals) need authentication, whatever the card. @default count 1 */
  requireAuthentication(count?: number): void
}

/**
 * Creates a FastStar emulator, written from the FastStar documents alone.
 * Use it in-process (`fetch: emulator.fetch`) or on a loopback port
 * (`serveFastStarEmulator`). Where the documents are silent it guesses, and
 * says so in a comment and in the docs page.
 */
export function createFastStarEmulator(options: FastStarEmulatorOptions = {}): FastStarEmulator {
  const state: FastStarEmulatorState = {
    products: new Map(),
    prices: new Map(),
    sessions: new Map(),
    customers: new Map(),
    setupIntents: new Map(),
    paymentMethods: new Map(),
    payments: new Map(),
    refunds: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    disputes: new Map(),
    settlements: new Map(),
    chargeAttempts: [],
    requests: [],
  }
  const merchants = new Map(
    (
      options.merchants ?? [
        { apiKey: FASTSTAR_EMULATOR_KEYS.mor, type: 'mor' },
        { apiKey: FASTSTAR_EMULATOR_KEYS.direct, type: 'direct' },
      ]
    ).map((merchant) => [merchant.apiKey, merchant]),
  )
  const clock = options.clock ?? createEmulatorClock()
  const outbox = createWebhookOutbox({
    provider: 'faststar',
    clock,
    settings: options.webhooks,
    defaultSecret: FASTSTAR_EMULATOR_WEBHOOK_SECRET,
    sign: signFastStarAttempt,
  })

  const ctx: EmulatorContext = {
    state,
    clock,
    merchants,
    sessionTtlMs: options.sessionTtlMs ?? 24 * 60 * 60 * 1000,
    checkoutOrigin: options.checkoutOrigin?.replace(/\/+$/, ''),
    webhookSecret: outbox.secret,
    renewalRetryDelaysMs: options.renewalRetryDelaysMs ?? [3 * DAY_MS, 5 * DAY_MS],
    nextSessionExpiry: Number.POSITIVE_INFINITY,
    authenticationSwitch: 0,
    emit(type, data) {
      // Recorded whatever the target or subset: the outbox marks it 'unsent' or 'filtered'.
      const { eventId, body } = eventBody(type, data, clock.now())
      outbox.enqueue(type, body, { eventId })
    },
  }
  // Expiries, trial ends and renewals run as soon as the clock moves, whoever moved it.
  const unsubscribe = clock.onChange(() => runDueWork(ctx))

  const faults = createFaultInjector()
  const browser = browserRoutes(ctx, options.browser)
  const faulty = faults.wrap(async (request) => (await browser(request)) ?? route(ctx, request))
  const handler: FetchHandler = async (request) => {
    // A served emulator catches up on real time: expiries and renewals due by now run first.
    runDueWork(ctx)
    state.requests.push({
      method: request.method,
      path: new URL(request.url).pathname + new URL(request.url).search,
      body: await request.clone().text(),
      hadApiKey: request.headers.has('x-api-key'),
      ...presentedAuth(request),
    })
    return faulty(request)
  }

  const webhooks: FastStarEmulatorWebhooks = {
    get deliveries() {
      return outbox.deliveries
    },
    get: (id) => outbox.get(id),
    ofType: (event) => outbox.ofType(event),
    deliverDue: () => outbox.deliverDue(),
    settle: () => outbox.settle(),
    replay: (id, replay) => outbox.replay(id, replay),
    setUrl: (url) => outbox.setUrl(url),
    addTarget: (url) => outbox.addTarget(url),
    subscribe: (listener) => outbox.subscribe(listener),
    build(type, data, build = {}) {
      const { eventId, body } = eventBody(type, data, clock.now(), build.id)
      return outbox.build(type, body, { eventId })
    },
  }
  const settle = () => outbox.settle()

  const emulator: FastStarEmulator = {
    provider: 'faststar',
    handler,
    fetch: asFetch(handler, { clock }),
    clock,
    faults,
    webhooks,
    state,
    webhookSecret: '', // replaced below by a hidden property
    requestCount: () => state.requests.length,
    async completeSession(sessionId, completion = {}) {
      const session = findSession(ctx, sessionId)
      if (session === undefined) throw new Error(`No checkout session ${sessionId} in the emulator`)
      if (session.status !== 'open')
        throw new Error(`Checkout session ${sessionId} is ${session.status}, not open`)
      const completed = completeOpenSession(ctx, session, completion.card ?? FASTSTAR_TEST_CARDS.visa)
      await settle()
      return completed
    },
    cancelSession(sessionId) {
      const session = findSession(ctx, sessionId)
      if (session === undefined) throw new Error(`No checkout session ${sessionId} in the emulator`)
      if (session.status !== 'open')
        throw new Error(`Checkout session ${sessionId} is ${session.status}, not open`)
      cancelOpenSession(ctx, session)
    },
    completeSetupIntent(setupIntentId, card = FASTSTAR_TEST_CARDS.visa) {
      customers.completeSetupIntent(ctx, setupIntentId, card)
    },
    requireAuthentication(count = 1) {
      ctx.authenticationSwitch += count
    },
    ...emulatorControls(ctx, settle),
    triggers: FASTSTAR_TRIGGERS,
    async trigger(event, input = {}) {
      const before = outbox.deliveries.length
      causeEvent(ctx, event, input)
      await settle()
      return outbox.deliveries.slice(before)
    },
    stop() {
      unsubscribe()
      outbox.stop()
    },
  }
  // Readable, but out of util.inspect, console.log and JSON.stringify.
  Object.defineProperty(emulator, 'webhookSecret', { value: outbox.secret, enumerable: false })
  return emulator
}

const API_PREFIX = '/api/v1'
const DAY_MS = 24 * 60 * 60 * 1000

async function route(ctx: EmulatorContext, request: Request): Promise<Response> {
  const path = new URL(request.url).pathname
  if (!path.startsWith(`${API_PREFIX}/`)) return fail(404, `Not found: ${path}`)
  const merchant = ctx.merchants.get(request.headers.get('x-api-key') ?? '')
  if (merchant === undefined) return fail(401, 'Missing or invalid X-API-Key')
  try {
    return await api(ctx, merchant, request, path.slice(API_PREFIX.length))
  } catch (error) {
    if (error instanceof EmulatorFailure) return fail(error.status, error.message)
    return fail(500, 'Internal server error')
  }
}

type Route = (
  ctx: EmulatorContext,
  merchant: EmulatedMerchant,
  request: Request,
  id: string,
) => Response | Promise<Response>

// The documented endpoints, as listed in the API reference.
const ROUTES: readonly (readonly [string, RegExp, Route])[] = [
  [
    'POST',
    /^\/public\/checkout\/sessions$/,
    (ctx, merchant, request) => createSession(ctx, merchant, request),
  ],
  ['GET', /^\/public\/checkout\/sessions\/([^/]+)$/, retrieveSession],
  [
    'POST',
    /^\/merchant\/catalog\/products$/,
    (ctx, merchant, request) => catalog.createProduct(ctx, merchant, request),
  ],
  ['GET', /^\/merchant\/catalog\/products$/, (ctx, merchant) => catalog.listProducts(ctx, merchant)],
  [
    'POST',
    /^\/merchant\/catalog\/prices$/,
    (ctx, merchant, request) => catalog.createPrice(ctx, merchant, request),
  ],
  ['GET', /^\/merchant\/catalog\/prices$/, (ctx, merchant) => catalog.listPrices(ctx, merchant)],
  [
    'POST',
    /^\/public\/customers$/,
    (ctx, merchant, request) => customers.createCustomer(ctx, merchant, request),
  ],
  ['GET', /^\/public\/customers$/, (ctx, merchant) => customers.listCustomers(ctx, merchant)],
  [
    'GET',
    /^\/public\/customers\/([^/]+)$/,
    (ctx, merchant, _request, id) => customers.retrieveCustomer(ctx, merchant, id),
  ],
  [
    'POST',
    /^\/public\/customers\/([^/]+)\/setup-intent$/,
    (ctx, merchant, _request, id) => customers.createSetupIntent(ctx, merchant, id),
  ],
  ['POST', /^\/public\/customers\/([^/]+)\/payment-methods$/, customers.attachPaymentMethod],
  [
    'GET',
    /^\/public\/customers\/([^/]+)\/payment-methods$/,
    (ctx, merchant, _request, id) => customers.listPaymentMethods(ctx, merchant, id),
  ],
  ['POST', /^\/public\/customers\/([^/]+)\/charge$/, customers.charge],
  [
    'POST',
    /^\/public\/payment-methods\/([^/]+)\/default$/,
    (ctx, merchant, _request, id) => customers.setDefaultPaymentMethod(ctx, merchant, id),
  ],
  [
    'DELETE',
    /^\/public\/payment-methods\/([^/]+)$/,
    (ctx, merchant, _request, id) => customers.detachPaymentMethod(ctx, merchant, id),
  ],
  ['POST', /^\/public\/tax\/calculate$/, (_ctx, _merchant, request) => calculateTax(request)],
  ['POST', /^\/public\/verify-signature$/, (ctx, _merchant, request) => verifySignatureRoute(ctx, request)],
]

async function api(ctx: EmulatorContext, merchant: EmulatedMerchant, request: Request, path: string) {
  for (const [method, pattern, handle] of ROUTES) {
    const match = pattern.exec(path)
    if (match !== null && request.method === method)
      return handle(ctx, merchant, request, decodeURIComponent(match[1] ?? ''))
  }
  return fail(404, `Not found: ${request.method} ${API_PREFIX}${path}`)
}
