import { type FieldIssue, InvalidRequestError } from '../errors/index.js'
import { throwIfInvalid, wholeNumber } from '../validation/settings.js'
import type { StateStore, StoredValue } from './state-store.js'

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** The most keys kept, a whole number ≥ 1; past it the oldest go first. @default 100_000 */
  readonly maxEntries?: number
  /** The current time in epoch ms. @default Date.now */
  readonly now?: () => number
}

/** What one key holds: the fields of the one kind of operation that uses it. */
interface Entry {
  expiresAt: number
  value?: string
  version?: number
  count?: number
  owner?: string
}

/**
 * The default state store: a Map in this process, bounded and expiring.
 * Every method is atomic because it never awaits between reading and
 * writing. Right for one instance; with several instances or serverless
 * functions, use `@paymux/store-redis` or `@paymux/store-postgres`.
 * Throws `InvalidRequestError` (`invalid_settings`) for a bad option.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): StateStore {
  const issues: FieldIssue[] = []
  const maxEntries = wholeNumber(
    issues,
    'maxEntries',
    options.maxEntries,
    100_000,
    1,
    Number.MAX_SAFE_INTEGER,
  )
  throwIfInvalid('memory store options', issues)
  const now = options.now ?? Date.now
  // Insertion order is nearly expiry order (most keys of a kind share one ttl), so the
  // sweep stops at the first live key; a longer-lived key ahead only delays the rest.
  const entries = new Map<string, Entry>()

  const live = (key: string, time: number): Entry | undefined => {
    const entry = entries.get(key)
    if (entry === undefined || entry.expiresAt > time) return entry
    entries.delete(key)
    return undefined
  }
  const put = (key: string, entry: Entry, time: number) => {
    entries.delete(key)
    for (const [old, { expiresAt }] of entries) {
      if (expiresAt > time && entries.size < maxEntries) break
      entries.delete(old)
    }
    entries.set(key, entry)
  }

  return {
    name: 'memory',
    async claim(key, ttlMs) {
      const time = now()
      if (live(key, time) !== undefined) return false
      put(key, { expiresAt: time + checkMs('ttlMs', ttlMs) }, time)
      return true
    },
    async release(key) {
      entries.delete(key)
    },
    async get(key) {
      const entry = live(key, now())
      if (entry?.value === undefined || entry.version === undefined) return undefined
      return { value: entry.value, version: entry.version } satisfies StoredValue
    },
    async compareAndSet(key, expectedVersion, value, ttlMs) {
      const time = now()
      const version = live(key, time)?.version ?? 0
      if (version !== expectedVersion) return undefined
      put(key, { expiresAt: time + checkMs('ttlMs', ttlMs), value, version: version + 1 }, time)
      return version + 1
    },
    async increment(key, windowMs) {
      const time = now()
      const entry = live(key, time)
      if (entry?.count !== undefined) return ++entry.count
      put(key, { expiresAt: time + checkMs('windowMs', windowMs), count: 1 }, time)
      return 1
    },
    async acquireLease(key, owner, ttlMs) {
      const time = now()
      const entry = live(key, time)
      if (entry !== undefined && entry.owner !== owner) return false
      put(key, { expiresAt: time + checkMs('ttlMs', ttlMs), owner }, time)
      return true
    },
    async renewLease(key, owner, ttlMs) {
      const time = now()
      const entry = live(key, time)
      if (entry === undefined || entry.owner !== owner) return false
      entry.expiresAt = time + checkMs('ttlMs', ttlMs)
      return true
    },
    async releaseLease(key, owner) {
      const entry = live(key, now())
      if (entry === undefined || entry.owner !== owner) return false
      entries.delete(key)
      return true
    },
  }
}

/** A ttl or window: NaN or ≤ 0 would make every key look expired, and so every claim succeed. */
function checkMs(name: string, ms: number): number {
  if (Number.isSafeInteger(ms) && ms >= 1) return ms
  throw new InvalidRequestError({
    provider: 'paymux',
    message: `memory store: ${name} must be a whole number of milliseconds ≥ 1, got ${String(ms)}`,
    issues: [{ path: name, message: 'must be a whole number of milliseconds ≥ 1' }],
  })
}
