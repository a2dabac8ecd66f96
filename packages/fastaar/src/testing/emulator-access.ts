import type { EmulatorClock } from '@paymux/core/emulator'
import { errorBody } from './emulator-wire.js'

/** What a Fastaar API key may do (the official SDK's README names these five). */
export type FastaarAbility =
  | 'payments:read'
  | 'payments:write'
  | 'payments:refund'
  | 'customers:read'
  | 'customers:write'

/** Every ability: what a key without an `abilities` list has. */
export const FASTAAR_ABILITIES: readonly FastaarAbility[] = [
  'payments:read',
  'payments:write',
  'payments:refund',
  'customers:read',
  'customers:write',
]

/** An API key the emulator accepts, with an optional expiry and scope. */
export interface FastaarEmulatorKey {
  /** `fk_test_…` or `fk_live_…`. */
  readonly key: string
  /** After this moment (emulator clock) the key gets `401 authentication_error`. @default never */
  readonly expiresAt?: Date | number
  /** What the key may do; a call outside it gets `403 ability_denied`. @default all five */
  readonly abilities?: readonly FastaarAbility[]
}

/**
 * The merchant account behind every key: the documented 402 and 403 answers.
 * What Fastaar checks, and in which order, is not documented: see the docs page.
 */
export interface FastaarMerchantState {
  /** `'inactive'`: every call gets `402 subscription_required`. @default 'active' */
  readonly subscription?: 'active' | 'inactive'
  /** Every call gets `403 merchant_suspended`. @default false */
  readonly suspended?: boolean
  /** Creating a payment gets `402 transaction_limit_reached` (what the limit counts is undocumented, so it is a switch). @default false */
  readonly transactionLimitReached?: boolean
  /** Hosts a create may name; others get `403 domain_not_allowed`. A host matches itself and its subdomains. @default any */
  readonly allowedDomains?: readonly string[]
  /** What `allowedDomains` is checked against: the hosts of `success_url`/`cancel_url`, or the request's `Origin`. @default 'return_urls' */
  readonly domainCheck?: 'return_urls' | 'origin'
}

const KEY_FORM = /^fk_(test|live)_\S+$/

/** The key a request was made with, once it passed the checks that come before routing. */
export interface AdmittedKey {
  readonly key: string
  readonly livemode: boolean
}

/** Keys, abilities and the merchant's account state: the answers that come before the API proper. */
export class AccessControl {
  private readonly keys: ReadonlyMap<string, FastaarEmulatorKey> | undefined
  merchant: FastaarMerchantState

  constructor(
    private readonly clock: EmulatorClock,
    apiKeys: readonly (string | FastaarEmulatorKey)[] | undefined,
    merchant: FastaarMerchantState | undefined,
  ) {
    this.keys = apiKeys === undefined ? undefined : new Map(apiKeys.map(toEntry))
    this.merchant = { ...merchant }
  }

  /**
   * Checks, in this order (a guess; the documents give none): 401 for a
   * missing, malformed, unknown or expired key; 403 `merchant_suspended`;
   * 402 `subscription_required`; 403 `ability_denied`. Returns the answer, or
   * the key when the request may go on.
   */
  admit(request: Request, url: URL): Response | AdmittedKey {
    const match = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')
    const key = match?.[1]
    const entry = key === undefined || !KEY_FORM.test(key) ? undefined : this.entryOf(key)
    if (key === undefined || entry === undefined) {
      return errorBody(401, 'authentication_error', 'Unauthenticated: send Authorization: Bearer <API key>.')
    }
    if (entry.expiresAt !== undefined && this.clock.now() >= Number(entry.expiresAt)) {
      return errorBody(401, 'authentication_error', 'This API key has expired.')
    }
    if (this.merchant.suspended === true) {
      return errorBody(403, 'merchant_suspended', 'This merchant account is suspended.')
    }
    if (this.merchant.subscription === 'inactive') {
      return errorBody(402, 'subscription_required', 'An active subscription is required.')
    }
    const needed = abilityFor(request.method, url.pathname)
    if (needed !== undefined && !(entry.abilities ?? FASTAAR_ABILITIES).includes(needed)) {
      return errorBody(403, 'ability_denied', `This API key lacks the ${needed} ability.`)
    }
    return { key, livemode: key.startsWith('fk_live_') }
  }

  /** For `POST /payments`: 402 `transaction_limit_reached`, then 403 `domain_not_allowed`. */
  refuseCreate(request: Request, returnUrls: readonly string[]): Response | undefined {
    if (this.merchant.transactionLimitReached === true) {
      return errorBody(402, 'transaction_limit_reached', 'The transaction limit of your plan is reached.')
    }
    const allowed = this.merchant.allowedDomains
    if (allowed === undefined) return undefined
    const origin = request.headers.get('origin')
    const hosts =
      this.merchant.domainCheck === 'origin'
        ? origin === null || !URL.canParse(origin)
          ? []
          : [new URL(origin).hostname]
        : returnUrls.map((target) => new URL(target).hostname)
    const stranger = hosts.find(
      (host) => !allowed.some((domain) => host === domain || host.endsWith(`.${domain}`)),
    )
    return stranger === undefined
      ? undefined
      : errorBody(403, 'domain_not_allowed', `The domain ${stranger} is not allowed for this merchant.`)
  }

  private entryOf(key: string): FastaarEmulatorKey | undefined {
    return this.keys === undefined ? { key } : this.keys.get(key)
  }
}

function toEntry(entry: string | FastaarEmulatorKey, index: number): [string, FastaarEmulatorKey] {
  const key = typeof entry === 'string' ? entry : entry.key
  // The message never echoes the key.
  if (typeof key !== 'string' || !KEY_FORM.test(key)) {
    throw new TypeError(`apiKeys[${index}] must be a key of the form fk_test_… or fk_live_…`)
  }
  if (typeof entry === 'string') return [key, { key }]
  const unknown = entry.abilities?.find((ability) => !FASTAAR_ABILITIES.includes(ability))
  if (unknown !== undefined) {
    throw new TypeError(
      `apiKeys[${index}].abilities: ${JSON.stringify(unknown)} is not one of ${FASTAAR_ABILITIES.join(', ')}`,
    )
  }
  if (entry.expiresAt !== undefined && !Number.isFinite(Number(entry.expiresAt))) {
    throw new TypeError(`apiKeys[${index}].expiresAt must be a Date or epoch milliseconds`)
  }
  return [key, entry]
}

/** The ability a route needs; `undefined` for a path that is no route (it answers 404). */
export function abilityFor(method: string, pathname: string): FastaarAbility | undefined {
  const [collection, id, action] = pathname
    .replace(/^\/api\/v1\/?/, '')
    .split('/')
    .filter((part) => part !== '')
  if (collection === 'customers') return method === 'GET' ? 'customers:read' : 'customers:write'
  if (collection !== 'payments') return undefined
  if (id === undefined) return method === 'POST' ? 'payments:write' : 'payments:read'
  // The ability for the refunds list is a guess: reading it is a read.
  if (action === 'refund') return 'payments:refund'
  return 'payments:read'
}
