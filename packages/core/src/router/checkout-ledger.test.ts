import { describe, expect, it, vi } from 'vitest'
import {
  InvalidRequestError,
  NotFoundError,
  ProviderUnavailableError,
  StoreUnavailableError,
} from '../errors/index.js'
import type { CreateSessionInput } from '../model/gateway.js'
import type { PaymentSession, SessionStatus } from '../model/payment-session.js'
import { toRef } from '../model/ref.js'
import { createMemoryStore } from '../state/memory-store.js'
import type { StateStore } from '../state/state-store.js'
import { createRouter } from './create-router.js'
import { fakeGateway } from './fake-gateway.test-support.js'
import type { RouteTarget } from './route-rules.js'

const ORDER: CreateSessionInput = {
  amount: { amount: 2_500, currency: 'USD' },
  successUrl: 'https://shop.test/ok',
  reference: 'order_1',
}

/** A gateway whose sessions are numbered and whose statuses a test can set, like a provider's. */
function sessionsGateway<const Id extends string>(id: Id) {
  const fake = fakeGateway(id, ['sessions.create', 'sessions.retrieve'])
  const statuses = new Map<string, SessionStatus>()
  let next = 0
  const session = (sessionId: string, reference?: string): PaymentSession => ({
    object: 'session',
    id: sessionId,
    provider: id,
    ref: toRef(id, sessionId),
    status: statuses.get(sessionId) ?? 'open',
    nativeStatus: 'open',
    mode: 'payment',
    url: `https://${id}.test/pay/${sessionId}`,
    ...(reference === undefined ? {} : { reference }),
    raw: {},
  })
  fake.spies.sessions.create.mockImplementation(async (input: CreateSessionInput) => {
    const sessionId = `cs_${id}_${++next}`
    statuses.set(sessionId, 'open')
    return session(sessionId, input.reference)
  })
  fake.spies.sessions.retrieve.mockImplementation(async (sessionId: string) => {
    if (!statuses.has(sessionId))
      throw new NotFoundError({ provider: id, message: `no session ${sessionId}`, httpStatus: 404 })
    return session(sessionId)
  })
  return { ...fake, statuses, creates: fake.spies.sessions.create, retrieves: fake.spies.sessions.retrieve }
}

/** Two instances of one app: two routers over the same gateways and one shared store. */
function instances(
  route: RouteTarget<'alpha' | 'beta'> = ['alpha', 'beta'],
  store: StateStore = createMemoryStore(),
) {
  const alpha = sessionsGateway('alpha')
  const beta = sessionsGateway('beta')
  const build = () => createRouter({ gateways: [alpha.gateway, beta.gateway], route, store, breaker: false })
  return { alpha, beta, store, one: build(), two: build() }
}

const down = (provider: string, outcome: 'unknown' | 'not_sent') =>
  new ProviderUnavailableError({ provider, message: `${provider} is down`, outcome })

describe('checkout ledger: one session per order', () => {
  it('returns the open session of an order again instead of opening a second', async () => {
    const { alpha, one, two } = instances()
    const first = await one.sessions.create(ORDER)
    const again = await two.sessions.create(ORDER)
    expect(again.ref).toBe(first.ref)
    expect(alpha.creates).toHaveBeenCalledTimes(1)
    expect(alpha.retrieves).toHaveBeenCalledWith(first.id, undefined)
  })

  it('has let go of the order by the time the create resolves, so an app that closes its store leaves nothing held', async () => {
    const memory = createMemoryStore()
    // A store whose calls take a while, like one across a network.
    const slow: StateStore = {
      ...memory,
      releaseLease: async (key, owner) => {
        await new Promise((resolve) => setTimeout(resolve, 20))
        return memory.releaseLease(key, owner)
      },
    }
    const { one } = instances(['alpha'], slow)
    await one.sessions.create(ORDER)
    expect(await memory.acquireLease('checkout:lease:order_1', 'another instance', 1_000)).toBe(true)
  })

  it('opens one session for concurrent creates of one order from several instances', async () => {
    const { alpha, beta, one, two } = instances()
    const sessions = await Promise.all([
      one.sessions.create(ORDER),
      two.sessions.create(ORDER),
      one.sessions.create({ ...ORDER }),
    ])
    expect(new Set(sessions.map((session) => session.ref)).size).toBe(1)
    expect(alpha.creates.mock.calls.length + beta.creates.mock.calls.length).toBe(1)
  })

  it('keeps orders apart, and leaves creates without a reference alone', async () => {
    const { alpha, one } = instances()
    const a = await one.sessions.create(ORDER)
    const b = await one.sessions.create({ ...ORDER, reference: 'order_2' })
    expect(a.ref).not.toBe(b.ref)
    const { reference: _, ...anonymous } = ORDER
    await one.sessions.create(anonymous)
    await one.sessions.create(anonymous)
    expect(alpha.creates).toHaveBeenCalledTimes(4)
  })

  it('returns a complete session rather than letting the order be paid twice', async () => {
    const { alpha, one } = instances()
    const first = await one.sessions.create(ORDER)
    alpha.statuses.set(first.id, 'complete')
    const again = await one.sessions.create(ORDER)
    expect(again).toMatchObject({ ref: first.ref, status: 'complete' })
    expect(alpha.creates).toHaveBeenCalledTimes(1)
  })

  it.each(['expired', 'canceled'] as const)(
    'opens a new session once the recorded one is %s',
    async (status) => {
      const { alpha, one, two } = instances()
      const first = await one.sessions.create(ORDER)
      alpha.statuses.set(first.id, status)
      const second = await two.sessions.create(ORDER)
      expect(second.ref).not.toBe(first.ref)
      expect(second.status).toBe('open')
      expect((await one.sessions.create(ORDER)).ref).toBe(second.ref)
    },
  )

  it('opens a new session when the gateway no longer knows the recorded one', async () => {
    const { alpha, one } = instances()
    const first = await one.sessions.create(ORDER)
    alpha.statuses.delete(first.id)
    expect((await one.sessions.create(ORDER)).ref).not.toBe(first.ref)
  })

  it('refuses the same reference for other amounts, before any request', async () => {
    const { alpha, one } = instances()
    await one.sessions.create(ORDER)
    const error = await one.sessions
      .create({ ...ORDER, amount: { amount: 9_900, currency: 'USD' } })
      .catch((e: unknown) => e)
    expect(InvalidRequestError.isInstance(error) && error.code).toBe('reference_reused')
    expect((error as InvalidRequestError).issues[0]?.path).toBe('reference')
    expect(alpha.creates).toHaveBeenCalledTimes(1)
    // The same order written with its keys in another order is the same order.
    await one.sessions.create({
      reference: 'order_1',
      successUrl: 'https://shop.test/ok',
      amount: { currency: 'USD', amount: 2_500 },
    })
    expect(alpha.creates).toHaveBeenCalledTimes(1)
  })

  it('records the gateway a failover reached, so another instance gets that session', async () => {
    const { alpha, beta, one, two } = instances()
    alpha.creates.mockRejectedValueOnce(down('alpha', 'not_sent'))
    const first = await one.sessions.create(ORDER)
    expect(first.provider).toBe('beta')
    expect((await two.sessions.create(ORDER)).ref).toBe(first.ref)
    expect(beta.retrieves).toHaveBeenCalledTimes(1)
    expect(alpha.creates).toHaveBeenCalledTimes(1)
  })

  it('sends a repeat only where a create of unknown outcome went, never elsewhere', async () => {
    const { alpha, beta, one, two } = instances()
    alpha.creates.mockRejectedValueOnce(down('alpha', 'unknown'))
    beta.creates.mockRejectedValueOnce(down('beta', 'unknown'))
    await expect(one.sessions.create(ORDER)).rejects.toThrow('beta is down')
    // beta may have opened a session: the repeat goes to beta (whose reference may find it), not to alpha.
    const retried = await two.sessions.create(ORDER)
    expect(retried.provider).toBe('beta')
    expect(alpha.creates).toHaveBeenCalledTimes(1)
    expect(beta.creates).toHaveBeenCalledTimes(2)
  })

  it('keeps an order pinned when a retry at its gateway fails without being sent', async () => {
    const { alpha, beta, one } = instances()
    alpha.creates.mockRejectedValueOnce(down('alpha', 'unknown'))
    beta.creates.mockRejectedValueOnce(down('beta', 'unknown'))
    await expect(one.sessions.create(ORDER)).rejects.toThrow('beta is down')
    beta.creates.mockRejectedValueOnce(down('beta', 'not_sent'))
    await expect(one.sessions.create(ORDER)).rejects.toThrow('beta is down')
    // The first unknown outcome at beta still stands: the next try goes to beta again, not to alpha.
    expect((await one.sessions.create(ORDER)).provider).toBe('beta')
    expect(alpha.creates).toHaveBeenCalledTimes(1)
  })

  it('lets a repeat go wherever the route says after a create that surely failed', async () => {
    const { alpha, beta, one } = instances(['alpha'])
    alpha.creates.mockRejectedValueOnce(new InvalidRequestError({ provider: 'alpha', message: 'bad' }))
    await expect(one.sessions.create(ORDER)).rejects.toThrow('bad')
    expect((await one.sessions.create(ORDER)).provider).toBe('alpha')
    expect(beta.creates).not.toHaveBeenCalled()
  })

  it('fails with checkout_in_progress, not sent, when another create holds the order past waitMs', async () => {
    const store = createMemoryStore()
    const { alpha } = instances(['alpha'], store)
    const router = createRouter({
      gateways: [alpha.gateway],
      route: 'alpha',
      store,
      checkout: { waitMs: 30 },
    })
    await store.acquireLease('checkout:lease:order_1', 'another instance', 60_000)
    const error = await router.sessions.create(ORDER).catch((e: unknown) => e)
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'checkout_in_progress', outcome: 'not_sent' })
    expect(alpha.creates).not.toHaveBeenCalled()
  })

  it('opens nothing when the store is down: it cannot promise one session', async () => {
    const failing = {
      ...createMemoryStore(),
      acquireLease: vi.fn(async () => Promise.reject(new Error('ECONNREFUSED'))),
    }
    const { alpha } = instances(['alpha'])
    const router = createRouter({ gateways: [alpha.gateway], route: 'alpha', store: failing })
    const error = await router.sessions.create(ORDER).catch((e: unknown) => e)
    expect(StoreUnavailableError.isInstance(error)).toBe(true)
    expect(alpha.creates).not.toHaveBeenCalled()
  })

  it('gives the breaker’s probe back when the ledger cannot record the attempt, so the gateway can be probed again', async () => {
    let time = 0
    const memory = createMemoryStore({ now: () => time })
    const store: StateStore = {
      ...memory,
      compareAndSet: (key, version, value, ttlMs) =>
        key.startsWith('checkout:')
          ? Promise.reject(new Error('ECONNRESET'))
          : memory.compareAndSet(key, version, value, ttlMs),
    }
    const { alpha } = instances(['alpha'])
    const router = createRouter({
      gateways: [alpha.gateway],
      route: 'alpha',
      store,
      now: () => time,
      breaker: { failureThreshold: 1, cooldownMs: 1_000 },
    })
    alpha.creates.mockRejectedValueOnce(down('alpha', 'not_sent'))
    await expect(router.sessions.create({ ...ORDER, reference: undefined } as never)).rejects.toThrow(
      'alpha is down',
    )
    time += 1_000 // the cool-down is over: the next call is the probe
    await expect(router.sessions.create(ORDER)).rejects.toThrow(StoreUnavailableError)
    expect(await memory.acquireLease('breaker:alpha:probe', 'another instance', 1_000)).toBe(true)
  })

  it('is off with checkout: false', async () => {
    const { alpha } = instances(['alpha'])
    const router = createRouter({ gateways: [alpha.gateway], route: 'alpha', checkout: false })
    await router.sessions.create(ORDER)
    await router.sessions.create(ORDER)
    expect(alpha.creates).toHaveBeenCalledTimes(2)
  })
})
