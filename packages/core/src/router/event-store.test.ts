import { describe, expect, it } from 'vitest'
import { InvalidRequestError } from '../errors/index.js'
import { createMemoryEventStore } from './event-store.js'

describe('createMemoryEventStore', () => {
  it('adds a key once, until its ttl runs out', async () => {
    let now = 0
    const store = createMemoryEventStore({ now: () => now })
    expect(await store.add('fastaar:evt_1', 1_000)).toBe(true)
    expect(await store.add('fastaar:evt_1', 1_000)).toBe(false)
    now = 999
    expect(await store.add('fastaar:evt_1', 1_000)).toBe(false)
    now = 1_000
    expect(await store.add('fastaar:evt_1', 1_000)).toBe(true)
  })

  it('forgets a deleted key', async () => {
    const store = createMemoryEventStore()
    await store.add('k', 60_000)
    await store.delete('k')
    expect(await store.add('k', 60_000)).toBe(true)
  })

  it('keeps at most maxEntries keys, dropping the oldest', async () => {
    const store = createMemoryEventStore({ maxEntries: 2 })
    for (const key of ['a', 'b', 'c']) expect(await store.add(key, 60_000)).toBe(true)
    expect(await store.add('c', 60_000)).toBe(false)
    expect(await store.add('b', 60_000)).toBe(false)
    expect(await store.add('a', 60_000)).toBe(true)
  })

  it('answers one of two racing adds with true', async () => {
    const store = createMemoryEventStore()
    const answers = await Promise.all([store.add('same', 60_000), store.add('same', 60_000)])
    expect(answers.sort()).toEqual([false, true])
  })

  it('refuses a bound below 1', () => {
    expect(() => createMemoryEventStore({ maxEntries: 0 })).toThrow(/maxEntries/)
  })

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10', null])(
    'refuses maxEntries %s with the same typed error as every other setting',
    (maxEntries) => {
      const error = (() => {
        try {
          createMemoryEventStore({ maxEntries: maxEntries as number })
        } catch (caught) {
          return caught
        }
        return expect.fail('accepted')
      })()
      expect(InvalidRequestError.isInstance(error) && error.code).toBe('invalid_settings')
      expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(['maxEntries'])
    },
  )

  it.each([Number.NaN, -1, 0, '72h'])(
    'refuses to add a key for ttlMs %s, which would never dedupe',
    async (ttlMs) => {
      const store = createMemoryEventStore()
      await expect(store.add('k', ttlMs as number)).rejects.toSatisfy(InvalidRequestError.isInstance)
    },
  )
})
