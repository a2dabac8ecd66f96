import { inspect } from 'node:util'
import { type PaymentError, WebhookVerificationError } from '@paymux/core'
import { createEmulatorClock } from '@paymux/core/emulator'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFastaar } from '../fastaar-gateway.js'
import {
  createFastaarEmulator,
  EXPIRY_MS,
  FASTAAR_EMULATOR_WEBHOOK_SECRET,
  FASTAAR_TRIGGERS,
  type FastaarEmulator,
  type ServedFastaarEmulator,
  serveFastaarEmulator,
} from './index.js'

// The shared emulator kit, as Fastaar uses it: deliveries leave on the emulator's own clock with
// the documented retries, payment.expired fires at the 30-minute mark, `trigger`, `stop`, and a
// gateway built for the emulator reads its clock without a `now` setting.

const HOUR = 60 * 60 * 1000
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function createPayment(emulator: FastaarEmulator, key = 'fk_test_clock'): Promise<string> {
  const response = await emulator.fetch('https://fastaar.com/api/v1/payments', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 500 }),
  })
  return ((await response.json()) as { data: { id: string } }).data.id
}

let served: ServedFastaarEmulator | undefined
let stopped: FastaarEmulator | undefined
afterEach(async () => {
  await served?.close()
  served = undefined
  stopped?.stop()
  stopped = undefined
  vi.restoreAllMocks()
})

describe('Fastaar emulator webhooks on its own clock', () => {
  it('without a url records every event as unsent, signed with the default secret, and sends nothing', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    const emulator = createFastaarEmulator()
    stopped = emulator
    const gateway = createFastaar({
      apiKey: 'fk_test_clock',
      fetch: emulator.fetch,
      webhookSecret: FASTAAR_EMULATOR_WEBHOOK_SECRET,
    })
    const session = await gateway.sessions.create({ amount: { amount: 50_000, currency: 'BDT' } })
    await emulator.submitTrxId(session.id, { trxId: 'TRXUNSENT1' })
    const [delivery] = emulator.webhooks.deliveries
    expect(delivery).toMatchObject({
      id: 'fastaar_1',
      provider: 'fastaar',
      event: 'payment.completed',
      state: 'unsent',
    })
    expect(delivery?.attempts).toEqual([])
    expect(fetchSpy).not.toHaveBeenCalled()
    const event = await gateway.webhooks.verify(delivery?.request as never)
    expect(event).toMatchObject({ type: 'payment.succeeded', data: { id: session.id } })
    // Never retried either: there is nowhere to send it.
    await emulator.advance(2 * HOUR)
    expect(delivery?.attempts).toEqual([])
    // The secret is readable, but never in inspect or JSON output.
    expect(emulator.webhookSecret).toBe(FASTAAR_EMULATOR_WEBHOOK_SECRET)
    expect(inspect(emulator, { depth: 4 })).not.toContain(FASTAAR_EMULATOR_WEBHOOK_SECRET)
    expect(JSON.stringify(emulator)).not.toContain(FASTAAR_EMULATOR_WEBHOOK_SECRET)
    expect(Object.keys(emulator)).not.toContain('webhookSecret')
  })

  it('raises payment.expired at the 30-minute mark when the clock is advanced, with no request', async () => {
    const clock = createEmulatorClock({ start: new Date('2026-06-12T08:30:00Z'), frozen: true })
    const emulator = createFastaarEmulator({ clock })
    stopped = emulator
    const id = await createPayment(emulator)
    const requests = emulator.requestCount()
    await emulator.advance(EXPIRY_MS - 1)
    expect(emulator.webhooks.ofType('payment.expired')).toEqual([])
    await emulator.advance(1)
    expect(emulator.webhooks.ofType('payment.expired')).toHaveLength(1)
    expect(JSON.parse(emulator.webhooks.ofType('payment.expired')[0]?.body ?? '')).toMatchObject({
      event: 'payment.expired',
      created_at: '2026-06-12T15:00:00+06:00',
      data: { id, status: 'expired' },
    })
    expect(emulator.requestCount()).toBe(requests)
  })

  it('expires a payment by itself as real time reaches its 30 minutes, and sends the event', async () => {
    const received: string[] = []
    const emulator = createFastaarEmulator({
      webhooks: {
        url: 'https://shop.example.com/hooks',
        fetch: async (request) => {
          received.push(request.headers.get('x-fastaar-event') ?? '')
          return new Response(null, { status: 204 })
        },
      },
    })
    stopped = emulator
    const id = await createPayment(emulator)
    // 40 ms of real time before the mark.
    emulator.clock.set(emulator.clock.now() + EXPIRY_MS - 40)
    expect(emulator.payment(id)?.status).toBe('pending')
    await vi.waitFor(() => expect(received).toEqual(['payment.expired']), { timeout: 2_000, interval: 10 })
    expect(emulator.webhooks.deliveries[0]?.state).toBe('delivered')
  })

  it('retries a refused delivery by itself when its delay has passed in real time', async () => {
    let refuse = true
    const statuses: number[] = []
    const emulator = createFastaarEmulator({
      webhooks: {
        url: 'https://shop.example.com/hooks',
        retryDelaysMs: [30],
        fetch: async () => {
          const status = refuse ? 503 : 204
          refuse = false
          statuses.push(status)
          return new Response(null, { status })
        },
      },
    })
    stopped = emulator
    const [delivery] = await emulator.trigger('payment.completed')
    expect(statuses).toEqual([503])
    expect(delivery?.state).toBe('pending')
    await vi.waitFor(() => expect(statuses).toEqual([503, 204]), { timeout: 2_000, interval: 10 })
    expect(emulator.webhooks.deliveries[0]?.state).toBe('delivered')
  })

  it('stop() ends the timers: no retry and no expiry leave afterwards', async () => {
    const statuses: number[] = []
    const emulator = createFastaarEmulator({
      webhooks: {
        url: 'https://shop.example.com/hooks',
        retryDelaysMs: [20],
        fetch: async () => {
          statuses.push(503)
          return new Response(null, { status: 503 })
        },
      },
    })
    await emulator.trigger('payment.completed')
    await createPayment(emulator)
    emulator.stop()
    // Past the retry (20 ms of real time) and past the payment's expiry.
    emulator.clock.set(emulator.clock.now() + EXPIRY_MS)
    await wait(150)
    expect(statuses).toEqual([503])
    expect(emulator.webhooks.ofType('payment.expired')).toEqual([])
  })
})

describe('Fastaar emulator triggers', () => {
  it.each([
    ['payment.completed', 'payment.succeeded', 'completed'],
    ['payment.failed', 'payment.failed', 'failed'],
    ['payment.expired', 'payment.expired', 'expired'],
    ['payment.refunded', 'payment.refunded', 'refunded'],
  ])('%s: caused by the state change that makes it, verified as %s', async (event, neutral, status) => {
    const emulator = createFastaarEmulator({
      webhooks: {
        url: 'https://shop.example.com/hooks',
        fetch: async () => new Response(null, { status: 204 }),
      },
    })
    stopped = emulator
    const gateway = createFastaar({
      apiKey: 'fk_test_clock',
      fetch: emulator.fetch,
      webhookSecret: emulator.webhookSecret,
    })
    const deliveries = await emulator.trigger(event, { amount: '79.50', reference: 'ORDER-T' })
    const last = deliveries.at(-1)
    expect(last).toMatchObject({ event, state: 'delivered' })
    const verified = await gateway.webhooks.verify(last?.request as never)
    expect(verified).toMatchObject({ type: neutral, nativeType: event })
    expect(verified.data).toMatchObject({ amount: { amount: 7_950, currency: 'BDT' }, reference: 'ORDER-T' })
    const id = (JSON.parse(last?.body ?? '') as { data: { id: string } }).data.id
    expect(emulator.payment(id)).toMatchObject({ status })
  })

  it('drives an existing payment when given its id', async () => {
    const emulator = createFastaarEmulator()
    stopped = emulator
    const id = await createPayment(emulator)
    const [delivery] = await emulator.trigger('payment.completed', { paymentId: id })
    expect(JSON.parse(delivery?.body ?? '')).toMatchObject({ data: { id, status: 'completed' } })
    expect(emulator.paymentsCreated).toBe(1)
  })

  it.each([
    [
      'payment.succeeded',
      {},
      /cannot trigger "payment\.succeeded": use one of payment\.completed, payment\.failed/,
    ],
    ['payment.completed', { amount: 0 }, /amount must be taka more than 0/],
    ['payment.completed', { amount: '1.234' }, /amount must be taka/],
    ['payment.completed', { reference: 42 }, /reference must be a non-empty string/],
    ['payment.completed', { livemode: 'yes' }, /livemode must be true or false/],
    ['payment.completed', { paymentId: 'nope' }, /paymentId: no payment nope/],
    ['payment.completed', { amout: 5 }, /"amout" is not one of paymentId, amount, reference, livemode/],
  ])(
    'refuses trigger(%s, %o) with a TypeError naming the problem, changing nothing',
    async (event, input, message) => {
      const emulator = createFastaarEmulator()
      stopped = emulator
      await expect(emulator.trigger(event, input)).rejects.toThrow(TypeError)
      await expect(emulator.trigger(event, input)).rejects.toThrow(message)
      expect(emulator.paymentsCreated).toBe(0)
      expect(emulator.webhooks.deliveries).toEqual([])
      expect(emulator.triggers).toEqual(FASTAAR_TRIGGERS)
    },
  )
})

describe('a gateway built for the emulator reads its clock without `now`', () => {
  it('in-process, through emulator.fetch: a delivery signed hours ahead of the wall clock verifies', async () => {
    const emulator = createFastaarEmulator()
    stopped = emulator
    const gateway = createFastaar({
      apiKey: 'fk_test_clock',
      fetch: emulator.fetch,
      webhookSecret: emulator.webhookSecret,
    })
    await emulator.advance(5 * HOUR)
    const [delivery] = await emulator.trigger('payment.completed')
    expect((await gateway.webhooks.verify(delivery?.request as never)).type).toBe('payment.succeeded')
    // A gateway on the wall clock refuses the same delivery: the signature is 5 hours in the future.
    const wall = createFastaar({
      apiKey: 'fk_test_clock',
      webhookSecret: emulator.webhookSecret,
      now: Date.now,
    })
    const refused = await wall.webhooks
      .verify(delivery?.request as never)
      .catch((error: PaymentError) => error)
    expect(WebhookVerificationError.isInstance(refused)).toBe(true)
  })

  it('served, through baseUrl, on the given hostname, until the emulator is closed', async () => {
    served = await serveFastaarEmulator({ hostname: '127.0.0.1', port: 0 })
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(served.baseUrl).toBe(`${served.url}/api/v1`)
    const gateway = createFastaar({
      apiKey: 'fk_test_clock',
      baseUrl: served.baseUrl,
      webhookSecret: served.emulator.webhookSecret,
    })
    await served.emulator.advance(5 * HOUR)
    const [delivery] = await served.emulator.trigger('payment.completed')
    expect((await gateway.webhooks.verify(delivery?.request as never)).type).toBe('payment.succeeded')
    await served.close()
    served = undefined
    const late = await gateway.webhooks
      .verify(delivery?.request as never)
      .catch((error: PaymentError) => error)
    expect(WebhookVerificationError.isInstance(late)).toBe(true)
  })
})
