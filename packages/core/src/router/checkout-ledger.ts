import {
  InvalidRequestError,
  NotFoundError,
  PaymentError,
  ProviderUnavailableError,
} from '../errors/index.js'
import type { PaymentSession } from '../model/payment-session.js'
import type { ProviderId } from '../model/ref.js'
import { holdLease } from '../state/hold-lease.js'
import type { StateStore } from '../state/state-store.js'

/** The router's `checkout` option: the ledger that keeps one session per order. */
export interface CheckoutLedgerOptions {
  /**
   * How long an order's session is remembered, in ms (1 to 10 years): a
   * create for the same `reference` within it gets that session back while
   * it is open or complete. Longer than any order may be retried.
   * @default 2_592_000_000 (30 days)
   */
  readonly ttlMs?: number
  /**
   * How long a create waits, in ms (0 to 300_000), while another create of
   * the same `reference` (from any instance) is under way, before failing
   * with `ProviderUnavailableError` (`checkout_in_progress`, not sent).
   * @default 30_000
   */
  readonly waitMs?: number
}

/** What a create of a session needs from the router. */
export interface LedgerCalls {
  /**
   * Creates the session as routed; `pinned` sends it only there (a create
   * whose outcome is unknown must be retried where it may have happened);
   * `beforeAttempt` runs before each gateway is tried.
   */
  create(
    pinned: ProviderId | undefined,
    beforeAttempt: (gateway: ProviderId) => Promise<void>,
  ): Promise<PaymentSession>
  /** Reads a session by its ref, at its own gateway; `undefined` when that gateway cannot (Paystar). */
  retrieve(ref: string): Promise<PaymentSession> | undefined
}

/** One order's entry: the gateway a create went to, and the session once it exists. */
interface Entry {
  readonly state: 'creating' | 'open'
  readonly gateway: ProviderId
  readonly session?: string
  /** The session as created, for gateways that cannot retrieve one (dates as ISO strings). */
  readonly snapshot?: PaymentSession
  /** What was ordered: a repeat for the same reference with other amounts is a mistake, not a retry. */
  readonly fingerprint: string
}

/** The ledger's lease lasts this long unrenewed; it is renewed while the create runs. */
const LEASE_TTL_MS = 60_000
export const DEFAULT_LEDGER_TTL_MS = 30 * 24 * 60 * 60 * 1000
export const DEFAULT_LEDGER_WAIT_MS = 30_000

/**
 * The checkout ledger: `sessions.create` with a `reference`, run under a
 * lease per reference in the shared store, records reference → gateway and
 * session. A repeat create (a retry after a crash, a timeout, or the same
 * order from another instance) returns the recorded session while it is
 * open or complete, and opens a new one only once it expired or was
 * canceled. While a create's outcome is unknown, repeats go to that same
 * gateway only, where an idempotent reference (Fastaar's `invoice_id`) finds it.
 */
export function createCheckoutLedger(options: {
  readonly store: StateStore
  readonly ttlMs: number
  readonly waitMs: number
}) {
  const { store } = options
  return async function createOnce(
    reference: string,
    input: unknown,
    calls: LedgerCalls,
  ): Promise<PaymentSession> {
    const key = `checkout:${reference}`
    const lease = await holdLease(store, `checkout:lease:${reference}`, {
      ttlMs: LEASE_TTL_MS,
      waitMs: options.waitMs,
    })
    if (lease === undefined) throw inProgress(reference, options.waitMs)
    try {
      const fingerprint = fingerprintOf(input)
      const stored = await store.get(key)
      const entry = parseEntry(stored?.value)
      if (entry !== undefined && entry.fingerprint !== fingerprint) throw reused(reference)
      if (entry?.state === 'open' && entry.session !== undefined) {
        const session = await recorded(calls, entry)
        if (session?.status === 'open' || session?.status === 'complete') return session
      }
      // Under the lease nobody else writes: each write expects the version the last one left.
      let version = stored?.version ?? 0
      const write = async (next: Entry) => {
        version = await put(store, key, version, JSON.stringify(next), options.ttlMs)
      }
      const pinned = entry?.state === 'creating' ? entry.gateway : undefined
      let session: PaymentSession
      try {
        session = await calls.create(pinned, (gateway) => write({ state: 'creating', gateway, fingerprint }))
      } catch (error) {
        // Nothing was created anywhere: the next try may go wherever the route says. A pinned
        // order keeps its pin: the earlier create whose outcome is unknown still may have happened.
        if (!mayHaveHappened(error) && pinned === undefined) await store.release(key)
        throw error
      }
      await write({
        state: 'open',
        gateway: session.provider,
        session: session.ref,
        snapshot: session,
        fingerprint,
      })
      return session
    } finally {
      // Awaited, though the caller has its session: a release still queued when the app closes
      // its client (a serverless function returning) would hold the order for the lease's ttl.
      await lease.release()
    }
  }
}

/**
 * The recorded session as it stands now, or `undefined` if a new one may be
 * opened: its gateway no longer knows it, or, at a gateway that cannot
 * retrieve sessions, the snapshot taken at creation says it has expired.
 * Without a retrieve and without an expiry, the snapshot is returned: never
 * a second session while the first may be open.
 */
async function recorded(calls: LedgerCalls, entry: Entry): Promise<PaymentSession | undefined> {
  try {
    const retrieved = calls.retrieve(entry.session as string)
    if (retrieved !== undefined) return await retrieved
  } catch (error) {
    if (NotFoundError.isInstance(error)) return undefined
    throw error
  }
  if (entry.snapshot === undefined) return undefined
  const expiresAt = entry.snapshot.expiresAt === undefined ? undefined : new Date(entry.snapshot.expiresAt)
  if (expiresAt !== undefined && !(expiresAt.getTime() > Date.now())) return undefined
  const createdAt = (entry.snapshot as { createdAt?: unknown }).createdAt
  return {
    ...entry.snapshot,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(typeof createdAt === 'string' ? { createdAt: new Date(createdAt) } : {}),
  }
}

/**
 * Writes `value` under `key` over `version` and resolves the new version.
 * The caller holds the key's lease, so a conflict means the lease lapsed (a
 * store too slow to renew it): the write then goes over what is there, read
 * again, a few times before giving up.
 */
async function put(
  store: StateStore,
  key: string,
  version: number,
  value: string,
  ttlMs: number,
): Promise<number> {
  let expected = version
  for (let tries = 0; tries < 3; tries++) {
    const written = await store.compareAndSet(key, expected, value, ttlMs)
    if (written !== undefined) return written
    expected = (await store.get(key))?.version ?? 0
  }
  throw new PaymentError({
    provider: 'paymux',
    code: 'checkout_ledger_conflict',
    message: `checkout ledger: the entry of this reference kept changing while this instance held its lease (is another app writing the same keys?).`,
    retryable: true,
  })
}

/** Whether a failed create may have opened a session: a timeout or a 5xx after sending. */
function mayHaveHappened(error: unknown): boolean {
  return ProviderUnavailableError.isInstance(error) && error.outcome === 'unknown'
}

function parseEntry(value: string | undefined): Entry | undefined {
  if (value === undefined) return undefined
  try {
    const entry = JSON.parse(value) as Partial<Entry>
    if ((entry.state === 'creating' || entry.state === 'open') && typeof entry.gateway === 'string')
      return entry as Entry
  } catch {
    // Fall through: an entry this code did not write counts as none.
  }
  return undefined
}

/**
 * What a session charges for, as a canonical JSON string: mode, amount and
 * line items with object keys sorted, so that the same order written in
 * another key order matches.
 */
function fingerprintOf(input: unknown): string {
  const { mode, amount, lineItems } = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >
  return canonical({ mode: mode ?? 'payment', amount, lineItems })
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonical(item)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

function inProgress(reference: string, waitMs: number): ProviderUnavailableError {
  return new ProviderUnavailableError({
    provider: 'paymux',
    code: 'checkout_in_progress',
    outcome: 'not_sent',
    message: `sessions.create was not sent: another create for reference ${JSON.stringify(reference)} has been under way for over ${waitMs} ms (checkout.waitMs). Try again shortly: you will get its session.`,
  })
}

function reused(reference: string): InvalidRequestError {
  const message = `reference ${JSON.stringify(reference)} already has a checkout for other amounts or items: use a new reference for a changed order.`
  return new InvalidRequestError({
    provider: 'paymux',
    code: 'reference_reused',
    message,
    issues: [{ path: 'reference', message: 'already used for a checkout of other amounts or items' }],
  })
}
