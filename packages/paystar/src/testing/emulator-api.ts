import { randomUUID } from 'node:crypto'
import type { EmulatorClock } from '@paymux/core/emulator'
import { sessionPagePath } from './emulator-page.js'
import { type InitiateKind, initiateErrors, isObject, type JsonObject } from './emulator-rules.js'
import {
  accountKey,
  type EmulatedSession,
  type EmulatorStore,
  SESSION_LIFETIME_MS,
  syncAccount,
  syncUser,
} from './emulator-store.js'

/** What the API side needs from the emulator. */
export interface ApiContext {
  readonly store: EmulatorStore
  readonly clock: EmulatorClock
  readonly apiKeys: ReadonlySet<string>
  readonly businessUnits: ReadonlySet<string>
  readonly validationStatus: number
  readonly linkOrigin: string | undefined
}

/** The initiate endpoints, and the session-making they share with `trigger`. */
export interface PaystarApi {
  /** Answers one request to an initiate path, and records it in `store.requests`. */
  initiate(kind: InitiateKind, request: Request): Promise<Response>
  /** Syncs the body's user and accounts and stores a new session (the body is already valid). */
  createSession(kind: InitiateKind, slug: string, body: JsonObject, origin: string): EmulatedSession
}

/** The `hasErrors` envelope every API answer is. */
export function envelope(status: number, errors: string[], data: unknown = null): Response {
  return Response.json({ hasErrors: errors.length > 0, errors, data }, { status })
}

// The API reference's table: the development API and SDK hosts differ, production shares one.
const SDK_ORIGINS: Readonly<Record<string, string>> = {
  'https://dev-gateway.paystar.io': 'https://dev.paystar.io',
}

/** The origin session links live on for requests sent to `apiOrigin`: Paystar's SDK host, or the origin itself. */
export function sdkOrigin(apiOrigin: string): string {
  return SDK_ORIGINS[apiOrigin] ?? apiOrigin
}

/** Builds the API side over the emulator's store. */
export function createApi(ctx: ApiContext): PaystarApi {
  const { store, clock } = ctx

  function answer(kind: InitiateKind, request: Request, body: unknown): Response {
    if (request.method !== 'POST') return envelope(405, [`${request.method} is not allowed here; use POST.`])
    const key = request.headers.get('x-paystar-api-key')
    if (key === null || !ctx.apiKeys.has(key)) return envelope(401, ['The API key is missing or not valid.'])
    if (body === NOT_JSON) return envelope(400, ['The request body must be JSON.'])
    if (!isObject(body)) return envelope(400, ['The request body must be a JSON object.'])
    const errors = initiateErrors(kind, body)
    const slug = String(body.BusinessUnitSlug ?? '')
    if (errors.length === 0 && !ctx.businessUnits.has(slug))
      errors.push(`Business unit '${slug}' was not found.`)
    if (errors.length === 0) errors.push(...stateErrors(kind, slug, body))
    if (errors.length > 0) return envelope(ctx.validationStatus, errors)
    const session = createSession(kind, slug, body, ctx.linkOrigin ?? sdkOrigin(new URL(request.url).origin))
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

  return {
    async initiate(kind, request) {
      const body = parseJson(await request.text())
      const response = answer(kind, request, body)
      store.requests.push({
        method: request.method,
        path: new URL(request.url).pathname,
        hadApiKey: request.headers.has('x-paystar-api-key'),
        body: body === NOT_JSON ? undefined : body,
        status: response.status,
      })
      return response
    },
    createSession,
  }
}

const NOT_JSON = Symbol('not JSON')

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return NOT_JSON
  }
}
