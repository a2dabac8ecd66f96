import { describe, expect, it } from 'vitest'
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
})
