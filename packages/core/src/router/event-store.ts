import { type FieldIssue, InvalidRequestError } from '../errors/index.js'
import { throwIfInvalid, wholeNumber } from '../validation/settings.js'

/**
 * Where the router remembers which webhook events it has handled, for
 * `router.webhooks.seen()`. Two operations, both easy to put behind a shared
 * store so every instance of your app agrees:
 *
 * - Redis: `SET key 1 NX PX ttlMs` (added ⇔ reply `OK`), `DEL key`.
 * - SQL: `INSERT INTO webhook_events (key, expires_at) VALUES (…) ON CONFLICT DO NOTHING`
 *   (added ⇔ one row inserted), `DELETE FROM webhook_events WHERE key = …`.
 *
 * `add` must be atomic: two deliveries of one event racing each other must not
 * both see `true`. Besides each event's `ref`, the router adds a short-lived
 * `claim#<ref>` key while a delivery is being handled, and may add a key with a
 * shorter ttl than `ttlMs`: honour the `ttlMs` of each call.
 */
export interface WebhookEventStore {
  /** Records `key` for `ttlMs`; resolves `true` if it was not there yet, `false` if it was. */
  add(key: string, ttlMs: number): Promise<boolean>
  /** Forgets `key`, so a redelivery is handled again (used when handling the event failed). */
  delete(key: string): Promise<void>
}

/** Options of {@link createMemoryEventStore}. */
export interface MemoryEventStoreOptions {
  /** The most keys kept, a whole number ≥ 1; the oldest go first. @default 100_000 */
  readonly maxEntries?: number
  /** The current time in epoch ms. @default Date.now */
  readonly now?: () => number
}

/**
 * The default store: a Map in this process, bounded and expiring. Fine for one
 * instance; with several instances behind a load balancer, use a shared store.
 * Throws `InvalidRequestError` (`invalid_settings`) for a bad `maxEntries`.
 */
export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): WebhookEventStore {
  const issues: FieldIssue[] = []
  const maxEntries = wholeNumber(
    issues,
    'maxEntries',
    options.maxEntries,
    100_000,
    1,
    Number.MAX_SAFE_INTEGER,
  )
  throwIfInvalid('memory event store options', issues)
  const now = options.now ?? Date.now
  // Kept in insertion order, which is nearly expiry order: most keys get the router's ttlMs.
  // A short-lived claim left behind a longer key is dropped when read, or by the bound.
  const expiries = new Map<string, number>()

  function sweep(time: number): void {
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > time && expiries.size < maxEntries) return
      expiries.delete(key)
    }
  }

  return {
    async add(key, ttlMs) {
      // A NaN or negative ttl would make every key look expired: deduplication silently off.
      if (!(typeof ttlMs === 'number' && ttlMs > 0)) {
        throw new InvalidRequestError({
          provider: 'paymux',
          message: `memory event store: ttlMs must be a positive number of milliseconds, got ${String(ttlMs)}`,
          issues: [{ path: 'ttlMs', message: 'must be a positive number of milliseconds' }],
        })
      }
      const time = now()
      const expiresAt = expiries.get(key)
      if (expiresAt !== undefined && expiresAt > time) return false
      expiries.delete(key)
      sweep(time)
      expiries.set(key, time + ttlMs)
      return true
    },
    async delete(key) {
      expiries.delete(key)
    },
  }
}
