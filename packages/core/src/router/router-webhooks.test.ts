import { describe, expect, it } from 'vitest'
import { InvalidRequestError, PaymentError } from '../errors/index.js'
import { createMemoryEventStore, type WebhookEventStore } from './event-store.js'
import { fakeGateway } from './fake-gateway.test-support.js'
import { createRouterWebhooks, type RouterWebhooksOptions } from './router-webhooks.js'

function webhooksOver(store: WebhookEventStore, settings?: RouterWebhooksOptions) {
  const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
  return createRouterWebhooks({ gateways: new Map([['fastaar', aar.gateway]]), settings, store })
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  )
}

function settingsError(settings: unknown, store: unknown = createMemoryEventStore()): InvalidRequestError {
  try {
    webhooksOver(store as WebhookEventStore, settings as RouterWebhooksOptions)
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

  it.each(badWholeNumbers)('refuses storeTimeoutMs %s', (storeTimeoutMs) => {
    expect(settingsError({ storeTimeoutMs }).issues.map((issue) => issue.path)).toEqual([
      'webhooks.storeTimeoutMs',
    ])
  })

  it.each(badWholeNumbers)('refuses claimTtlMs %s', (claimTtlMs) => {
    expect(settingsError({ claimTtlMs }).issues.map((issue) => issue.path)).toEqual(['webhooks.claimTtlMs'])
  })

  it('refuses a storeTimeoutMs above what setTimeout honours, and a claim shorter than 4 store timeouts', () => {
    expect(settingsError({ storeTimeoutMs: 2 ** 31 }).issues[0]?.path).toBe('webhooks.storeTimeoutMs')
    const short = settingsError({ claimTtlMs: 10_000, storeTimeoutMs: 5_000 })
    expect(short.issues).toEqual([
      {
        path: 'webhooks.claimTtlMs',
        message: 'must be at least 4 × webhooks.storeTimeoutMs (20000), got 10000',
      },
    ])
  })

  it('refuses a misspelt key, a settings value that is not an object and a store without add/delete, all at once', () => {
    expect(settingsError({ ttlMS: 1_000, ttlMs: -1 }).issues.map((issue) => issue.path)).toEqual([
      'webhooks.ttlMS',
      'webhooks.ttlMs',
    ])
    expect(settingsError('72h').issues[0]).toEqual({
      path: 'webhooks',
      message: 'must be an object of settings, got "72h"',
    })
    expect(settingsError({}, { add: async () => true }).issues[0]?.path).toBe('webhooks.store')
  })

  it('takes valid settings and defaults', () => {
    const store = createMemoryEventStore()
    expect(() => webhooksOver(store)).not.toThrow()
    expect(() => webhooksOver(store, { ttlMs: 1, claimTtlMs: 4, storeTimeoutMs: 1 })).not.toThrow()
  })
})

describe('createRouterWebhooks: claim, complete, release', () => {
  function clockedStore() {
    let now = 0
    const memory = createMemoryEventStore({ now: () => now })
    let deleteFails = false
    const store: WebhookEventStore = {
      add: (key, ttlMs) => memory.add(key, ttlMs),
      delete: async (key) => {
        if (deleteFails) throw new Error('database down')
        await memory.delete(key)
      },
    }
    return {
      store,
      advance: (ms: number) => {
        now += ms
      },
      failDeletes: (fail: boolean) => {
        deleteFails = fail
      },
    }
  }

  it('claims a new event once, says in_progress while it is claimed and handled after complete()', async () => {
    const { store } = clockedStore()
    const webhooks = webhooksOver(store)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
    expect(await webhooks.claim('fastaar:evt_1')).toBe('in_progress')
    await webhooks.complete('fastaar:evt_1')
    expect(await webhooks.claim('fastaar:evt_1')).toBe('handled')
    expect(await webhooks.claim('fastaar:evt_1')).toBe('handled')
    expect(await webhooks.seen('fastaar:evt_1')).toBe(true)
  })

  it('hands a released event out again', async () => {
    const { store } = clockedStore()
    const webhooks = webhooksOver(store)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
    await webhooks.release('fastaar:evt_1')
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
  })

  it('never takes a claim whose release failed for a handled event: it expires and the event is claimed again', async () => {
    const { store, advance, failDeletes } = clockedStore()
    const webhooks = webhooksOver(store, { claimTtlMs: 60_000 })
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
    failDeletes(true)
    await expect(webhooks.release('fastaar:evt_1')).rejects.toThrow('database down')
    // The probe left behind (30 s) expires first; the claim (60 s) answers for it meanwhile.
    expect(await webhooks.claim('fastaar:evt_1')).toBe('in_progress')
    advance(30_000)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('in_progress')
    advance(29_999)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('in_progress')
    advance(1)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
  })

  it('keeps the handled mark for ttlMs after complete(), far past the claim', async () => {
    const { store, advance } = clockedStore()
    const webhooks = webhooksOver(store, { ttlMs: 3_600_000, claimTtlMs: 60_000 })
    await webhooks.claim('fastaar:evt_1')
    await webhooks.complete('fastaar:evt_1')
    advance(3_599_999)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('handled')
    advance(1)
    expect(await webhooks.claim('fastaar:evt_1')).toBe('claimed')
  })

  it.each([
    ['the string OK', 'OK'],
    ['1', 1],
    ['null', null],
    ['undefined', undefined],
    ['an object', {}],
  ])('refuses an add() that resolves to %s instead of reading it as "seen"', async (_name, answer) => {
    const webhooks = webhooksOver({ add: async () => answer as boolean, delete: async () => {} })
    for (const call of [webhooks.claim('fastaar:evt_1'), webhooks.seen('fastaar:evt_1')]) {
      const error = await failure(call)
      expect(PaymentError.isInstance(error) && error.code).toBe('store_invalid_answer')
      expect((error as Error).message).toContain('not a boolean')
    }
  })

  it('times out a store that never settles, for add and delete, and turns a synchronous throw into a rejection', async () => {
    const never = () => new Promise<never>(() => {})
    const hanging = webhooksOver({ add: never, delete: never }, { storeTimeoutMs: 10, claimTtlMs: 40 })
    for (const call of [hanging.claim('e'), hanging.seen('e'), hanging.forget('e'), hanging.release('e')]) {
      const error = await failure(call)
      expect(PaymentError.isInstance(error) && error.code).toBe('store_timeout')
      expect((error as Error).message).toContain('webhooks.storeTimeoutMs')
    }
    const throwing = webhooksOver({
      add: () => {
        throw new Error('not connected')
      },
      delete: async () => {},
    })
    await expect(throwing.claim('e')).rejects.toThrow('not connected')
  })
})
