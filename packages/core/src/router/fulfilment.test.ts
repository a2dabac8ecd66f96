import { afterEach, describe, expect, it, vi } from 'vitest'
import { InvalidRequestError, PaymentError } from '../errors/index.js'
import type { Payment, PaymentStatus } from '../model/payment.js'
import type { PaymentSession, SessionStatus } from '../model/payment-session.js'
import { toRef } from '../model/ref.js'
import { createMemoryStore } from '../state/memory-store.js'
import type { StateStore } from '../state/state-store.js'
import { createRouter } from './create-router.js'
import { fakeGateway } from './fake-gateway.test-support.js'

const payment = (status: PaymentStatus, reference: string | null = 'order_1'): Payment => ({
  object: 'payment',
  id: 'pay_1',
  provider: 'alpha',
  ref: toRef('alpha', 'pay_1'),
  status,
  nativeStatus: status,
  amount: { amount: 2_500, currency: 'USD' },
  ...(reference === null ? {} : { reference }),
  raw: {},
})

const session = (status: SessionStatus): PaymentSession => ({
  object: 'session',
  id: 'cs_1',
  provider: 'alpha',
  ref: toRef('alpha', 'cs_1'),
  status,
  nativeStatus: status,
  mode: 'payment',
  url: 'https://alpha.test/pay',
  reference: 'order_1',
  raw: {},
})

/** A router as one instance of the app builds it; several share `store`. */
const instance = (store: StateStore) =>
  createRouter({ gateways: [fakeGateway('alpha', ['sessions.create']).gateway], route: 'alpha', store })

afterEach(() => {
  vi.useRealTimers()
})

describe('router.fulfilment: one fulfilment per order', () => {
  it('fulfils a succeeded payment once; a repeat is stale', async () => {
    const router = instance(createMemoryStore())
    const fulfil = vi.fn()
    expect(await router.fulfilment.apply(payment('succeeded'), { fulfil })).toEqual({
      result: 'fulfilled',
      status: 'succeeded',
    })
    expect(await router.fulfilment.apply(payment('succeeded'), { fulfil })).toEqual({
      result: 'stale',
      status: 'succeeded',
    })
    expect(fulfil).toHaveBeenCalledTimes(1)
    expect(fulfil).toHaveBeenCalledWith(expect.objectContaining({ ref: 'alpha:pay_1' }), {
      interrupted: false,
    })
  })

  it('fulfils once when the webhook and the buyer’s return race on several instances', async () => {
    const store = createMemoryStore()
    const routers = [instance(store), instance(store), instance(store)]
    const fulfil = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
    })
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, index) => {
        const router = routers[index % routers.length] as (typeof routers)[number]
        // The confirmation page sees the session complete; the webhook sees the payment succeed.
        return index % 2 === 0
          ? router.fulfilment.apply(session('complete'), { fulfil })
          : router.fulfilment.apply(payment('succeeded'), { fulfil })
      }),
    )
    expect(fulfil).toHaveBeenCalledTimes(1)
    expect(outcomes.filter((outcome) => outcome.result === 'fulfilled')).toHaveLength(1)
    expect(outcomes.every((outcome) => outcome.status === 'succeeded')).toBe(true)
  })

  it('applies statuses in order: a late pending or processing never undoes succeeded', async () => {
    const router = instance(createMemoryStore())
    const fulfil = vi.fn()
    const apply = (status: PaymentStatus) => router.fulfilment.apply(payment(status), { fulfil })
    expect(await apply('processing')).toEqual({ result: 'applied', status: 'processing' })
    expect(await apply('pending')).toEqual({ result: 'stale', status: 'processing' })
    expect(await apply('succeeded')).toEqual({ result: 'fulfilled', status: 'succeeded' })
    expect(await apply('pending')).toEqual({ result: 'stale', status: 'succeeded' })
    expect(await apply('failed')).toEqual({ result: 'stale', status: 'succeeded' })
    expect(fulfil).toHaveBeenCalledTimes(1)
  })

  it('still fulfils an order whose earlier session expired or failed and a later one paid', async () => {
    const router = instance(createMemoryStore())
    const fulfil = vi.fn()
    expect(await router.fulfilment.apply(session('expired'), { fulfil })).toEqual({
      result: 'applied',
      status: 'expired',
    })
    expect(await router.fulfilment.apply(payment('failed'), { fulfil })).toMatchObject({ result: 'stale' })
    expect(await router.fulfilment.apply(payment('succeeded'), { fulfil })).toMatchObject({
      result: 'fulfilled',
    })
    expect(fulfil).toHaveBeenCalledTimes(1)
  })

  it('records nothing when fulfil throws, so the next delivery fulfils', async () => {
    const router = instance(createMemoryStore())
    const fulfil = vi.fn().mockRejectedValueOnce(new Error('warehouse down')).mockResolvedValue(undefined)
    await expect(router.fulfilment.apply(payment('succeeded'), { fulfil })).rejects.toThrow('warehouse down')
    expect(await router.fulfilment.apply(payment('succeeded'), { fulfil })).toMatchObject({
      result: 'fulfilled',
    })
    expect(fulfil).toHaveBeenCalledTimes(2)
    // A throw is an outcome, not a crash: the next attempt is not told it was interrupted.
    expect(fulfil.mock.calls[1]?.[1]).toEqual({ interrupted: false })
  })

  it('tells fulfil when an earlier attempt died mid-way, until one finishes', async () => {
    const store = createMemoryStore()
    const router = instance(store)
    // What a process killed inside fulfil leaves behind: the mark, and a lease that lapsed.
    await store.compareAndSet('fulfilment:order_1', 0, 'fulfilling', 60_000)
    const seen: boolean[] = []
    const failing = vi.fn(async (_: unknown, context: { interrupted: boolean }) => {
      seen.push(context.interrupted)
      throw new Error('still down')
    })
    await expect(router.fulfilment.apply(payment('succeeded'), { fulfil: failing })).rejects.toThrow(
      'still down',
    )
    // A late pending does not undo a payment known to have succeeded, nor clear the mark.
    expect(await router.fulfilment.apply(payment('pending'), { fulfil: failing })).toEqual({
      result: 'stale',
      status: 'succeeded',
    })
    const fulfil = vi.fn((_: unknown, context: { interrupted: boolean }) => {
      seen.push(context.interrupted)
    })
    expect(await router.fulfilment.apply(payment('succeeded'), { fulfil })).toMatchObject({
      result: 'fulfilled',
    })
    expect(await router.fulfilment.apply(payment('succeeded'), { fulfil })).toMatchObject({ result: 'stale' })
    expect(seen).toEqual([true, true])
    expect(await store.get('fulfilment:order_1')).toMatchObject({ value: 'succeeded' })
  })

  it('keys the order by reference, or by the key you pass, and refuses a subject with neither', async () => {
    const router = instance(createMemoryStore())
    const fulfil = vi.fn()
    const error = await router.fulfilment
      .apply(payment('succeeded', null), { fulfil })
      .catch((e: unknown) => e)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues[0]?.path).toBe('key')
    expect(fulfil).not.toHaveBeenCalled()
    await router.fulfilment.apply(payment('succeeded', null), { fulfil, key: 'order_9' })
    await router.fulfilment.apply(payment('succeeded'), { fulfil, key: 'order_9' })
    expect(fulfil).toHaveBeenCalledTimes(1)
  })

  it('refuses what is not a payment or a session, and a missing fulfil, naming them', async () => {
    const router = instance(createMemoryStore())
    for (const [subject, options, path] of [
      [{ object: 'refund', reference: 'order_1' }, { fulfil: () => {} }, 'subject'],
      [payment('succeeded'), {}, 'fulfil'],
      [{ ...payment('succeeded'), status: 'paid' }, { fulfil: () => {} }, 'subject'],
    ] as const) {
      const error = await router.fulfilment.apply(subject as never, options as never).catch((e: unknown) => e)
      expect(InvalidRequestError.isInstance(error) && error.issues[0]?.path).toBe(path)
    }
  })

  it('gives up with fulfilment_in_progress while another path holds the order past 10 s', async () => {
    vi.useFakeTimers()
    const store = createMemoryStore()
    const router = instance(store)
    await store.acquireLease('fulfilment:lease:order_1', 'another instance', 600_000)
    const fulfil = vi.fn()
    const outcome = router.fulfilment.apply(payment('succeeded'), { fulfil }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(10_500)
    const error = await outcome
    expect(PaymentError.isInstance(error) && error.code).toBe('fulfilment_in_progress')
    expect((error as PaymentError).retryable).toBe(true)
    expect(fulfil).not.toHaveBeenCalled()
  })

  it('waits fulfilment.waitMs, and refuses bad fulfilment settings when the router is built', async () => {
    const store = createMemoryStore()
    const gateways = [fakeGateway('alpha', ['sessions.create']).gateway]
    const router = createRouter({
      gateways,
      route: 'alpha',
      store,
      fulfilment: { waitMs: 20, leaseTtlMs: 1_000 },
    })
    await store.acquireLease('fulfilment:lease:order_1', 'another instance', 60_000)
    const started = Date.now()
    const error = await router.fulfilment
      .apply(payment('succeeded'), { fulfil: () => {} })
      .catch((e: unknown) => e)
    expect(PaymentError.isInstance(error) && error.code).toBe('fulfilment_in_progress')
    expect(Date.now() - started).toBeLessThan(2_000)
    const refused = (() => {
      try {
        createRouter({
          gateways,
          route: 'alpha',
          fulfilment: { leaseTtlMs: 0, waitMs: -1, wait: 5 } as never,
        })
      } catch (e) {
        return e
      }
    })()
    expect(InvalidRequestError.isInstance(refused) && refused.issues.map((issue) => issue.path)).toEqual([
      'fulfilment.wait',
      'fulfilment.leaseTtlMs',
      'fulfilment.waitMs',
    ])
  })
})
