import {
  asFetch,
  createEmulatorClock,
  createFaultInjector,
  createWebhookOutbox,
  type Emulator,
  type EmulatorClock,
  type FaultInjector,
  type FetchHandler,
} from '@paymux/core/emulator'
import { type CompleteInput, createActions, type PaymentSourceInput } from './emulator-actions.js'
import { createApi, envelope } from './emulator-api.js'
import {
  type PaystarEmbeddedOptions,
  type ResolvedEmbeddedOptions,
  resolveEmbedded,
} from './emulator-embedded.js'
import { LOADER_PATH, renderLoader } from './emulator-loader.js'
import { SESSION_PAGE_PATTERN } from './emulator-page.js'
import { INITIATE_PATHS } from './emulator-rules.js'
import { createSessionRoutes } from './emulator-session-routes.js'
import {
  createStore,
  type EmulatedDecline,
  type EmulatedPayment,
  type EmulatedPaymentSource,
  type EmulatedSession,
  type EmulatorStore,
} from './emulator-store.js'
import { causeEvent, PAYSTAR_TRIGGERS } from './emulator-triggers.js'
import {
  DEFAULT_WEBHOOK_TEMPLATE,
  PAYSTAR_EMULATOR_WEBHOOK_SECRET,
  type PaystarEmulatorWebhookSettings,
  type PaystarEmulatorWebhooks,
  paystarSigner,
  renderTemplate,
  type TemplateValues,
} from './emulator-webhooks.js'

export { sdkOrigin } from './emulator-api.js'
export { PaystarEmulatorError } from './emulator-error.js'

/** The API key the emulator accepts unless told otherwise. */
export const PAYSTAR_EMULATOR_API_KEY = 'ps_emulator_secret_key'
/** The business unit the emulator knows unless told otherwise. */
export const PAYSTAR_EMULATOR_BUSINESS_UNIT = 'acme-utilities'

/** Options of {@link createPaystarEmulator}. */
export interface PaystarEmulatorOptions {
  /** API keys accepted in `X-Paystar-Api-Key`. @default [PAYSTAR_EMULATOR_API_KEY] */
  readonly apiKeys?: readonly string[]
  /** Known business unit slugs. @default [PAYSTAR_EMULATOR_BUSINESS_UNIT] */
  readonly businessUnits?: readonly string[]
  /** The clock sessions expire and retries fall due by. @default createEmulatorClock() (real time, movable) */
  readonly clock?: EmulatorClock
  /** Fault queue applied to every request. @default createFaultInjector() */
  readonly faults?: FaultInjector
  /**
   * HTTP status of an answer that refuses a request for its content (with
   * `hasErrors: true`). Paystar does not document it: 400 is a guess, and 200
   * exercises a client's handling of `hasErrors` inside a 2xx.
   * @default 400
   */
  readonly validationStatus?: number
  /** The service fee in cents reported in `Payment.Succeeded` deliveries. @default 0 */
  readonly serviceFeeCents?: number
  /**
   * Where and how webhooks go. Without a `url` every delivery is still
   * rendered, carries the secret and is recorded (state `'unsent'`).
   * @default { secret: PAYSTAR_EMULATOR_WEBHOOK_SECRET }
   */
  readonly webhooks?: PaystarEmulatorWebhookSettings
  /**
   * Origin of session links. By default the SDK host of the API host a
   * request was sent to, as the supplement's example link shows
   * (`dev-gateway.paystar.io` → `dev.paystar.io`; `secure.paystar.io` serves
   * both); any other origin (a served emulator) keeps its own.
   * @default sdkOrigin(the origin each initiate request was sent to)
   */
  readonly linkOrigin?: string
  /** The browser half: the loader's global, event names, amounts in event data, redirects, dismissal. */
  readonly embedded?: PaystarEmbeddedOptions
}

/** Counters tests use to prove what happened (and what did not). */
export interface PaystarEmulatorStats {
  /** Every request received, faulted ones included. */
  readonly requests: number
  readonly sessionsCreated: number
  readonly payments: number
  /** Webhook deliveries recorded (sent or not). */
  readonly deliveries: number
}

/** An in-memory Paystar: the shared {@link Emulator} interface plus Paystar's own controls. */
export interface PaystarEmulator extends Emulator {
  readonly provider: 'paystar'
  readonly webhooks: PaystarEmulatorWebhooks
  /** The first accepted API key. */
  readonly apiKey: string
  /** The first known business unit. */
  readonly businessUnitSlug: string
  /** The shared secret deliveries carry (`webhooks.secret` or PAYSTAR_EMULATOR_WEBHOOK_SECRET): a gateway's `webhookSecret`. */
  readonly webhookSecret: string
  readonly stats: PaystarEmulatorStats
  /** The emulator's state, for assertions. */
  readonly store: EmulatorStore
  /** A session by id. */
  session(id: string): EmulatedSession | undefined
  /** The browser half's settings, defaults filled in. */
  readonly embedded: ResolvedEmbeddedOptions
  /**
   * What a buyer pressing Pay does: pays an open payment session (with a
   * wallet's payment source, or the emulator's test card) and delivers
   * `Payment.Succeeded`; resolves once its first attempt has ended.
   */
  pay(sessionId: string, input?: { readonly sourceId?: string }): Promise<EmulatedPayment>
  /** What a buyer paying with the page's declining option meets: nothing is charged, no webhook, the session stays payable. */
  decline(sessionId: string, input?: { readonly sourceId?: string }): EmulatedDecline
  /** What a buyer closing the embedded frame does: nothing, unless `embedded.dismissEndsSession`. */
  dismiss(sessionId: string): void
  /** What a buyer pressing the page's Cancel does: the session can no longer be paid. */
  cancel(sessionId: string): void
  /** Completes a management session with the page's choices; AutoPay enrollment delivers `AutoPay.Enrolled`. */
  complete(sessionId: string, input?: CompleteInput): Promise<void>
  /** Adds a payment method to the wallet of a wallet session's user. */
  addPaymentSource(sessionId: string, input: PaymentSourceInput): EmulatedPaymentSource
  /** Deletes a payment method from the wallet of a wallet session's user. */
  removePaymentSource(sessionId: string, sourceId: string): void
  /** Ends AutoPay on an account and delivers `AutoPay.Unenrolled`. */
  unenrollAutoPay(accountNumber: string, businessUnitSlug?: string): Promise<void>
}

/**
 * Creates an in-memory Paystar, written from the API reference and the
 * supplement alone: API key check, business units, every initiate endpoint
 * with its required-field rules and `hasErrors` answers, sessions that
 * expire (30 / 60 minutes) on a controllable clock, the embedded loader and
 * pages, webhook deliveries rendered from a template with the shared secret
 * (through core's shared outbox), and fault injection.
 */
export function createPaystarEmulator(options: PaystarEmulatorOptions = {}): PaystarEmulator {
  const apiKeys = new Set(options.apiKeys ?? [PAYSTAR_EMULATOR_API_KEY])
  const businessUnits = new Set(options.businessUnits ?? [PAYSTAR_EMULATOR_BUSINESS_UNIT])
  const businessUnit = [...businessUnits][0] ?? PAYSTAR_EMULATOR_BUSINESS_UNIT
  const clock = options.clock ?? createEmulatorClock()
  const faults = options.faults ?? createFaultInjector()
  const store = createStore()
  const embedded = resolveEmbedded(options.embedded)
  const template = options.webhooks?.template ?? DEFAULT_WEBHOOK_TEMPLATE
  const outbox = createWebhookOutbox({
    provider: 'paystar',
    clock,
    settings: options.webhooks,
    defaultSecret: PAYSTAR_EMULATOR_WEBHOOK_SECRET,
    sign: paystarSigner(options.webhooks),
  })
  const render = (action: string, values: TemplateValues) => renderTemplate(template, { ...values, action })
  const api = createApi({
    store,
    clock,
    apiKeys,
    businessUnits,
    validationStatus: options.validationStatus ?? 400,
    linkOrigin: options.linkOrigin,
  })
  const actions = createActions({
    store,
    clock,
    embedded,
    serviceFeeCents: options.serviceFeeCents ?? 0,
    defaultBusinessUnit: businessUnit,
    // Recorded whatever the target or subset: the outbox marks it 'unsent' or 'filtered'.
    emit: (action, values) => outbox.enqueue(action, render(action, values)),
  })
  const sessionPage = createSessionRoutes({ ...actions, store, embedded })
  const loader = renderLoader(embedded)
  const settle = () => outbox.settle()

  const inner: FetchHandler = async (request) => {
    const path = new URL(request.url).pathname
    const kind = INITIATE_PATHS[path]
    if (kind !== undefined) return api.initiate(kind, request)
    const page = SESSION_PAGE_PATTERN.exec(path)
    if (page !== null) return sessionPage(request, page)
    if (path === LOADER_PATH && request.method === 'GET') {
      return new Response(loader, {
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' },
      })
    }
    return envelope(404, [`No endpoint at ${request.method} ${path}.`])
  }
  const wrapped = faults.wrap(inner)
  let received = 0
  const handler: FetchHandler = (request) => {
    received++
    return wrapped(request)
  }

  const webhooks: PaystarEmulatorWebhooks = {
    get deliveries() {
      return outbox.deliveries
    },
    get: (id) => outbox.get(id),
    ofType: (event) => outbox.ofType(event),
    deliverDue: () => outbox.deliverDue(),
    settle,
    replay: (id, replay) => outbox.replay(id, replay),
    setUrl: (url) => outbox.setUrl(url),
    addTarget: (url) => outbox.addTarget(url),
    subscribe: (listener) => outbox.subscribe(listener),
    build: (action, values) => outbox.build(action, render(action, values)),
  }

  // Each control acts, then waits for the first attempts it caused, so a test sees them ended.
  const settled = async <T>(act: () => T): Promise<T> => {
    const result = act()
    await settle()
    return result
  }

  const emulator: PaystarEmulator = {
    provider: 'paystar',
    handler,
    fetch: asFetch(handler, { clock }),
    requestCount: () => received,
    clock,
    faults,
    webhooks,
    apiKey: [...apiKeys][0] ?? PAYSTAR_EMULATOR_API_KEY,
    businessUnitSlug: businessUnit,
    webhookSecret: '', // replaced below by a hidden property
    get stats() {
      return {
        requests: received,
        sessionsCreated: store.sessions.size,
        payments: store.payments.length,
        deliveries: outbox.deliveries.length,
      }
    },
    store,
    session: (id) => store.sessions.get(id),
    embedded,
    pay: (sessionId, input) => settled(() => actions.pay(sessionId, input)),
    decline: actions.decline,
    dismiss: actions.dismiss,
    cancel: actions.cancel,
    complete: (sessionId, input) => settled(() => actions.complete(sessionId, input)),
    addPaymentSource: actions.addPaymentSource,
    removePaymentSource: actions.removePaymentSource,
    unenrollAutoPay: (accountNumber, slug) => settled(() => actions.unenrollAutoPay(accountNumber, slug)),
    // Paystar documents no expiry event: moving the clock only expires sessions (read lazily) and runs retries.
    async advance(ms) {
      clock.advance(ms)
      await settle()
    },
    triggers: PAYSTAR_TRIGGERS,
    async trigger(event, input = {}) {
      const before = outbox.deliveries.length
      const linkOrigin = options.linkOrigin ?? 'https://dev.paystar.io'
      await settled(() => causeEvent({ api, actions, businessUnit, linkOrigin }, event, input))
      return outbox.deliveries.slice(before)
    },
    stop: () => outbox.stop(),
  }
  // Readable, but out of util.inspect, console.log and JSON.stringify (a getter would show in JSON).
  Object.defineProperty(emulator, 'webhookSecret', { value: outbox.secret, enumerable: false })
  return emulator
}
