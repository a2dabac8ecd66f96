/**
 * The examples of docs/guides/combining-gateways.md and docs/guides/webhooks.md,
 * run against fake gateways: if the router's API or behaviour drifts from the
 * guides, this file stops compiling or passing.
 */
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { InvalidRequestError, ProviderUnavailableError } from '../errors/index.js'
import type { AnyGateway, CreateSessionInput } from '../model/gateway.js'
import type { Ref } from '../model/ref.js'
import type { WebhookEvent } from '../model/webhook-event.js'
import { createMemoryStore } from '../state/memory-store.js'
import { STATE_STORE_METHODS, type StateStore } from '../state/state-store.js'
import { createRouter } from './create-router.js'
import { fakeGateway, testStore, unavailable } from './fake-gateway.test-support.js'
import { byCountry, byCurrency, byWeight, compose, type RouteRule } from './route-rules.js'
import { createWebhookHandler, toNodeHandler } from './webhook-handler.js'

function shop() {
  const faststar = fakeGateway('faststar', [
    'sessions.create',
    'sessions.retrieve',
    'customers.create',
    'webhooks.verify',
  ] as const)
  const fastaar = fakeGateway('fastaar', [
    'sessions.create',
    'payments.retrieve',
    'payments.refund',
    'webhooks.verify',
  ] as const)
  const paystar = fakeGateway('paystar', ['sessions.create', 'webhooks.verify'] as const)
  return { faststar, fastaar, paystar }
}

const usd = (amount: number, more: CreateSessionInput = {}): CreateSessionInput => ({
  amount: { amount, currency: 'USD' },
  ...more,
})

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  )
}

describe('guide: combining gateways', () => {
  it('a first router: taka and Bangladesh to Fastaar, the rest to FastStar, then Paystar', async () => {
    const { faststar, fastaar, paystar } = shop()
    const payments = createRouter({
      gateways: [faststar.gateway, fastaar.gateway, paystar.gateway],
      route: compose(byCurrency({ BDT: 'fastaar' }), byCountry({ BD: 'fastaar' }), ['faststar', 'paystar']),
    })
    const session = await payments.sessions.create({
      amount: { amount: 107_950, currency: 'BDT' },
      reference: 'order-1001',
      successUrl: 'https://shop.example/thanks',
    })
    expect([session.provider, session.ref]).toEqual(['fastaar', 'fastaar:cs_fastaar'])
    expect((await payments.sessions.create(usd(2_500, { buyerCountry: 'BD' }))).provider).toBe('fastaar')
    expect((await payments.sessions.create(usd(2_500))).provider).toBe('faststar')

    faststar.spies.sessions.create.mockRejectedValueOnce(unavailable('faststar'))
    expect((await payments.sessions.create(usd(2_500))).provider).toBe('paystar')
  })

  it('byWeight keeps every retry of one order on the gateway its first call went to', async () => {
    const { faststar, paystar } = shop()
    // The rule's own promise, with the checkout ledger off: with it on (the default), a repeat of an
    // order returns its recorded session before the rule is asked (create-router.test.ts).
    const router = createRouter({
      gateways: [faststar.gateway, paystar.gateway],
      route: byWeight({ faststar: 90, paystar: 10 }),
      checkout: false,
    })
    const used = new Set<string>()
    for (let order = 0; order < 60; order++) {
      const first = await router.sessions.create(usd(500, { reference: `order-${order}` }))
      const retry = await router.sessions.create(usd(500, { reference: `order-${order}` }))
      expect(retry.provider).toBe(first.provider)
      used.add(first.provider)
    }
    expect([...used].sort()).toEqual(['faststar', 'paystar'])
  })

  it('a hand-written rule routes by context.operation, and `gateways` has it checked when built', async () => {
    const { faststar, fastaar, paystar } = shop()
    const cardsAtFastStar: RouteRule<'faststar'> = (_input, { operation }) =>
      operation === 'customers.create' || operation.startsWith('catalog.') || operation === 'tax.calculate'
        ? 'faststar'
        : undefined
    const router = createRouter({
      gateways: [faststar.gateway, fastaar.gateway, paystar.gateway],
      route: compose(cardsAtFastStar, byCurrency({ BDT: 'fastaar' }), ['paystar']),
    })
    expect((await router.customers.create({ email: 'ana@example.com' })).provider).toBe('faststar')
    expect((await router.sessions.create({ amount: { amount: 100, currency: 'BDT' } })).provider).toBe(
      'fastaar',
    )
    expect((await router.sessions.create(usd(100))).provider).toBe('paystar')

    // Gateways chosen at run time are typed AnyGateway: the router then takes any id, and checks it when built.
    const loaded: readonly AnyGateway[] = [faststar.gateway]
    const typo: RouteRule = Object.assign((() => 'fastar') satisfies RouteRule, { gateways: ['fastar'] })
    expect(() => createRouter({ gateways: loaded, route: typo })).toThrow(
      /"fastar", which this router does not have/,
    )
  })

  it('a gateway chosen by configuration: a constant rule, checked at start-up', async () => {
    const { faststar, fastaar } = shop()
    const configured = (name: string | undefined) =>
      createRouter({
        gateways: [faststar.gateway, fastaar.gateway],
        route: (name ?? 'faststar') as 'faststar' | 'fastaar', // checked by createRouter at start-up
      })
    expect((await configured('fastaar').sessions.create(usd(100))).provider).toBe('fastaar')
    expect((await configured(undefined).sessions.create(usd(100))).provider).toBe('faststar')
    expect(() => configured('paystar')).toThrow(InvalidRequestError)
  })

  it('calls by ref go to the owner; a bare id is refused before any request', async () => {
    const { faststar, fastaar } = shop()
    const payments = createRouter({ gateways: [faststar.gateway, fastaar.gateway], route: 'faststar' })
    const order: { paymentRef: Ref<'fastaar'> } = { paymentRef: 'fastaar:01jxyz' }
    const refunded = await payments.payments.refund(order.paymentRef, {
      amount: { amount: 7_950, currency: 'BDT' },
    })
    expect(refunded.ref).toBe('fastaar:01jxyz')
    expect(fastaar.spies.payments.refund).toHaveBeenCalledWith(
      '01jxyz',
      { amount: { amount: 7_950, currency: 'BDT' } },
      undefined,
    )
    // A bare id does not compile; from JavaScript or storage it is refused before any request.
    expect(await failure(payments.payments.retrieve('01jxyz' as never))).toMatchObject({
      code: 'invalid_ref',
    })
    expect(fastaar.spies.payments.retrieve).not.toHaveBeenCalled()
  })

  it('circuit_open: nothing sent, outcome not_sent, with retryAfterMs', async () => {
    const { faststar, paystar } = shop()
    let now = 0
    const changes: string[] = []
    const payments = createRouter({
      gateways: [faststar.gateway, paystar.gateway],
      route: ['faststar', 'paystar'],
      breaker: { failureThreshold: 1, cooldownMs: 60_000 },
      hooks: { onCircuitChange: ({ gateway, state }) => changes.push(`${gateway} ${state}`) },
      now: () => now,
    })
    faststar.spies.sessions.create.mockRejectedValue(unavailable('faststar'))
    paystar.spies.sessions.create.mockRejectedValue(unavailable('paystar'))
    await failure(payments.sessions.create(usd(100)))
    now = 15_000

    // The guide's handling of a resting route.
    const checkout = async (input: CreateSessionInput) => {
      try {
        return await payments.sessions.create(input)
      } catch (error) {
        if (ProviderUnavailableError.isInstance(error) && error.code === 'circuit_open') {
          return { retryLater: error.retryAfterMs, outcome: error.outcome }
        }
        throw error
      }
    }
    expect(await checkout(usd(100))).toEqual({ retryLater: 45_000, outcome: 'not_sent' })
    expect(changes).toEqual(['faststar open', 'paystar open'])
    expect(faststar.spies.sessions.create).toHaveBeenCalledTimes(1)
  })
})

describe('guide: webhooks', () => {
  /**
   * The guide's endpoint over a router given `store`: the guide passes `createRedisStore({ client })`,
   * stood in for here by the same contract in memory (the Redis store runs this contract against a
   * real redis-server in @paymux/store-redis).
   */
  function endpoint(store: StateStore, onEvent: (event: WebhookEvent) => Promise<void>) {
    const { faststar, fastaar } = shop()
    const router = createRouter({
      gateways: [faststar.gateway, fastaar.gateway],
      route: 'faststar',
      store,
      webhooks: { ttlMs: 72 * 60 * 60 * 1000 },
    })
    return createWebhookHandler({ webhooks: router.webhooks, onEvent })
  }

  const delivery = (url: string, method = 'POST') =>
    fetch(url, {
      method,
      headers: { 'x-fastaar-signature': 'good', 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify({ id: 'evt_1' }) } : {}),
    })

  async function serve(handler: (request: Request) => Promise<Response>) {
    // The guide's node:http mounting, as written there.
    const webhooks = toNodeHandler(handler)
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/webhooks')) {
        void webhooks(req, res)
        return
      }
      res.statusCode = 404
      res.end()
    }).listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    return { url: `http://127.0.0.1:${port}`, close: () => server.close() }
  }

  it('narrows on type, answers a redelivery as a duplicate, and handles an event again after onEvent failed', async () => {
    const paid: string[] = []
    let outage = true
    const handler = endpoint(createMemoryStore(), async (event) => {
      switch (event.type) {
        case 'payment.succeeded':
          if (outage) throw new Error('database down')
          paid.push(`${event.data.ref} ${event.data.amount.amount} ${event.data.amount.currency}`)
          break
        case 'unknown':
          break
      }
    })
    const server = await serve(handler)
    try {
      const failed = await delivery(`${server.url}/webhooks`)
      expect([failed.status, await failed.json()]).toEqual([500, { error: 'handler_failed' }])
      outage = false
      const handled = await delivery(`${server.url}/webhooks`)
      expect([handled.status, await handled.json()]).toEqual([200, { received: true }])
      const again = await delivery(`${server.url}/webhooks`)
      expect(await again.json()).toEqual({ received: true, duplicate: true })
      expect(paid).toEqual(['fastaar:pay_1 100 USD'])
      expect((await delivery(`${server.url}/webhooks`, 'GET')).status).toBe(405)
      expect((await delivery(`${server.url}/elsewhere`)).status).toBe(404)
    } finally {
      server.close()
    }
  })

  it('answers 500 store_failed when the store fails, so the gateway retries', async () => {
    const broken = testStore()
    for (const method of STATE_STORE_METHODS) broken.failing.add(method)
    const server = await serve(endpoint(broken.store, async () => {}))
    try {
      const response = await delivery(`${server.url}/webhooks`)
      expect([response.status, await response.json()]).toEqual([500, { error: 'store_failed' }])
    } finally {
      server.close()
    }
  })

  it('every instance given one shared store agrees: a delivery handled by one is a duplicate at the other', async () => {
    const store = createMemoryStore()
    const handled: string[] = []
    const first = await serve(endpoint(store, async (event) => void handled.push(`first ${event.ref}`)))
    const second = await serve(endpoint(store, async (event) => void handled.push(`second ${event.ref}`)))
    try {
      expect(await (await delivery(`${first.url}/webhooks`)).json()).toEqual({ received: true })
      const again = await delivery(`${second.url}/webhooks`)
      expect(await again.json()).toEqual({ received: true, duplicate: true })
      expect(handled).toEqual(['first fastaar:evt_1'])
    } finally {
      first.close()
      second.close()
    }
  })

  it("the guide's claim(), complete(), release() loop: a failure is released, the redelivery handled once", async () => {
    const { fastaar } = shop()
    const router = createRouter({ gateways: [fastaar.gateway], route: 'fastaar' })
    const handled: string[] = []
    let outage = true
    const onEvent = async (event: WebhookEvent) => {
      if (outage) throw new Error('database down')
      handled.push(event.ref)
    }
    const ok = () => 'ok'
    const retryLater = () => 'retry later'
    // As the guide writes it.
    const receive = async (rawBody: string, headers: Record<string, string>) => {
      const event = await router.webhooks.verify({ rawBody, headers })
      const claim = await router.webhooks.claim(event)
      if (claim === 'handled') return ok() // a redelivery: already handled
      if (claim === 'in_progress') return retryLater() // another copy is being handled right now: answer non-2xx
      try {
        await onEvent(event)
      } catch (error) {
        await router.webhooks.release(event) // so the redelivery is handled again
        throw error
      }
      await router.webhooks.complete(event) // remembered as handled for ttlMs
      return ok()
    }
    const body = JSON.stringify({ id: 'evt_1' })
    const headers = { 'x-fastaar-signature': 'good' }
    await expect(receive(body, headers)).rejects.toThrow('database down')
    outage = false
    expect(await receive(body, headers)).toBe('ok')
    expect(await receive(body, headers)).toBe('ok')
    expect(handled).toEqual(['fastaar:evt_1'])
    // A copy arriving while another holds the claim is told to come back.
    expect(await router.webhooks.claim('fastaar:evt_2')).toBe('claimed')
    expect(await receive(JSON.stringify({ id: 'evt_2' }), headers)).toBe('retry later')
  })
})
