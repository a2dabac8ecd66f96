import { InvalidRequestError, PaymentError } from '../errors/index.js'
import type { Payment, PaymentStatus } from '../model/payment.js'
import type { PaymentSession, SessionStatus } from '../model/payment-session.js'
import { holdLease } from '../state/hold-lease.js'
import type { StateStore } from '../state/state-store.js'

/** What {@link FulfilmentGuard.apply} did with a status. */
export interface FulfilmentOutcome {
  /**
   * `'fulfilled'`: the payment reached `succeeded` and this call ran your
   * `fulfil`. `'applied'`: the status moved the order forward (say, to
   * `processing` or `failed`): update your order. `'stale'`: the order is
   * already at this status or past it (a late or repeated event, or the
   * other path got there first): do nothing.
   */
  readonly result: 'fulfilled' | 'applied' | 'stale'
  /** The order's status after this call: the furthest one applied so far. */
  readonly status: PaymentStatus
}

/** What `fulfil` is told besides the payment or session. */
export interface FulfilContext {
  /**
   * `true` when an earlier attempt started and its process died before the
   * outcome was recorded: it may have done some or all of its work. Check
   * your own records (was the order shipped?) before doing it again.
   * Almost always `false`.
   */
  readonly interrupted: boolean
}

/** Options of {@link FulfilmentGuard.apply}. */
export interface ApplyOptions<S> {
  /** Your fulfilment (ship, grant access, mark paid): run once per order, when its payment first reaches `succeeded`. */
  readonly fulfil: (subject: S, context: FulfilContext) => void | Promise<void>
  /** The order's key. @default the subject's `reference` (your order id); required when it has none */
  readonly key?: string
}

/**
 * The router's `fulfilment`: one fulfilment per order, whichever path sees
 * the payment first: the webhook (`payment.succeeded`, `session.completed`)
 * or your own confirmation page retrieving the session when the buyer
 * returns to `successUrl`. Statuses are applied in order (pending, then
 * requires_action, then processing, then failed / canceled / expired, then
 * succeeded), so a late `payment.pending` never undoes `succeeded`.
 */
export interface FulfilmentGuard {
  /**
   * Applies the status of a payment or session to its order, under a lease
   * per order shared by every instance. Runs `fulfil` when the status is
   * `succeeded` (a session: `complete`) and the order was not fulfilled yet;
   * if `fulfil` throws, nothing is recorded and the error is rethrown, so a
   * redelivery tries again. Rejects with `PaymentError`
   * (`fulfilment_in_progress`, retryable) if another path held the order
   * past `waitMs`, and `StoreUnavailableError` if the store is down.
   */
  apply<S extends Payment | PaymentSession>(subject: S, options: ApplyOptions<S>): Promise<FulfilmentOutcome>
}

/** Status order: a status applies only over a lower rank. Success comes last: a later session may still pay. */
const RANK: Readonly<Record<PaymentStatus, number>> = {
  pending: 0,
  requires_action: 1,
  processing: 2,
  failed: 3,
  canceled: 3,
  expired: 3,
  succeeded: 4,
}

/** A session's status as the status of its payment. */
const SESSION_STATUS: Readonly<Record<SessionStatus, PaymentStatus>> = {
  open: 'pending',
  complete: 'succeeded',
  expired: 'expired',
  canceled: 'canceled',
}

/** The router's `fulfilment` option. */
export interface FulfilmentOptions {
  /**
   * How long an order is held while one path applies it, in ms (1 to
   * 86_400_000), renewed every third of it while `fulfil` runs: an instance
   * that dies mid-fulfilment holds the order this long. @default 60_000
   */
  readonly leaseTtlMs?: number
  /** How long `apply` waits for another path to let go of the order, in ms (0 to 300_000). @default 10_000 */
  readonly waitMs?: number
}

/** An order's record is kept this long: a buyer may come back to the success page years later. */
const RECORD_TTL_MS = 10 * 365 * 24 * 60 * 60 * 1000
export const DEFAULT_FULFILMENT_LEASE_TTL_MS = 60_000
export const DEFAULT_FULFILMENT_WAIT_MS = 10_000

/** Builds the router's {@link FulfilmentGuard} on its state store; settings checked by `createRouter`. */
export function createFulfilmentGuard(
  store: StateStore,
  settings: { readonly leaseTtlMs: number; readonly waitMs: number },
): FulfilmentGuard {
  return {
    async apply(subject, options) {
      if (typeof options?.fulfil !== 'function')
        throw invalid('fulfil', 'must be your fulfilment function: fulfilment.apply(subject, { fulfil })')
      const status = statusOf(subject)
      const key = options.key ?? subject.reference
      if (typeof key !== 'string' || key === '')
        throw invalid(
          'key',
          `the ${subject.object} ${subject.ref} has no reference: pass your order id as { key } so both paths name the same order`,
        )
      const lease = await holdLease(store, `fulfilment:lease:${key}`, {
        ttlMs: settings.leaseTtlMs,
        waitMs: settings.waitMs,
      })
      if (lease === undefined) throw inProgress(key, settings.waitMs)
      try {
        const record = `fulfilment:${key}`
        const recorded = await store.get(record)
        const previous = recorded?.value
        if (
          previous !== undefined &&
          rankOf(previous) !== undefined &&
          RANK[status] <= (rankOf(previous) as number)
        )
          return {
            result: 'stale',
            status: previous === FULFILLING ? 'succeeded' : (previous as PaymentStatus),
          }
        // Under the lease nobody else writes: a conflict means the lease lapsed mid-fulfilment.
        const write = async (version: number, value: string) =>
          (await store.compareAndSet(record, version, value, RECORD_TTL_MS)) ?? throwError(lapsed(key))
        let version = recorded?.version ?? 0
        if (status === 'succeeded')
          version = await fulfilOnce(subject, options.fulfil, previous, version, write, store, record)
        await write(version, status)
        return { result: status === 'succeeded' ? 'fulfilled' : 'applied', status }
      } finally {
        await lease.release()
      }
    },
  }
}

/**
 * The record's value while `fulfil` runs. Found by a later `apply`, it means
 * an attempt started and its process died before recording the outcome: the
 * next `fulfil` is told (`interrupted`), to check what the first one did.
 */
const FULFILLING = 'fulfilling'
/** Above every status but succeeded: the payment is known to have succeeded. */
const FULFILLING_RANK = 3.5

function rankOf(value: string): number | undefined {
  return value === FULFILLING ? FULFILLING_RANK : RANK[value as PaymentStatus]
}

/**
 * Marks the order as being fulfilled, runs `fulfil`, and resolves the
 * version to write `succeeded` over. If `fulfil` throws, the order goes back
 * to what it was, unless an interrupted attempt came before (then the mark
 * stays, and the next attempt is told again).
 */
async function fulfilOnce<S>(
  subject: S,
  fulfil: ApplyOptions<S>['fulfil'],
  previous: string | undefined,
  version: number,
  write: (version: number, value: string) => Promise<number>,
  store: StateStore,
  record: string,
): Promise<number> {
  const interrupted = previous === FULFILLING
  const marked = interrupted ? version : await write(version, FULFILLING)
  try {
    await fulfil(subject, { interrupted })
  } catch (error) {
    if (!interrupted) {
      if (previous === undefined) await store.release(record)
      else await write(marked, previous)
    }
    throw error
  }
  return marked
}

function throwError(error: unknown): never {
  throw error
}

function statusOf(subject: Payment | PaymentSession): PaymentStatus {
  const object: unknown = (subject as { object?: unknown } | null)?.object
  const status = object === 'session' ? SESSION_STATUS[(subject as PaymentSession).status] : undefined
  const resolved = object === 'payment' ? (subject as Payment).status : status
  if (resolved !== undefined && RANK[resolved] !== undefined) return resolved
  throw invalid(
    'subject',
    'must be a payment or a session as paymux returns them (an event’s data, or a retrieve)',
  )
}

function invalid(path: string, message: string): InvalidRequestError {
  return new InvalidRequestError({
    provider: 'paymux',
    message: `fulfilment.apply: ${path} ${message}.`,
    issues: [{ path, message }],
  })
}

function inProgress(key: string, waitMs: number): PaymentError {
  return new PaymentError({
    provider: 'paymux',
    code: 'fulfilment_in_progress',
    message: `fulfilment.apply: order ${JSON.stringify(key)} has been held by another path for over ${waitMs} ms (fulfilment.waitMs); try again (a webhook answered 500 is redelivered).`,
    retryable: true,
  })
}

function lapsed(key: string): PaymentError {
  return new PaymentError({
    provider: 'paymux',
    code: 'fulfilment_lease_lapsed',
    message: `fulfilment.apply: order ${JSON.stringify(key)} was written by another path while this one fulfilled it: the store could not renew the lease in time.`,
    retryable: false,
  })
}
