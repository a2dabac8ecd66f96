import { describe, expect, it } from 'vitest'
import { InvalidRequestError } from '../errors/index.js'
import { runStateStoreContract } from '../testing/state-store-contract.js'
import { createMemoryStore } from './memory-store.js'

// No `unreachable` and no `processes`: a memory store has no backend to lose and lives in one process.
runStateStoreContract('memory', { store: () => createMemoryStore() })

describe('createMemoryStore', () => {
  it('keeps at most maxEntries keys, dropping the oldest first', async () => {
    const store = createMemoryStore({ maxEntries: 2 })
    await store.claim('a', 60_000)
    await store.claim('b', 60_000)
    await store.claim('c', 60_000)
    expect(await store.claim('a', 60_000)).toBe(true)
    expect(await store.claim('c', 60_000)).toBe(false)
  })

  it('reads time from `now`, so tests control expiry', async () => {
    let time = 1_000
    const store = createMemoryStore({ now: () => time })
    expect(await store.acquireLease('lease', 'a', 100)).toBe(true)
    time += 99
    expect(await store.acquireLease('lease', 'b', 100)).toBe(false)
    time += 1
    expect(await store.acquireLease('lease', 'b', 100)).toBe(true)
  })

  it.each([0, -1, Number.NaN, 1.5, Number.POSITIVE_INFINITY])(
    'refuses a ttl of %s, which would make every key look expired',
    async (ttl) => {
      const store = createMemoryStore()
      const error = await store.claim('k', ttl).catch((e: unknown) => e)
      expect(InvalidRequestError.isInstance(error)).toBe(true)
      expect(await store.increment('k', ttl).catch((e: unknown) => e)).toBeInstanceOf(InvalidRequestError)
    },
  )

  it('refuses a bad maxEntries at construction', () => {
    expect(() => createMemoryStore({ maxEntries: 0 })).toThrow(/maxEntries/)
  })
})
