import { randomInt, randomUUID } from 'node:crypto'
import {
  asFetch,
  createEmulatorClock,
  createFaultInjector,
  type EmulatorClock,
  type FaultInjector,
  type FetchHandler,
} from '@paymux/core/emulator'
import {
  type PaystarEmbeddedOptions,
  type ResolvedEmbeddedOptions,
  resolveEmbedded,
} from './emulator-embedded.js'
import { PaystarEmulatorError } from './emulator-error.js'
import { LOADER_PATH, renderLoader } from './emulator-loader.js'
import { SESSION_PAGE_PATTERN, sessionPagePath, TEST_CARD, walletOf } from './emulator-page.js'
import {
  INITIATE_PATHS,
  type InitiateKind,
  initiateErrors,
  isObject,
  type JsonObject,
} from './emulator-rules.js'
import {
  type CompleteInput,
  createSessionRoutes,
  type PaymentSourceInput,
} from './emulator-session-routes.js'
import {
  accountKey,
  createStore,
  type EmulatedDecline,
  type EmulatedDelivery,
  type EmulatedPayment,
  type EmulatedPaymentSource,
  type EmulatedSession,
  type EmulatorStore,
  SESSION_LIFETIME_MS,
  syncAccount,
  syncUser,
} from './emulator-store.js'
import {
  centsToDollars,
  deliver,
  type EmulatorWebhookOptions,
  type TemplateValues,
} from './emulator-webhooks.js'

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
  /** The clock sessions expire by. @default createEmulatorClock() (real time, movable) */
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
  /** Where and how webhooks are delivered; without it none are rendered. */
  readonly webhook?: EmulatorWebhookOptions
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
  readonly deliveries: number
}

/** An in-memory Paystar: a Web-standard fetch handler plus controls for tests. */
export interface PaystarEmulator {
  /** Use as `asFetch(emulator.handler)`, or serve it with `servePaystarEmulator`. */
  readonly handler: FetchHandler
  /** `handler` as a `fetch`, for a client's `fetch` setting. */
  readonly fetch: typeof globalThis.fetch
  /** How many requests reached the emulator (faulted ones included), as every paymux emulator counts them. */
  requestCount(): number
  readonly clock: EmulatorClock
  readonly faults: FaultInjector
  /** The first accepted API key. */
  readonly apiKey: string
  /** The first known business unit. */
  readonly businessUnitSlug: string
  readonly stats: PaystarEmulatorStats
  /** The emulator's state, for assertions. */
  readonly store: EmulatorStore
  /** A session by id. */
  session(id: string): EmulatedSession | undefined
  /** The browser half's settings, defaults filled in. */
  readonly embedded: ResolvedEmbeddedOptions
  /**
   * What a buyer pressing Pay does: pays an open payment session (with a
   * wallet's payment source, or the emulator's test card) and delivers `Payment.Succeeded`.
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
  /** Renders and delivers any action with the configured template. */
  sendWebhook(action: string, values: TemplateValues): Promise<EmulatedDelivery>
}

/**
 * Creates an in-memory Paystar, written from the API reference and the
 * supplement alone: API key check, business units, every initiate endpoint
 * with its required-field rules and `hasErrors` answers, sessions that
 * expire (30 / 60 minutes) on a controllable clock, an embedded page that
 * can be paid or dismissed, webhook deliveries rendered from a template with
 * the shared secret, and fault injection.
 */
export function createPaystarEmulator(options: PaystarEmulatorOptions = {}): PaystarEmulator {
  const apiKeys = new Set(options.apiKeys ?? [PAYSTAR_EMULATOR_API_KEY])
  const businessUnits = new Set(options.businessUnits ?? [PAYSTAR_EMULATOR_BUSINESS_UNIT])
  const clock = options.clock ?? createEmulatorClock()
  const faults = options.faults ?? createFaultInjector()
  const validationStatus = options.validationStatus ?? 400
  const store = createStore()
  const embedded = resolveEmbedded(options.embedded)
  let received = 0
  let sourceCount = 0

  const envelope = (status: number, errors: string[], data: unknown = null) =>
    Response.json({ hasErrors: errors.length > 0, errors, data }, { status })

  function openSession(id: string, kind: InitiateKind | 'any'): EmulatedSession {
    const session = store.sessions.get(id)
    if (session === undefined) throw new PaystarEmulatorError(`No session ${id}.`, 404)
    if (clock.now() >= session.expiresAt) {
      throw new PaystarEmulatorError(
        'This session has expired. Please start again from the biller’s site.',
        410,
      )
    }
    if (kind !== 'any' && session.kind !== kind)
      throw new PaystarEmulatorError(`Session ${id} is not a ${kind} session.`, 409)
    if (session.status !== 'RequiresPaymentSource' && session.status !== 'Active') {
      throw new PaystarEmulatorError(`Session ${id} is ${session.status}.`, 409)
    }
    return session
  }

  async function webhook(action: string, values: TemplateValues): Promise<EmulatedDelivery> {
    if (options.webhook === undefined) throw new PaystarEmulatorError('No webhook is configured.', 409)
    return deliver(options.webhook, action, values, (delivery) => store.deliveries.push(delivery))
  }

  function sourceFor(session: EmulatedSession, sourceId: string | undefined): EmulatedPaymentSource {
    if (sourceId === undefined || sourceId === TEST_CARD.id) return TEST_CARD
    const source = walletOf(store, session.userEmail).find((saved) => saved.id === sourceId)
    if (source === undefined)
      throw new PaystarEmulatorError(`No payment source ${sourceId} in this wallet.`, 400)
    return source
  }

  async function pay(
    sessionId: string,
    input: { readonly sourceId?: string } = {},
  ): Promise<EmulatedPayment> {
    const session = openSession(sessionId, 'payment')
    const source = sourceFor(session, input.sourceId)
    session.status = 'Succeeded'
    const payment: EmulatedPayment = {
      referenceNumber: referenceNumber(),
      sessionId,
      amountCents: session.totalCents,
      serviceFeeCents: options.serviceFeeCents ?? 0,
      clientReference: session.clientReference,
      paidAt: clock.now(),
      source,
    }
    store.payments.push(payment)
    if (options.webhook !== undefined) {
      await webhook('Payment.Succeeded', {
        sessionIdentifier: sessionId,
        status: 'Succeeded',
        referenceNumber: payment.referenceNumber,
        amount: centsToDollars(payment.amountCents),
        amountFormatted: `$${groupThousands(centsToDollars(payment.amountCents))}`,
        serviceFee: String(payment.serviceFeeCents),
        clientReference: payment.clientReference ?? '',
        accountNumber: session.accountNumber ?? '',
      })
    }
    return payment
  }

  function decline(sessionId: string, input: { readonly sourceId?: string } = {}): EmulatedDecline {
    const session = openSession(sessionId, 'payment')
    const declined: EmulatedDecline = {
      sessionId,
      at: clock.now(),
      source: sourceFor(session, input.sourceId),
    }
    store.declines.push(declined)
    return declined
  }

  function walletSession(sessionId: string): EmulatedSession & { readonly userEmail: string } {
    const session = openSession(sessionId, 'wallet')
    const email = session.userEmail
    if (email === undefined) throw new PaystarEmulatorError(`Session ${sessionId} has no ClientUser.`, 409)
    return { ...session, userEmail: email }
  }

  function addPaymentSource(sessionId: string, input: PaymentSourceInput): EmulatedPaymentSource {
    const key = walletSession(sessionId).userEmail.toLowerCase()
    if (input.type !== 'CreditCard' && input.type !== 'ACH')
      throw new PaystarEmulatorError("type must be 'CreditCard' or 'ACH'.", 400)
    if (!/^\d{4}$/.test(input.last4)) throw new PaystarEmulatorError('last4 must be four digits.', 400)
    if (input.nickname !== undefined && input.nickname.length > 40)
      throw new PaystarEmulatorError('nickname may have at most 40 characters.', 400)
    sourceCount++
    const source: EmulatedPaymentSource = {
      id: `ps_src_${sourceCount}`,
      type: input.type,
      last4: input.last4,
      nickname: input.nickname,
    }
    store.paymentSources.set(key, [...(store.paymentSources.get(key) ?? []), source])
    return source
  }

  function removePaymentSource(sessionId: string, sourceId: string): void {
    const key = walletSession(sessionId).userEmail.toLowerCase()
    const wallet = store.paymentSources.get(key) ?? []
    if (!wallet.some((source) => source.id === sourceId))
      throw new PaystarEmulatorError(`No payment source ${sourceId} in this wallet.`, 404)
    store.paymentSources.set(
      key,
      wallet.filter((source) => source.id !== sourceId),
    )
  }

  async function complete(sessionId: string, input: CompleteInput = {}): Promise<void> {
    const session = openSession(sessionId, 'any')
    if (session.kind === 'payment')
      throw new PaystarEmulatorError('Payment sessions are paid, not completed.', 409)
    session.status = 'Completed'
    const account =
      session.accountNumber === undefined
        ? undefined
        : store.accounts.get(accountKey(session.businessUnitSlug, session.accountNumber))
    if (account !== undefined && session.kind === 'paperless') account.paperless = input.paperless ?? true
    const user =
      session.userEmail === undefined ? undefined : store.users.get(session.userEmail.toLowerCase())
    if (user !== undefined && session.kind === 'notifications')
      user.notifications = input.notifications ?? { email: true, sms: false }
    if (account !== undefined && session.kind === 'autopay') {
      account.autoPay = true
      if (options.webhook !== undefined) {
        await webhook('AutoPay.Enrolled', {
          sessionIdentifier: sessionId,
          status: 'Enrolled',
          accountNumber: account.AccountNumber,
        })
      }
    }
  }

  async function unenrollAutoPay(accountNumber: string, businessUnitSlug?: string): Promise<void> {
    const slug = businessUnitSlug ?? [...businessUnits][0] ?? ''
    const account = store.accounts.get(accountKey(slug, accountNumber))
    if (account === undefined || !account.autoPay) {
      throw new PaystarEmulatorError(`Account ${accountNumber} is not enrolled in AutoPay.`, 409)
    }
    account.autoPay = false
    if (options.webhook !== undefined) {
      await webhook('AutoPay.Unenrolled', { status: 'Unenrolled', accountNumber })
    }
  }

  function initiate(kind: InitiateKind, request: Request, body: unknown): Response {
    if (request.method !== 'POST') return envelope(405, [`${request.method} is not allowed here; use POST.`])
    const key = request.headers.get('x-paystar-api-key')
    if (key === null || !apiKeys.has(key)) return envelope(401, ['The API key is missing or not valid.'])
    if (body === NOT_JSON) return envelope(400, ['The request body must be JSON.'])
    if (!isObject(body)) return envelope(400, ['The request body must be a JSON object.'])
    const errors = initiateErrors(kind, body)
    const slug = String(body.BusinessUnitSlug ?? '')
    if (errors.length === 0 && !businessUnits.has(slug)) errors.push(`Business unit '${slug}' was not found.`)
    if (errors.length === 0) errors.push(...stateErrors(kind, slug, body))
    if (errors.length > 0) return envelope(validationStatus, errors)
    const session = createSession(
      kind,
      slug,
      body,
      options.linkOrigin ?? sdkOrigin(new URL(request.url).origin),
    )
    const data =
      kind === 'payment'
        ? { PaymentSessionIdentifier: session.id, PaymentLogInLink: session.link, Status: session.status }
        : // The management answer's shape is from third-party code (the supplement marks it unconfirmed).
          {
            SessionLink: session.link,
            SessionStatus: session.status,
            ValidUntil: new Date(session.expiresAt).toISOString(),
          }
    return envelope(200, [], data)
  }

  function stateErrors(kind: InitiateKind, slug: string, body: JsonObject): string[] {
    if (kind === 'payment' && typeof body.ClientReference === 'string') {
      const reference = body.ClientReference
      const used = [...store.sessions.values()].some(
        (session) => session.businessUnitSlug === slug && session.clientReference === reference,
      )
      if (used) return [`ClientReference '${reference}' has already been used.`]
    }
    if ((kind === 'autopay' || kind === 'paperless') && isObject(body.ClientAccount)) {
      const accountNumber = String(body.ClientAccount.AccountNumber)
      if (body.SyncAccount !== true && !store.accounts.has(accountKey(slug, accountNumber))) {
        return [`Account '${accountNumber}' is not known to Paystar; send SyncAccount: true to introduce it.`]
      }
    }
    return []
  }

  function createSession(
    kind: InitiateKind,
    slug: string,
    body: JsonObject,
    origin: string,
  ): EmulatedSession {
    if (isObject(body.ClientUser)) syncUser(store, body.ClientUser)
    const charges = Array.isArray(body.Charges) ? body.Charges.filter(isObject) : []
    for (const charge of charges)
      if (isObject(charge.ClientAccount)) syncAccount(store, slug, charge.ClientAccount)
    if (body.SyncAccount === true && isObject(body.ClientAccount))
      syncAccount(store, slug, body.ClientAccount)
    const account = isObject(body.ClientAccount)
      ? body.ClientAccount
      : charges.map((charge) => charge.ClientAccount).find(isObject)
    const id = randomUUID()
    const now = clock.now()
    const session: EmulatedSession = {
      id,
      kind,
      businessUnitSlug: slug,
      status: kind === 'payment' ? 'RequiresPaymentSource' : 'Active',
      createdAt: now,
      expiresAt: now + SESSION_LIFETIME_MS[kind],
      link: `${origin}${sessionPagePath(slug, id)}`,
      request: body,
      totalCents: charges.reduce((sum, charge) => sum + Number(charge.Amount), 0),
      charges: charges.map((charge) => ({
        description: typeof charge.Description === 'string' ? charge.Description : 'Charge',
        amountCents: Number(charge.Amount),
      })),
      userEmail:
        isObject(body.ClientUser) && typeof body.ClientUser.EmailAddress === 'string'
          ? body.ClientUser.EmailAddress
          : undefined,
      clientReference: typeof body.ClientReference === 'string' ? body.ClientReference : undefined,
      accountNumber: account === undefined ? undefined : String(account.AccountNumber),
    }
    store.sessions.set(id, session)
    return session
  }

  const dismiss = (sessionId: string) => {
    const session = openSession(sessionId, 'any')
    if (embedded.dismissEndsSession) session.status = 'Dismissed'
  }
  const cancel = (sessionId: string) => {
    openSession(sessionId, 'any').status = 'Dismissed'
  }
  const sessionPage = createSessionRoutes({
    store,
    embedded,
    openSession,
    pay,
    decline,
    complete,
    dismiss,
    cancel,
    addPaymentSource,
    removePaymentSource,
  })
  const loader = renderLoader(embedded)

  const inner: FetchHandler = async (request) => {
    const path = new URL(request.url).pathname
    const kind = INITIATE_PATHS[path]
    if (kind !== undefined) {
      const body = parseJson(await request.text())
      const response = initiate(kind, request, body)
      store.requests.push({
        method: request.method,
        path,
        hadApiKey: request.headers.has('x-paystar-api-key'),
        body: body === NOT_JSON ? undefined : body,
        status: response.status,
      })
      return response
    }
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

  const handler: FetchHandler = (request) => {
    received++
    return wrapped(request)
  }
  return {
    handler,
    fetch: asFetch(handler),
    requestCount: () => received,
    clock,
    faults,
    apiKey: [...apiKeys][0] ?? PAYSTAR_EMULATOR_API_KEY,
    businessUnitSlug: [...businessUnits][0] ?? PAYSTAR_EMULATOR_BUSINESS_UNIT,
    get stats() {
      return {
        requests: received,
        sessionsCreated: store.sessions.size,
        payments: store.payments.length,
        deliveries: store.deliveries.length,
      }
    },
    store,
    session: (id) => store.sessions.get(id),
    embedded,
    pay,
    decline,
    dismiss,
    cancel,
    complete,
    addPaymentSource,
    removePaymentSource,
    unenrollAutoPay,
    sendWebhook: webhook,
  }
}

// The API reference's table: the development API and SDK hosts differ, production shares one.
const SDK_ORIGINS: Readonly<Record<string, string>> = {
  'https://dev-gateway.paystar.io': 'https://dev.paystar.io',
}

/** The origin session links live on for requests sent to `apiOrigin`: Paystar's SDK host, or the origin itself. */
export function sdkOrigin(apiOrigin: string): string {
  return SDK_ORIGINS[apiOrigin] ?? apiOrigin
}

const NOT_JSON = Symbol('not JSON')

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return NOT_JSON
  }
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'

// In the shape of the supplement's example, "NYDVNT-WSQPG".
function referenceNumber(): string {
  const pick = (count: number) =>
    Array.from({ length: count }, () => LETTERS[randomInt(LETTERS.length)]).join('')
  return `${pick(6)}-${pick(5)}`
}

function groupThousands(dollars: string): string {
  const [whole = '0', cents = '00'] = dollars.split('.')
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`
}
