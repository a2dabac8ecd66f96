import { describe, expect, it } from 'vitest'
import { InvalidRequestError, StoreUnavailableError } from '../errors/index.js'
import type { StateStore } from '../state/state-store.js'
import { createRouter } from './create-router.js'
import { fakeGateway, testStore } from './fake-gateway.test-support.js'
import { createRouterWebhooks, type RouterWebhooksOptions } from './router-webhooks.js'

/** The router's webhooks over `store` as the router hands it over (its own memory store is not guarded). */
function webhooksOver(store: StateStore, settings?: RouterWebhooksOptions) {
  const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
  return createRouterWebhooks({ gateways: new Map([['fastaar', aar.gateway]]), settings, store })
}

/** The webhooks of a router given `store`: guarded (timeouts, answer checks) as users get them. */
function routerWebhooks(store: StateStore, options: { storeTimeoutMs?: number } = {}) {
  const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
  return createRouter({ gateways: [aar.gateway], route: 'fastaar', store, ...options }).webhooks
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  )
}

function settingsError(settings: unknown): InvalidRequestError {
  try {
    webhooksOver(testStore().store, settings as RouterWebhooksOptions)
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) return error
    throw error
  }
  return expect.fail(`settings ${String(settings)} were accepted`)
}

describe('createRouterWebhooks: settings', () => {
  const badWholeNumbers: unknown[] = [
    Number.NaN,
    -1,
    0,
    1.5,
    '72h',
    Number.POSITIVE_INFINITY,
    1e20,
    null,
    true,
  ]

  it.each(badWholeNumbers)('refuses ttlMs %s, naming webhooks.ttlMs', (ttlMs) => {
    const error = settingsError({ ttlMs })
    expect(error.code).toBe('invalid_settings')
    expect(error.issues.map((issue) => issue.path)).toEqual(['webhooks.ttlMs'])
    expect(error.message).toContain('webhooks.ttlMs must be a whole number')
  })

  it.each(badWholeNumbers)('refuses claimTtlMs %s', (claimTtlMs) => {
    expect(settingsError({ claimTtlMs }).issues.map((issue) => issue.path)).toEqual(['webhooks.claimTtlMs'])
  })

  it('refuses a claim longer than a day or a memory longer than 10 years', () => {
    expect(settingsError({ claimTtlMs: 86_400_001 }).issues[0]?.path).toBe('webhooks.claimTtlMs')
    expect(settingsError({ ttlMs: 315_360_000_001 }).issues[0]?.path).toBe('webhooks.ttlMs')
  })

  // Changed on purpose: the store and its timeout are the router's now (every use of the store shares
  // them), so under `webhooks` they are refused with where they went, whatever their value.
  it.each([
    ['store', testStore().store, "has moved to the router's `store` option (createRouter({ store }))"],
    ['store', { add: async () => true, delete: async () => {} }, "has moved to the router's `store` option"],
    ['storeTimeoutMs', 5_000, "has moved to the router's `storeTimeoutMs` option"],
    ['storeTimeoutMs', -1, "has moved to the router's `storeTimeoutMs` option"],
  ])('refuses webhooks.%s, saying where it moved', (key, value, says) => {
    const error = settingsError({ [key]: value })
    expect(error.issues).toEqual([{ path: `webhooks.${key}`, message: expect.stringContaining(says) }])
    expect(error.message).toContain(`webhooks.${key} has moved to`)
  })

  it('refuses the moved settings through createRouter too, before any delivery', () => {
    const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
    expect(() =>
      createRouter({
        gateways: [aar.gateway],
        route: 'fastaar',
        webhooks: { store: testStore().store, storeTimeoutMs: 10 } as never,
      }),
    ).toThrow(/webhooks\.store has moved to .*webhooks\.storeTimeoutMs has moved to/)
  })

  it('refuses a misspelt key and a settings value that is not an object, all at once', () => {
    expect(settingsError({ ttlMS: 1_000, ttlMs: -1 }).issues.map((issue) => issue.path)).toEqual([
      'webhooks.ttlMS',
      'webhooks.ttlMs',
    ])
    expect(settingsError({ ttlMS: 1 }).issues[0]?.message).toBe(
      'unknown key; expected one of: ttlMs, claimTtlMs',
    )
    expect(settingsError('72h').issues[0]).toEqual({
      path: 'webhooks',
      message: 'must be an object of settings, got "72h"',
    })
  })

  // Changed on purpose: the old "claimTtlMs ≥ 4 × storeTimeoutMs" rule is gone, since a claim is now a
  // lease with an owner: a claim that lapses early lets a copy in, it never hides the event.
  it('takes valid settings and defaults, a claim of 1 ms whatever the router’s storeTimeoutMs', () => {
    const { store } = testStore()
    expect(() => webhooksOver(store)).not.toThrow()
    expect(() => webhooksOver(store, { ttlMs: 1, claimTtlMs: 1 })).not.toThrow()
    expect(() => webhooksOver(store, { ttlMs: 315_360_000_000, claimTtlMs: 86_400_000 })).not.toThrow()
    const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
    expect(() =>
      createRouter({
        gateways: [aar.gateway],
        route: 'fastaar',
        store,
        storeTimeoutMs: 60_000,
        webhooks: { claimTtlMs: 1 },
      }),
    ).not.toThrow()
  })
})

describe('createRouterWebhooks: claim, complete, release', () => {
  it('claims a new event once, says in_progress while it is claimed and handled after complete()', async () => {
    const webhooks = webhooksOver(testStore().store)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
    expect(await webhooks.claim('fastaar:evt_1')).toBe('in_progress')
    await webhooks.complete('fastaar:evt_1')
    expect(await webhooks.claim('fastaar:evt_1')).toBe('handled')
    expect(await webhooks.claim('fastaar:evt_1')).toBe('handled')
    expect(await webhooks.seen('fastaar:evt_1')).toBe(true)
    expect(await webhooks.claim('fastaar:evt_2')).toBe('claimed')
  })

  it('keys an event by its ref: the event and its ref are one claim', async () => {
    const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
    const webhooks = webhooksOver(testStore().store)
    const event = await aar.spies.webhooks.verify({
      rawBody: '{"id":"evt_1"}',
      headers: { 'x-fastaar-signature': 'good' },
    })
    expect(await webhooks.claim(event)).toBe('claimed')
    expect(await webhooks.claim('fastaar:evt_1')).toBe('in_progress')
    await webhooks.complete(event)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('handled')
  })

  it('hands a released event out again', async () => {
    const webhooks = webhooksOver(testStore().store)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
    await webhooks.release('fastaar:evt_1')
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
  })

  it('a claim whose release failed lapses after claimTtlMs, and the event is claimed again, not lost', async () => {
    const { store, failing, advance } = testStore()
    const webhooks = webhooksOver(store, { claimTtlMs: 60_000 })
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
    failing.add('releaseLease')
    await expect(webhooks.release('fastaar:evt_1')).rejects.toThrow('database down')
    expect(await webhooks.claim('fastaar:evt_1')).toBe('in_progress')
    advance(59_999)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('in_progress')
    advance(1)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
  })

  it('keeps the handled mark for ttlMs after complete(), far past the claim', async () => {
    const { store, advance } = testStore()
    const webhooks = webhooksOver(store, { ttlMs: 3_600_000, claimTtlMs: 60_000 })
    await webhooks.claim('fastaar:evt_1')
    await webhooks.complete('fastaar:evt_1')
    advance(3_599_999)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('handled')
    advance(1)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
  })

  it('ends the claim only once the event is marked handled: a failed mark leaves the claim to lapse', async () => {
    const { store, failing, advance } = testStore()
    const webhooks = webhooksOver(store, { claimTtlMs: 60_000 })
    await webhooks.claim('fastaar:evt_1')
    failing.add('compareAndSet')
    await expect(webhooks.complete('fastaar:evt_1')).rejects.toThrow('database down')
    failing.clear()
    // Not "handled" (the mark failed) and not free at once: a copy waits for the claim to lapse.
    expect(await webhooks.claim('fastaar:evt_1')).toBe('in_progress')
    advance(60_000)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
  })
})

describe('createRouterWebhooks: several instances on one store', () => {
  const instances = (count: number, settings?: RouterWebhooksOptions) => {
    const shared = testStore()
    return { ...shared, all: Array.from({ length: count }, () => webhooksOver(shared.store, settings)) }
  }

  it('never gives two instances the same event at once: 40 concurrent claims, one claimed', async () => {
    const { all } = instances(2)
    const claims = await Promise.all(
      Array.from({ length: 40 }, (_, i) => all[i % 2]?.claim('fastaar:evt_1') ?? 'none'),
    )
    expect(claims.filter((claim) => claim === 'claimed')).toHaveLength(1)
    expect(claims.filter((claim) => claim === 'in_progress')).toHaveLength(39)
  })

  it('an event completed by one instance is handled for the other; released, the other claims it', async () => {
    const {
      all: [a, b],
    } = instances(2)
    if (a === undefined || b === undefined) return expect.fail('two instances')
    expect(await a.claim('fastaar:evt_1')).toBe('claimed')
    expect(await b.claim('fastaar:evt_1')).toBe('in_progress')
    await a.complete('fastaar:evt_1')
    expect(await b.claim('fastaar:evt_1')).toBe('handled')
    expect(await b.seen('fastaar:evt_1')).toBe(true)

    expect(await a.claim('fastaar:evt_2')).toBe('claimed')
    await a.release('fastaar:evt_2')
    expect(await b.claim('fastaar:evt_2')).toBe('claimed')
  })

  it('release() or complete() by an instance that does not hold the claim never ends it', async () => {
    const {
      all: [a, b, c],
    } = instances(3)
    if (a === undefined || b === undefined || c === undefined) return expect.fail('three instances')
    expect(await a.claim('fastaar:evt_1')).toBe('claimed')
    await b.release('fastaar:evt_1')
    expect(await c.claim('fastaar:evt_1')).toBe('in_progress')
  })

  it('a claim whose holder died lapses after claimTtlMs: another instance then handles the event', async () => {
    const { all, advance } = instances(3, { claimTtlMs: 60_000 })
    const [dead, b, c] = all
    if (dead === undefined || b === undefined || c === undefined) return expect.fail('three instances')
    expect(await dead.claim('fastaar:evt_1')).toBe('claimed') // and never completes
    advance(59_999)
    expect(await b.claim('fastaar:evt_1')).toBe('in_progress')
    advance(1)
    expect(await b.claim('fastaar:evt_1')).toBe('claimed')
    // The first holder comes back late and gives up: the lease it lost is not its to end.
    await dead.release('fastaar:evt_1')
    expect(await c.claim('fastaar:evt_1')).toBe('in_progress')
    await b.complete('fastaar:evt_1')
    expect(await c.claim('fastaar:evt_1')).toBe('handled')
  })
})

describe('createRouterWebhooks: two deliveries of one event in one instance', () => {
  it('a delivery whose lease lapsed cannot end the lease a later copy in the same process took', async () => {
    const { store, advance } = testStore()
    const webhooks = webhooksOver(store, { claimTtlMs: 60_000 })
    const event = (id: string) => ({ ref: id }) as never
    const slow = event('fastaar:evt_1')
    const copy = event('fastaar:evt_1')
    expect(await webhooks.claim(slow)).toBe('claimed')
    advance(60_000)
    expect(await webhooks.claim(copy)).toBe('claimed')
    await webhooks.release(slow) // the slow delivery gives up late
    expect(await webhooks.claim(event('fastaar:evt_1'))).toBe('in_progress')
    await webhooks.complete(copy)
    expect(await webhooks.claim(event('fastaar:evt_1'))).toBe('handled')
  })
})

describe('createRouterWebhooks: seen and forget', () => {
  it('seen() is false the first time and true after, across instances; forget() undoes it', async () => {
    const { store } = testStore()
    const [a, b] = [webhooksOver(store), webhooksOver(store)]
    expect(await a.seen('fastaar:evt_1')).toBe(false)
    expect(await b.seen('fastaar:evt_1')).toBe(true)
    expect(await a.claim('fastaar:evt_1')).toBe('handled')
    await b.forget('fastaar:evt_1')
    expect(await a.seen('fastaar:evt_1')).toBe(false)
  })

  it('remembers a seen() event for ttlMs', async () => {
    const { store, advance } = testStore()
    const webhooks = webhooksOver(store, { ttlMs: 1_000 })
    expect(await webhooks.seen('e')).toBe(false)
    advance(999)
    expect(await webhooks.seen('e')).toBe(true)
    advance(1_000)
    expect(await webhooks.seen('e')).toBe(false)
  })
})

describe('createRouterWebhooks: a store that fails or misbehaves (through the router)', () => {
  it.each([
    ['the string OK', 'OK'],
    ['1', 1],
    ['null', null],
    ['undefined', undefined],
    ['an object', {}],
  ])(
    'refuses an acquireLease() that resolves to %s instead of reading it as "claimed"',
    async (_name, answer) => {
      const { store, replace } = testStore()
      replace('acquireLease', async () => answer)
      const error = await failure(routerWebhooks(store).claim('fastaar:evt_1'))
      expect(StoreUnavailableError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({ code: 'store_invalid_answer', operation: 'acquireLease', store: 'test' })
      expect((error as Error).message).toContain('acquireLease() answered')
    },
  )

  it.each([
    ['the string OK', 'OK'],
    ['0', 0],
    ['true', true],
    ['null', null],
  ])(
    'refuses a compareAndSet() that resolves to %s instead of reading it as "seen"',
    async (_name, answer) => {
      const { store, replace } = testStore()
      replace('compareAndSet', async () => answer)
      const error = await failure(routerWebhooks(store).seen('fastaar:evt_1'))
      expect(error).toMatchObject({ code: 'store_invalid_answer', operation: 'compareAndSet' })
    },
  )

  it('refuses a get() of the wrong shape while claiming, and lets go of the lease it took', async () => {
    const { store, replace } = testStore()
    replace('get', async () => 'OK')
    const webhooks = routerWebhooks(store)
    expect(await failure(webhooks.claim('fastaar:evt_1'))).toMatchObject({ code: 'store_invalid_answer' })
    replace('get', async () => undefined)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
  })

  it('times out a store that never settles, for every call, naming storeTimeoutMs', async () => {
    const { store, replace } = testStore()
    const never = () => new Promise<never>(() => {})
    for (const method of ['acquireLease', 'compareAndSet', 'release'] as const) replace(method, never)
    const webhooks = routerWebhooks(store, { storeTimeoutMs: 10 })
    for (const call of [webhooks.claim('e'), webhooks.seen('e'), webhooks.forget('e')]) {
      const error = await failure(call)
      expect(StoreUnavailableError.isInstance(error) && error.code).toBe('store_timeout')
      expect((error as Error).message).toContain('within 10 ms (storeTimeoutMs)')
    }
  })

  it('times out complete() and release() of a claimed event whose store stopped answering', async () => {
    const { store, replace } = testStore()
    const webhooks = routerWebhooks(store, { storeTimeoutMs: 10 })
    await webhooks.claim('a')
    await webhooks.claim('b')
    const never = () => new Promise<never>(() => {})
    replace('releaseLease', never)
    replace('compareAndSet', never)
    for (const call of [webhooks.complete('a'), webhooks.release('b')])
      expect(await failure(call)).toMatchObject({ code: 'store_timeout' })
  })

  it('turns a synchronous throw into a rejection naming the operation, without the driver’s message', async () => {
    const { store, replace } = testStore()
    const cause = new Error('not connected to redis://:hunter2@cache:6379')
    replace('acquireLease', () => {
      throw cause
    })
    const error = await failure(routerWebhooks(store).claim('e'))
    expect(error).toMatchObject({ code: 'store_unavailable', operation: 'acquireLease' })
    expect((error as Error).message).toBe('test store: acquireLease() failed (Error).')
    // The driver's error may carry the connection string: it is neither the message nor the cause.
    expect((error as Error).cause).toBeUndefined()
    expect(JSON.stringify(error)).not.toContain('hunter2')
  })
})
