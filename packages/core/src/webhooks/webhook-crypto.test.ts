import { describe, expect, it, vi } from 'vitest'
import { createKeyCache, KEY_CACHE_SIZE } from './webhook-crypto.js'

const secrets = Array.from({ length: KEY_CACHE_SIZE + 2 }, (_, i) => `secret_${i}`)
const at = (i: number) => secrets[i] as string

describe('createKeyCache', () => {
  it('creates a key once per secret', () => {
    const create = vi.fn((secret: string) => ({ secret }))
    const cache = createKeyCache(create)
    const first = cache.get(at(0))
    expect(cache.get(at(0))).toBe(first)
    expect(cache.get(at(1))).not.toBe(first)
    expect(create).toHaveBeenCalledTimes(2)
  })

  it(`keeps ${KEY_CACHE_SIZE} keys and evicts the least recently used one`, () => {
    const create = vi.fn((secret: string) => ({ secret }))
    const cache = createKeyCache(create)
    for (let i = 0; i < KEY_CACHE_SIZE; i++) cache.get(at(i))
    cache.get(at(0)) // now the most recently used: secret_1 is the oldest
    cache.get(at(KEY_CACHE_SIZE))
    expect(create).toHaveBeenCalledTimes(KEY_CACHE_SIZE + 1)
    cache.get(at(0))
    expect(create).toHaveBeenCalledTimes(KEY_CACHE_SIZE + 1)
    cache.get(at(1))
    expect(create).toHaveBeenCalledTimes(KEY_CACHE_SIZE + 2)
  })

  it('forgets a key only if it is still the one cached', () => {
    const create = vi.fn((secret: string) => ({ secret }))
    const cache = createKeyCache(create)
    const stale = cache.get(at(0))
    cache.forget(at(0), { secret: at(0) })
    expect(cache.get(at(0))).toBe(stale)
    cache.forget(at(0), stale)
    expect(cache.get(at(0))).not.toBe(stale)
    expect(create).toHaveBeenCalledTimes(2)
  })
})
