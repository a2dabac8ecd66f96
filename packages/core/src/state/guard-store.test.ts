import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { StoreUnavailableError } from '../errors/index.js'
import { guardStore } from './guard-store.js'
import { createMemoryStore } from './memory-store.js'
import { STATE_STORE_METHODS, type StateStore } from './state-store.js'

/** A memory store with one method replaced. */
const with_ = (method: keyof StateStore, impl: (...args: never[]) => unknown): StateStore =>
  ({ ...createMemoryStore(), name: 'custom', [method]: impl }) as StateStore

const ARGS: Record<(typeof STATE_STORE_METHODS)[number], unknown[]> = {
  claim: ['k', 1_000],
  release: ['k'],
  get: ['k'],
  compareAndSet: ['k', 0, 'v', 1_000],
  increment: ['k', 1_000],
  acquireLease: ['k', 'o', 1_000],
  renewLease: ['k', 'o', 1_000],
  releaseLease: ['k', 'o'],
}

const callOf = (store: StateStore, method: (typeof STATE_STORE_METHODS)[number]) =>
  (store[method] as (...args: unknown[]) => Promise<unknown>)(...ARGS[method])

describe('guardStore: the router never takes a store failure for an answer', () => {
  it('passes answers of the contract through unchanged', async () => {
    const store = guardStore(createMemoryStore(), 1_000)
    expect(await store.claim('k', 1_000)).toBe(true)
    expect(await store.compareAndSet('v', 0, 'x', 1_000)).toBe(1)
    expect(await store.get('v')).toEqual({ value: 'x', version: 1 })
    expect(await store.get('absent')).toBeUndefined()
    expect(await store.increment('n', 1_000)).toBe(1)
    expect(store.name).toBe('memory')
  })

  it.each([
    ['claim', 'OK'],
    ['claim', 1],
    ['get', { value: 1, version: 1 }],
    ['get', null],
    ['compareAndSet', 0],
    ['compareAndSet', '2'],
    ['increment', undefined],
    ['increment', 1.5],
    ['acquireLease', null],
    ['renewLease', 'OK'],
    ['releaseLease', 1],
  ] as const)('refuses %s answering %j (store_invalid_answer)', async (method, answer) => {
    const store = guardStore(
      with_(method, async () => answer),
      1_000,
    )
    const error = await callOf(store, method).catch((e: unknown) => e)
    expect(StoreUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'store_invalid_answer', operation: method, store: 'custom' })
  })

  it.each(STATE_STORE_METHODS)('times out %s when it never settles (store_timeout)', async (method) => {
    const store = guardStore(
      with_(method, () => new Promise(() => {})),
      10,
    )
    const error = await callOf(store, method).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'store_timeout', operation: method })
    expect((error as Error).message).toContain('storeTimeoutMs')
  })

  it('turns a synchronous throw or a driver error into StoreUnavailableError, without the driver’s message', async () => {
    const secret = 'redis://:s3cret-pass@cache.internal:6379'
    const driverError = Object.assign(new Error(`connect ECONNREFUSED ${secret}`), { code: 'ECONNREFUSED' })
    for (const impl of [
      () => {
        throw driverError
      },
      async () => Promise.reject(driverError),
    ]) {
      const error = await guardStore(with_('claim', impl), 1_000)
        .claim('k', 1_000)
        .catch((e: unknown) => e)
      expect(StoreUnavailableError.isInstance(error)).toBe(true)
      expect((error as Error).message).toBe('custom store: claim() failed (Error ECONNREFUSED).')
      expect(JSON.stringify(error)).not.toContain('s3cret')
      expect(inspect(error)).not.toContain('s3cret')
    }
  })

  it('keeps a StoreUnavailableError of the store’s own as it is', async () => {
    const own = new StoreUnavailableError({
      store: 'redis',
      operation: 'get',
      message: 'redis store: get() failed.',
    })
    const error = await guardStore(
      with_('get', async () => Promise.reject(own)),
      1_000,
    )
      .get('k')
      .catch((e: unknown) => e)
    expect(error).toBe(own)
  })
})
