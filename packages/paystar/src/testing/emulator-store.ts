import type { InitiateKind, JsonObject } from './emulator-rules.js'

/** How long sessions live, per the API reference's expiration table. */
export const SESSION_LIFETIME_MS: Readonly<Record<InitiateKind, number>> = {
  payment: 30 * 60 * 1000,
  autopay: 60 * 60 * 1000,
  wallet: 60 * 60 * 1000,
  paperless: 60 * 60 * 1000,
  notifications: 60 * 60 * 1000,
}

/**
 * Where an emulated session stands. `RequiresPaymentSource` is the documented
 * first status; the others are the emulator's guesses (Paystar does not
 * publish its list).
 */
export type EmulatedSessionStatus =
  | 'RequiresPaymentSource'
  | 'Active'
  | 'Succeeded'
  | 'Completed'
  | 'Dismissed'

/** A session the emulator created. */
export interface EmulatedSession {
  readonly id: string
  readonly kind: InitiateKind
  readonly businessUnitSlug: string
  status: EmulatedSessionStatus
  readonly createdAt: number
  readonly expiresAt: number
  readonly link: string
  /** The request body, as received. */
  readonly request: JsonObject
  /** Sum of the charges' Amount, in cents (payment sessions). */
  readonly totalCents: number
  /** The charges as the buyer sees them (payment sessions). */
  readonly charges: readonly { readonly description: string; readonly amountCents: number }[]
  /** The ClientUser's email, when the request named one (the wallet is theirs). */
  readonly userEmail: string | undefined
  readonly clientReference: string | undefined
  readonly accountNumber: string | undefined
}

/** A payment made on an emulated session page. */
export interface EmulatedPayment {
  readonly referenceNumber: string
  readonly sessionId: string
  readonly amountCents: number
  readonly serviceFeeCents: number
  readonly clientReference: string | undefined
  readonly paidAt: number
  /** What the buyer paid with. */
  readonly source: EmulatedPaymentSource
}

/**
 * A stored payment method in a user's wallet. Paystar documents only that a
 * wallet can add, view and delete them; these fields are the emulator's own.
 */
export interface EmulatedPaymentSource {
  /** `ps_src_<n>`; the emulator's test card, used when the buyer picks none, is `ps_src_test`. */
  readonly id: string
  readonly type: 'CreditCard' | 'ACH'
  /** The last four digits of the card or bank account. */
  readonly last4: string
  readonly nickname: string | undefined
}

/** A payment attempt the buyer made with the emulator's declining option: the session stays payable. */
export interface EmulatedDecline {
  readonly sessionId: string
  readonly at: number
  readonly source: EmulatedPaymentSource
}

/** A user's notification preferences (the emulator's own shape). */
export interface EmulatedNotificationPreferences {
  readonly email: boolean
  readonly sms: boolean
}

/** A synced Paystar user. FirstName and LastName keep their first values. */
export interface EmulatedUser {
  readonly EmailAddress: string
  readonly FirstName: string | undefined
  readonly LastName: string | undefined
  /** Set by a notifications session; absent until then. */
  notifications?: EmulatedNotificationPreferences
}

/** A synced utility account. */
export interface EmulatedAccount {
  readonly businessUnitSlug: string
  readonly AccountNumber: string
  Name: string | undefined
  Balance: number | undefined
  /** Set when the account is first synced; later requests do not change it. */
  readonly Note: string | undefined
  autoPay: boolean
  paperless: boolean
}

/** One API request the emulator received. */
export interface RecordedRequest {
  readonly method: string
  readonly path: string
  /** Whether an `X-Paystar-Api-Key` header came with it (its value is not kept). */
  readonly hadApiKey: boolean
  readonly body: unknown
  status: number
}

/** Everything the emulator holds in memory. */
export interface EmulatorStore {
  readonly sessions: Map<string, EmulatedSession>
  readonly payments: EmulatedPayment[]
  readonly users: Map<string, EmulatedUser>
  readonly accounts: Map<string, EmulatedAccount>
  readonly requests: RecordedRequest[]
  /** Each user's wallet, keyed by lower-cased email. */
  readonly paymentSources: Map<string, EmulatedPaymentSource[]>
  readonly declines: EmulatedDecline[]
}

/** A fresh, empty store. */
export function createStore(): EmulatorStore {
  return {
    sessions: new Map(),
    payments: [],
    users: new Map(),
    accounts: new Map(),
    requests: [],
    paymentSources: new Map(),
    declines: [],
  }
}

/** Syncs a ClientUser: created on first sight; FirstName and LastName never change afterwards. */
export function syncUser(store: EmulatorStore, user: JsonObject): void {
  const email = String(user.EmailAddress)
  const key = email.toLowerCase()
  if (store.users.has(key)) return
  store.users.set(key, {
    EmailAddress: email,
    FirstName: typeof user.FirstName === 'string' ? user.FirstName : undefined,
    LastName: typeof user.LastName === 'string' ? user.LastName : undefined,
  })
}

/** The key of an account: account numbers are per business unit. */
export function accountKey(businessUnitSlug: string, accountNumber: string): string {
  return `${businessUnitSlug}\u0000${accountNumber}`
}

/** Syncs a ClientAccount: later requests update it, except Note (and custom fields). */
export function syncAccount(store: EmulatorStore, businessUnitSlug: string, account: JsonObject): void {
  const accountNumber = String(account.AccountNumber)
  const key = accountKey(businessUnitSlug, accountNumber)
  const name = typeof account.Name === 'string' ? account.Name : undefined
  const balance = typeof account.Balance === 'number' ? account.Balance : undefined
  const existing = store.accounts.get(key)
  if (existing !== undefined) {
    if (name !== undefined) existing.Name = name
    if (balance !== undefined) existing.Balance = balance
    return
  }
  store.accounts.set(key, {
    businessUnitSlug,
    AccountNumber: accountNumber,
    Name: name,
    Balance: balance,
    Note: typeof account.Note === 'string' ? account.Note : undefined,
    autoPay: false,
    paperless: false,
  })
}
