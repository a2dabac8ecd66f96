import { inspect } from 'node:util'
import { createEmulatorClock } from '@paymux/core/emulator'
import { describe, expect, it } from 'vitest'
import { createPaystar } from '../paystar-gateway.js'
import {
  createPaystarEmulator,
  PAYSTAR_EMULATOR_WEBHOOK_SECRET,
  PAYSTAR_TRIGGERS,
  type PaystarEmulatorOptions,
} from './index.js'

// The Paystar emulator on the shared emulator kit: one webhook settings shape, records for
// every delivery, delivery outside the buyer's answer, retries on the emulator clock,
// trigger, advance and stop.

const SECRET = 'whsec_kit'
const bill = { amount: { amount: 30034, currency: 'USD' }, description: 'January Water Bill' }
const T0 = Date.UTC(2030, 0, 1)

function setup(options: PaystarEmulatorOptions = {}, webhookSecret = SECRET) {
  const emulator = createPaystarEmulator({
    clock: createEmulatorClock({ start: T0, frozen: true }),
    ...options,
  })
  const paystar = createPaystar({
    apiKey: emulator.apiKey,
    businessUnitSlug: emulator.businessUnitSlug,
    webhookSecret,
    fetch: emulator.fetch,
  })
  return { emulator, paystar }
}

/** A merchant endpoint that answers with the given statuses in turn (then 204), recording each request. */
function endpoint(...statuses: number[]) {
  const requests: Request[] = []
  const fetch = async (request: Request) => {
    requests.push(request)
    return new Response(null, { status: statuses.shift() ?? 204 })
  }
  return { requests, fetch }
}

describe('paystar emulator webhooks: records without an endpoint', () => {
  it("without a url every delivery is rendered, signed and recorded 'unsent'; it verifies", async () => {
    const { emulator, paystar } = setup({ webhooks: { secret: SECRET } })
    const session = await paystar.sessions.create(bill)
    await emulator.pay(session.id)
    const [delivery] = emulator.webhooks.deliveries
    expect(delivery).toMatchObject({
      id: 'paystar_1',
      provider: 'paystar',
      event: 'Payment.Succeeded',
      state: 'unsent',
      attempts: [],
      createdAt: T0,
      url: '',
    })
    expect(delivery?.headers['x-paystar-webhook-secret']).toBe(SECRET)
    if (delivery === undefined) throw new Error('no delivery')
    expect((await paystar.webhooks.verify(delivery.request)).type).toBe('payment.succeeded')
    expect(JSON.stringify(emulator.webhooks.deliveries)).not.toContain('webhooks.invalid')
  })

  it('with the secret in the URL, an unsent record carries it as a bare query that verify reads', async () => {
    const { emulator } = setup({ webhooks: { secret: SECRET, secretIn: 'query', queryParameter: 'key' } })
    await emulator.trigger('Payment.Succeeded')
    const delivery = emulator.webhooks.deliveries[0]
    expect(delivery?.url).toBe(`?key=${SECRET}`)
    expect(delivery?.headers).toEqual({ 'content-type': 'application/json' })
    const gateway = createPaystar({
      apiKey: emulator.apiKey,
      businessUnitSlug: emulator.businessUnitSlug,
      webhookSecret: SECRET,
      webhooks: { secretHeader: false, secretQueryParameter: 'key' },
    })
    if (delivery === undefined) throw new Error('no delivery')
    expect((await gateway.webhooks.verify(delivery.request)).type).toBe('payment.succeeded')
  })

  it('without webhook settings the secret is PAYSTAR_EMULATOR_WEBHOOK_SECRET, also on emulator.webhookSecret', async () => {
    const { emulator, paystar } = setup({}, PAYSTAR_EMULATOR_WEBHOOK_SECRET)
    expect(emulator.webhookSecret).toBe(PAYSTAR_EMULATOR_WEBHOOK_SECRET)
    const [delivery] = await emulator.trigger('Payment.Succeeded')
    if (delivery === undefined) throw new Error('no delivery')
    expect(delivery.headers['x-paystar-webhook-secret']).toBe(PAYSTAR_EMULATOR_WEBHOOK_SECRET)
    expect((await paystar.webhooks.verify(delivery.request)).type).toBe('payment.succeeded')
  })

  it('util.inspect, JSON.stringify and the keys of the emulator, and of its webhooks, show no secret', () => {
    const { emulator } = setup({ webhooks: { secret: 'whsec_never_shown' } })
    expect(emulator.webhookSecret).toBe('whsec_never_shown')
    expect(inspect(emulator, { depth: 4, getters: true })).not.toContain('whsec_never_shown')
    expect(JSON.stringify(emulator)).not.toContain('whsec_never_shown')
    expect(Object.keys(emulator)).not.toContain('webhookSecret')
    expect(inspect(emulator.webhooks, { depth: 4 })).not.toContain('whsec_never_shown')
  })

  it("an event outside webhooks.events is recorded 'filtered' and never posted; an empty list means all", async () => {
    const target = endpoint()
    const { emulator } = setup({
      webhooks: {
        secret: SECRET,
        url: 'https://shop.example/hooks',
        fetch: target.fetch,
        events: ['AutoPay.Enrolled'],
      },
    })
    await emulator.trigger('Payment.Succeeded')
    await emulator.trigger('AutoPay.Enrolled')
    expect(emulator.webhooks.deliveries.map((delivery) => [delivery.event, delivery.state])).toEqual([
      ['Payment.Succeeded', 'filtered'],
      ['AutoPay.Enrolled', 'delivered'],
    ])
    expect(target.requests).toHaveLength(1)

    const all = endpoint()
    const every = setup({ webhooks: { url: 'https://shop.example/hooks', fetch: all.fetch, events: [] } })
    await every.emulator.trigger('Payment.Succeeded')
    expect(every.emulator.webhooks.deliveries[0]?.state).toBe('delivered')
  })

  it('build renders and signs without recording; replay sends the same body again', async () => {
    const target = endpoint()
    const { emulator, paystar } = setup({
      webhooks: { secret: SECRET, url: 'https://shop.example/h', fetch: target.fetch },
    })
    const built = emulator.webhooks.build('AutoPay.Enrolled', { status: 'Enrolled', accountNumber: 'A-1' })
    expect(built.id).toBe('paystar_0')
    expect(emulator.webhooks.deliveries).toEqual([])
    expect(await paystar.webhooks.verify(built.request)).toMatchObject({ type: 'subscription.created' })
    const [delivery] = await emulator.trigger('AutoPay.Enrolled', { accountNumber: 'A-2' })
    if (delivery === undefined) throw new Error('no delivery')
    const attempt = await emulator.webhooks.replay(delivery.id)
    expect(attempt).toMatchObject({ ok: true, status: 204, replay: true })
    expect(await target.requests[1]?.text()).toBe(delivery.body)
  })
})

describe('paystar emulator webhooks: when they are sent', () => {
  it('the buyer’s POST …/pay answers before the merchant’s endpoint does; the control settles it', async () => {
    let release: (response: Response) => void = () => {}
    const requests: Request[] = []
    const { emulator, paystar } = setup({
      webhooks: {
        secret: SECRET,
        url: 'https://shop.example/hooks',
        fetch: (request) => {
          requests.push(request)
          return new Promise((resolve) => {
            release = resolve
          })
        },
      },
    })
    const session = await paystar.sessions.create(bill)
    const answer = await emulator.handler(new Request(`${session.url}/pay`, { method: 'POST' }))
    expect(answer.status).toBe(200)
    expect(requests).toHaveLength(1)
    expect(emulator.webhooks.deliveries[0]?.state).toBe('pending')
    release(new Response(null, { status: 200 }))
    await emulator.webhooks.settle()
    expect(emulator.webhooks.deliveries[0]?.state).toBe('delivered')
  })

  it('a failed attempt is retried on the emulator clock (retryDelaysMs), by advance', async () => {
    const target = endpoint(500, 503)
    const { emulator, paystar } = setup({
      webhooks: {
        secret: SECRET,
        url: 'https://shop.example/hooks',
        fetch: target.fetch,
        retryDelaysMs: [60_000, 120_000],
      },
    })
    const session = await paystar.sessions.create(bill)
    await emulator.pay(session.id)
    expect(emulator.webhooks.deliveries[0]).toMatchObject({ state: 'pending', nextAttemptAt: T0 + 60_000 })
    await emulator.advance(59_999)
    expect(target.requests).toHaveLength(1)
    await emulator.advance(1)
    expect(emulator.webhooks.deliveries[0]).toMatchObject({ state: 'pending', nextAttemptAt: T0 + 180_000 })
    await emulator.advance(120_000)
    const delivery = emulator.webhooks.deliveries[0]
    expect(delivery?.state).toBe('delivered')
    expect(delivery?.attempts.map((attempt) => [attempt.at - T0, attempt.status])).toEqual([
      [0, 500],
      [60_000, 503],
      [180_000, 204],
    ])
    // Every attempt carries the same body.
    const bodies = await Promise.all(target.requests.map((request) => request.text()))
    expect(new Set(bodies).size).toBe(1)
  })

  it('by default a failed attempt is not retried (Paystar documents no schedule): failed', async () => {
    const target = endpoint(500)
    const { emulator } = setup({ webhooks: { url: 'https://shop.example/hooks', fetch: target.fetch } })
    await emulator.trigger('Payment.Succeeded')
    expect(emulator.webhooks.deliveries[0]?.state).toBe('failed')
  })

  it('stop ends the retries', async () => {
    const target = endpoint(500)
    const { emulator } = setup({
      webhooks: { url: 'https://shop.example/hooks', fetch: target.fetch, retryDelaysMs: [1000] },
    })
    await emulator.trigger('Payment.Succeeded')
    emulator.stop()
    await emulator.advance(5000)
    expect(target.requests).toHaveLength(1)
    expect(emulator.webhooks.deliveries[0]?.state).toBe('pending')
  })
})

describe('paystar emulator: trigger', () => {
  it('lists the supplement’s actions', () => {
    expect(createPaystarEmulator().triggers).toEqual([
      'Payment.Succeeded',
      'AutoPay.Enrolled',
      'AutoPay.Unenrolled',
    ])
    expect(PAYSTAR_TRIGGERS).toEqual(createPaystarEmulator().triggers)
  })

  it('Payment.Succeeded pays a new session, or the one named; each delivery verifies as the neutral event', async () => {
    const { emulator, paystar } = setup({ webhooks: { secret: SECRET } })
    const [made] = await emulator.trigger('Payment.Succeeded', { amount: 4200, reference: 'bill-9' })
    if (made === undefined) throw new Error('no delivery')
    expect(await paystar.webhooks.verify(made.request)).toMatchObject({
      type: 'payment.succeeded',
      data: { amount: { amount: 4200, currency: 'USD' }, reference: 'bill-9' },
    })
    expect(emulator.stats).toMatchObject({ sessionsCreated: 1, payments: 1, deliveries: 1 })
    const session = await paystar.sessions.create(bill)
    const [named] = await emulator.trigger('Payment.Succeeded', { sessionId: session.id })
    expect(named?.body).toContain(`"sessionIdentifier":"${session.id}"`)
    expect(emulator.session(session.id)?.status).toBe('Succeeded')
  })

  it('AutoPay.Enrolled and AutoPay.Unenrolled change the account and verify as subscription events', async () => {
    const { emulator, paystar } = setup({ webhooks: { secret: SECRET } })
    const [enrolled] = await emulator.trigger('AutoPay.Enrolled', { accountNumber: 'ACC-7' })
    if (enrolled === undefined) throw new Error('no delivery')
    expect(emulator.store.accounts.get('acme-utilities\u0000ACC-7')?.autoPay).toBe(true)
    expect(await paystar.webhooks.verify(enrolled.request)).toMatchObject({
      type: 'subscription.created',
      data: { id: 'ACC-7' },
    })
    const unenrolled = await emulator.trigger('AutoPay.Unenrolled', { accountNumber: 'ACC-7' })
    expect(unenrolled.map((delivery) => delivery.event)).toEqual(['AutoPay.Unenrolled'])
    expect(emulator.store.accounts.get('acme-utilities\u0000ACC-7')?.autoPay).toBe(false)
    // An account not enrolled is enrolled first, as a buyer would have: both deliveries.
    const both = await emulator.trigger('AutoPay.Unenrolled', { accountNumber: 'ACC-8' })
    expect(both.map((delivery) => delivery.event)).toEqual(['AutoPay.Enrolled', 'AutoPay.Unenrolled'])
    const last = both[1]
    if (last === undefined) throw new Error('no delivery')
    expect(await paystar.webhooks.verify(last.request)).toMatchObject({ type: 'subscription.canceled' })
  })

  it('an unknown event is a TypeError naming the valid ones; bad input names the field; nothing happens', async () => {
    const { emulator } = setup()
    await expect(emulator.trigger('payment.succeeded')).rejects.toThrow(
      'one of Payment.Succeeded, AutoPay.Enrolled, AutoPay.Unenrolled',
    )
    for (const [input, field] of [
      [{ amount: 0 }, 'amount'],
      [{ amount: 10.5 }, 'amount'],
      [{ amount: '100' }, 'amount'],
      [{ sessionId: 42 }, 'sessionId'],
      [{ reference: '' }, 'reference'],
    ] as const) {
      await expect(emulator.trigger('Payment.Succeeded', input)).rejects.toThrow(TypeError)
      await expect(emulator.trigger('Payment.Succeeded', input)).rejects.toThrow(field)
    }
    await expect(emulator.trigger('AutoPay.Enrolled', { accountNumber: ' ' })).rejects.toThrow(
      'accountNumber',
    )
    expect(emulator.webhooks.deliveries).toEqual([])
    expect(emulator.stats.payments).toBe(0)
  })
})
