import { createHmac } from 'node:crypto'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { createFastStar } from '../faststar-gateway.js'
import { guideEventTypes } from '../fixtures/faststar-examples.js'
import {
  createFastStarEmulator,
  FASTSTAR_EMULATOR_KEYS,
  FASTSTAR_EMULATOR_WEBHOOK_SECRET,
  FASTSTAR_TRIGGERS,
  type ServedFastStarEmulator,
  serveFastStarEmulator,
} from './index.js'

// The FastStar emulator on the shared kit: webhook settings, records, trigger, the clock a
// gateway picks up without `now:`, and serving.

const PAST_TOLERANCE = 10 * 60 * 1000
const ok = async () => new Response(null, { status: 204 })
const served: ServedFastStarEmulator[] = []
afterEach(async () => {
  await Promise.all(served.splice(0).map((server) => server.close()))
})

function gatewayFor(emulator: ReturnType<typeof createFastStarEmulator>) {
  return createFastStar({
    apiKey: FASTSTAR_EMULATOR_KEYS.direct,
    merchantType: 'direct',
    fetch: emulator.fetch,
    webhookSecret: emulator.webhookSecret,
  })
}

describe('webhook settings and records', () => {
  it('an empty event subset sends every type (SUPPLEMENT: "empty = all")', async () => {
    const emulator = createFastStarEmulator({
      webhooks: { url: 'https://shop.example/wh', events: [], fetch: ok },
    })
    const deliveries = await emulator.trigger('payment.refunded')
    expect(deliveries.map((delivery) => [delivery.event, delivery.state])).toEqual([
      ['payment.succeeded', 'delivered'],
      ['refund.succeeded', 'delivered'],
      ['payment.refunded', 'delivered'],
    ])
  })

  it('a subset sends only its types; the others are recorded as filtered, never posted', async () => {
    const posted: string[] = []
    const emulator = createFastStarEmulator({
      webhooks: {
        url: 'https://shop.example/wh',
        events: ['refund.succeeded'],
        fetch: async (request) => {
          posted.push(request.headers.get('x-webhook-id') ?? '')
          return new Response(null, { status: 204 })
        },
      },
    })
    const deliveries = await emulator.trigger('refund.succeeded')
    expect(deliveries.map((delivery) => [delivery.event, delivery.state])).toEqual([
      ['payment.succeeded', 'filtered'],
      ['refund.succeeded', 'delivered'],
      ['payment.refunded', 'filtered'],
    ])
    expect(posted).toEqual([deliveries[1]?.eventId])
  })

  it('without a url every event is still built, signed with the default secret and recorded unsent', async () => {
    const emulator = createFastStarEmulator()
    expect(emulator.webhookSecret).toBe(FASTSTAR_EMULATOR_WEBHOOK_SECRET)
    const [delivery] = await emulator.trigger('payment.succeeded')
    expect(delivery).toMatchObject({
      provider: 'faststar',
      event: 'payment.succeeded',
      state: 'unsent',
      attempts: [],
    })
    const event = await gatewayFor(emulator).webhooks.verify(
      delivery?.request ?? { rawBody: '', headers: {} },
    )
    expect(event).toMatchObject({ type: 'payment.succeeded', id: delivery?.eventId })
    const created = JSON.parse(delivery?.body ?? '{}').created as number
    const hex = createHmac('sha256', FASTSTAR_EMULATOR_WEBHOOK_SECRET)
      .update(`${created}.${delivery?.body}`)
      .digest('hex')
    expect(delivery?.headers['x-webhook-signature']).toBe(`t=${created},v1=${hex}`)
  })

  it('an endpoint that fails is not retried (FastStar documents no schedule): one attempt, failed', async () => {
    const emulator = createFastStarEmulator({
      webhooks: { url: 'https://shop.example/wh', fetch: async () => new Response('no', { status: 500 }) },
    })
    const [delivery] = await emulator.trigger('payment.succeeded')
    await emulator.advance(24 * 60 * 60 * 1000)
    expect(emulator.webhooks.get(delivery?.id ?? '')).toMatchObject({
      state: 'failed',
      attempts: [{ ok: false, status: 500 }],
    })
  })

  it('the secret is readable as webhookSecret, but not in util.inspect, JSON.stringify or the keys', () => {
    const emulator = createFastStarEmulator({ webhooks: { secret: 'whsec_never_shown' } })
    expect(emulator.webhookSecret).toBe('whsec_never_shown')
    expect(inspect(emulator, { depth: 4, getters: true })).not.toContain('whsec_never_shown')
    expect(JSON.stringify(emulator)).not.toContain('whsec_never_shown')
    expect(Object.keys(emulator)).not.toContain('webhookSecret')
  })

  it('build() signs a delivery it neither records nor sends', () => {
    const emulator = createFastStarEmulator({ webhooks: { url: 'https://shop.example/wh', fetch: ok } })
    const built = emulator.webhooks.build(
      'payment.succeeded',
      { payment_id: 'pi_1', amount: 1, currency: 'USD', status: 'succeeded' },
      { id: 'evt_fixed' },
    )
    expect(JSON.parse(built.body)).toMatchObject({
      id: 'evt_fixed',
      type: 'payment.succeeded',
      livemode: false,
      api_version: 'v1',
    })
    expect(built.headers['x-webhook-id']).toBe('evt_fixed')
    expect(emulator.webhooks.deliveries).toEqual([])
  })

  it('a replay resends the same body and event id, signed afresh, keeping X-Webhook-Timestamp the creation time', async () => {
    const bodies: { body: string; headers: Headers }[] = []
    const emulator = createFastStarEmulator({
      webhooks: {
        url: 'https://shop.example/wh',
        fetch: async (request) => {
          bodies.push({ body: await request.text(), headers: request.headers })
          return new Response(null, { status: 204 })
        },
      },
    })
    const [delivery] = await emulator.trigger('payment.succeeded')
    await emulator.advance(PAST_TOLERANCE)
    const attempt = await emulator.webhooks.replay(delivery?.id ?? '')
    expect(attempt).toMatchObject({ ok: true, replay: true })
    const [first, again] = bodies
    expect(again?.body).toBe(first?.body)
    expect(again?.headers.get('x-webhook-timestamp')).toBe(first?.headers.get('x-webhook-timestamp'))
    expect(again?.headers.get('x-webhook-signature')).not.toBe(first?.headers.get('x-webhook-signature'))
    const event = await gatewayFor(emulator).webhooks.verify({
      rawBody: again?.body ?? '',
      headers: again?.headers ?? {},
    })
    expect(event.id).toBe(delivery?.eventId)
  })
})

describe('trigger', () => {
  it('lists exactly the fourteen event types of the webhooks guide', () => {
    expect([...FASTSTAR_TRIGGERS].sort()).toEqual([...guideEventTypes].sort())
    expect(createFastStarEmulator().triggers).toBe(FASTSTAR_TRIGGERS)
  })

  it.each(FASTSTAR_TRIGGERS.map((type) => [type]))(
    '%s: caused, delivered, and verified by a gateway without now: after the clock moved',
    async (type) => {
      const emulator = createFastStarEmulator({ webhooks: { url: 'https://shop.example/wh', fetch: ok } })
      const gateway = gatewayFor(emulator)
      await emulator.advance(PAST_TOLERANCE)
      const requests = emulator.requestCount()
      const deliveries = await emulator.trigger(type, { amount: 4200, currency: 'EUR' })
      const mine = deliveries.filter((delivery) => delivery.event === type)
      expect(mine.length).toBeGreaterThan(0)
      expect(deliveries.every((delivery) => delivery.state === 'delivered')).toBe(true)
      for (const delivery of mine) {
        const event = await gateway.webhooks.verify(delivery.request)
        expect(event.nativeType).toBe(type)
        // Subscription bodies carry no currency (§5): their subscription record does.
        const data = (event.raw as { data: Record<string, unknown> }).data
        const subscription = emulator.state.subscriptions.get(String(data.subscription_id))
        expect(data.currency ?? subscription?.currency).toBe('EUR')
      }
      expect(emulator.requestCount()).toBe(requests)
    },
  )

  it('settlement.succeeded pays out only the payment the trigger made, not a test’s own', async () => {
    const emulator = createFastStarEmulator()
    const [own] = await emulator.trigger('payment.succeeded')
    const [, settled] = await emulator.trigger('settlement.succeeded')
    const ownPaymentId = (JSON.parse(own?.body ?? '{}') as { data: { payment_id: string } }).data.payment_id
    expect(JSON.parse(settled?.body ?? '{}').data.payment_ids).not.toContain(ownPaymentId)
    expect(emulator.state.payments.get(ownPaymentId)?.settlement_id).toBeUndefined()
    expect(await emulator.settle()).toEqual([expect.objectContaining({ payment_ids: [ownPaymentId] })])
  })

  it('an unknown event is a TypeError naming the valid ones; bad input names the field', async () => {
    const emulator = createFastStarEmulator()
    await expect(emulator.trigger('payment.exploded')).rejects.toThrow(
      /Unknown FastStar event "payment.exploded": trigger one of payment.succeeded, .*settlement.succeeded/,
    )
    await expect(emulator.trigger('payment.succeeded', { amount: 1.5 })).rejects.toThrow(
      /amount must be a positive integer/,
    )
    await expect(emulator.trigger('payment.succeeded', { currency: 'usd' })).rejects.toThrow(
      /currency must be an ISO 4217/,
    )
    await expect(emulator.trigger('payment.succeeded', { merchant: 'fs_live_secret' })).rejects.toThrow(
      TypeError,
    )
    await expect(emulator.trigger('payment.succeeded', { merchant: 'fs_live_secret' })).rejects.not.toThrow(
      /fs_live_secret/,
    )
    expect(emulator.webhooks.deliveries).toEqual([])
  })
})

describe('the clock', () => {
  it('clock.advance alone runs what fell due: a session expires without a request', async () => {
    const emulator = createFastStarEmulator()
    const gateway = gatewayFor(emulator)
    const session = await gateway.sessions.create({
      amount: { amount: 500, currency: 'USD' },
      successUrl: 'https://shop.example/thanks',
      cancelUrl: 'https://shop.example/cart',
    })
    emulator.clock.advance(24 * 60 * 60 * 1000)
    expect(emulator.state.sessions.get(session.id)?.status).toBe('expired')
  })

  it('a served emulator: a gateway given only its baseUrl verifies deliveries signed after advance()', async () => {
    const server = await serveFastStarEmulator({ webhooks: { url: 'https://shop.example/wh', fetch: ok } })
    served.push(server)
    const gateway = createFastStar({
      apiKey: FASTSTAR_EMULATOR_KEYS.direct,
      merchantType: 'direct',
      baseUrl: server.baseUrl,
      webhookSecret: server.emulator.webhookSecret,
    })
    expect(server.baseUrl).toBe(`${server.url}/api/v1`)
    await server.emulator.advance(PAST_TOLERANCE)
    const [delivery] = await server.emulator.trigger('payment.succeeded')
    await expect(
      gateway.webhooks.verify(delivery?.request ?? { rawBody: '', headers: {} }),
    ).resolves.toMatchObject({ type: 'payment.succeeded' })
    // The control: a gateway on the real clock refuses the same delivery.
    const realTime = createFastStar({
      apiKey: FASTSTAR_EMULATOR_KEYS.direct,
      webhookSecret: server.emulator.webhookSecret,
      now: Date.now,
    })
    await expect(realTime.webhooks.verify(delivery?.request ?? { rawBody: '', headers: {} })).rejects.toThrow(
      /tolerance/,
    )
  })
})
