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
 * both see `true`.
 */
export interface WebhookEventStore {
  /** Records `key` for `ttlMs`; resolves `true` if it was not there yet, `false` if it was. */
  add(key: string, ttlMs: number): Promise<boolean>
  /** Forgets `key`, so a redelivery is handled again (used when handling the event failed). */
  delete(key: string): Promise<void>
}

/** Options of {@link createMemoryEventStore}. */
export interface MemoryEventStoreOptions {
  /** The most keys kept; the oldest go first. @default 100_000 */
  readonly maxEntries?: number
  /** The current time in epoch ms. @default Date.now */
  readonly now?: () => number
}

/**
 * The default store: a Map in this process, bounded and expiring. Fine for one
 * instance; with several instances behind a load balancer, use a shared store.
 */
export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): WebhookEventStore {
  const maxEntries = options.maxEntries ?? 100_000
  const now = options.now ?? Date.now
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
    throw new RangeError(`maxEntries must be a whole number ≥ 1, got ${maxEntries}`)
  // Insertion order is expiry order when every key gets the same ttl, which the router does.
  const expiries = new Map<string, number>()

  function sweep(time: number): void {
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > time && expiries.size < maxEntries) return
      expiries.delete(key)
    }
  }

  return {
    async add(key, ttlMs) {
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
