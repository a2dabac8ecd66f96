import type { WebhookEvent } from '@paymux/core'
import { describe, expect, it } from 'vitest'
import { createFastStar } from '../faststar-gateway.js'
import { guideEventTypes } from '../fixtures/faststar-examples.js'
import { createFastStarEmulator, FASTSTAR_EMULATOR_KEYS, FASTSTAR_TEST_CARDS } from './index.js'

// Every event type SUPPLEMENT lists, caused by the action that causes it (a buyer, the
// merchant, a bank or time), then verified by a gateway that was given no `now:`:
// each test first moves the emulator clock past the 300 s tolerance, so a gateway on
// the real clock would refuse every delivery.

const DAY = 24 * 60 * 60 * 1000
const PAST_TOLERANCE = 10 * 60 * 1000
const urls = { successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/cart' }

/** Every native type a test below caused and the gateway verified. */
const caused = new Set<string>()

async function start(options: Parameters<typeof createFastStarEmulator>[0] = {}) {
  // The shop's endpoint: each delivery is verified as it arrives, on the emulator's time.
  const received: { type: string; event: Promise<WebhookEvent> }[] = []
  const emulator = createFastStarEmulator({
    webhooks: {
      url: 'https://shop.example/webhooks/faststar',
      fetch: async (request) => {
        const rawBody = await request.text()
        const event = gateway.webhooks.verify({ rawBody, headers: Object.fromEntries(request.headers) })
        event.catch(() => {})
        const { type } = JSON.parse(rawBody) as { type: string }
        received.push({ type, event })
        void event.then(() => caused.add(type))
        return new Response(null, { status: 204 })
      },
    },
    ...options,
  })
  const gateway = createFastStar({
    apiKey: FASTSTAR_EMULATOR_KEYS.mor,
    fetch: emulator.fetch,
    webhookSecret: emulator.webhookSecret,
  })
  await emulator.advance(PAST_TOLERANCE)
  /** The verified events so far (optionally of one native type), oldest first. */
  const events = (type?: string): Promise<WebhookEvent[]> =>
    Promise.all(
      received
        .filter((delivery) => type === undefined || delivery.type === type)
        .map((delivery) => delivery.event),
    )
  const nativeTypes = () => received.map((delivery) => delivery.type)
  return { emulator, gateway, events, nativeTypes }
}

/** The native `data` the event was normalized from. */
const nativeData = (event: WebhookEvent | undefined) => (event?.raw as { data?: unknown } | undefined)?.data

type Started = Awaited<ReturnType<typeof start>>

async function recurringPrice({ gateway }: Started, trialPeriodDays?: number) {
  const product = await gateway.catalog.products.create({ name: 'Pro plan' })
  return gateway.catalog.prices.create({
    productId: product.id,
    unitAmount: { amount: 1900, currency: 'USD' },
    type: 'recurring',
    recurring: { interval: 'month', ...(trialPeriodDays === undefined ? {} : { trialPeriodDays }) },
  })
}

async function paidSession(started: Started, amount = 2500) {
  const product = await started.gateway.catalog.products.create({ name: 'Coffee beans' })
  const price = await started.gateway.catalog.prices.create({
    productId: product.id,
    unitAmount: { amount, currency: 'USD' },
  })
  const session = await started.gateway.sessions.create({
    lineItems: [{ priceId: price.id }],
    reference: 'order_7',
    ...urls,
  })
  return session
}

async function subscribed(started: Started, trialPeriodDays?: number) {
  const price = await recurringPrice(started, trialPeriodDays)
  const session = await started.gateway.sessions.create({
    mode: 'subscription',
    lineItems: [{ priceId: price.id }],
    customer: { email: 'jane@example.com' },
    ...urls,
  })
  const completed = await started.emulator.completeSession(session.id)
  const [subscription] = started.emulator.state.subscriptions.values()
  if (subscription === undefined) throw new Error('no subscription')
  return { price, session, completed, subscription }
}

describe('payments: succeeded, failed, canceled', () => {
  it('a paid checkout: payment.succeeded with the exact amount and reference', async () => {
    const started = await start()
    const session = await paidSession(started, 2500)
    await started.emulator.completeSession(session.id)
    const [event] = await started.events('payment.succeeded')
    expect(event).toMatchObject({
      type: 'payment.succeeded',
      data: { status: 'succeeded', amount: { amount: 2500, currency: 'USD' }, reference: 'order_7' },
    })
  })

  it('a declined attempt: payment.failed, the session stays open; the merchant cancels it: payment.canceled', async () => {
    const started = await start()
    const session = await paidSession(started, 2500)
    const failed = await started.emulator.failSession(session.id)
    expect((await started.gateway.sessions.retrieve(session.id)).status).toBe('open')
    const [failure] = await started.events('payment.failed')
    expect(failure).toMatchObject({
      type: 'payment.failed',
      data: { id: failed.id, status: 'failed', amount: { amount: 2500, currency: 'USD' } },
    })
    expect(failure?.raw).toMatchObject({ data: { failure_reason: 'card_declined' } })
    await started.emulator.cancelPayment(failed.id)
    const [canceled] = await started.events('payment.canceled')
    expect(canceled).toMatchObject({ type: 'payment.canceled', data: { id: failed.id, status: 'canceled' } })
    expect((await started.gateway.sessions.retrieve(session.id)).status).toBe('canceled')
  })

  it('a session left with a declined attempt expires on the clock: payment.canceled, with no request made', async () => {
    const started = await start()
    const session = await paidSession(started)
    const failed = await started.emulator.failSession(session.id, 'insufficient_funds')
    await started.emulator.advance(DAY)
    expect(started.emulator.state.sessions.get(session.id)?.status).toBe('expired')
    expect((await started.events('payment.canceled')).map((event) => event.data)).toEqual([
      expect.objectContaining({ id: failed.id, status: 'canceled' }),
    ])
  })

  it('a paid payment cannot be canceled, nor a closed session declined', async () => {
    const started = await start()
    const session = await paidSession(started)
    const { payment } = await started.emulator.completeSession(session.id)
    await expect(started.emulator.cancelPayment(payment?.id ?? '')).rejects.toThrow('is succeeded')
    await expect(started.emulator.failSession(session.id)).rejects.toThrow('is complete')
    await expect(started.emulator.cancelPayment('pi_unknown')).rejects.toThrow('No payment pi_unknown')
  })
})

describe('refunds', () => {
  it('a partial then the rest: refund.succeeded and payment.refunded each time, exact amounts', async () => {
    const started = await start()
    const session = await paidSession(started, 2500)
    const { payment } = await started.emulator.completeSession(session.id)
    const paymentId = payment?.id ?? ''
    const first = await started.emulator.refund(paymentId, 1000)
    await started.emulator.refund(paymentId)
    expect(started.nativeTypes().slice(1)).toEqual([
      'refund.succeeded',
      'payment.refunded',
      'refund.succeeded',
      'payment.refunded',
    ])
    const refunds = await started.events('refund.succeeded')
    expect(refunds.map((event) => [event.type, event.raw])).toEqual([
      [
        'unknown',
        expect.objectContaining({
          data: {
            refund_id: first.id,
            payment_id: paymentId,
            amount: 1000,
            currency: 'USD',
            status: 'succeeded',
          },
        }),
      ],
      ['unknown', expect.objectContaining({ data: expect.objectContaining({ amount: 1500 }) })],
    ])
    const refunded = await started.events('payment.refunded')
    expect(refunded.map((event) => [event.type, event.data])).toEqual([
      [
        'payment.refunded',
        expect.objectContaining({
          id: paymentId,
          amount: { amount: 2500, currency: 'USD' },
          amountRefunded: { amount: 1000, currency: 'USD' },
        }),
      ],
      [
        'payment.refunded',
        expect.objectContaining({ id: paymentId, amountRefunded: { amount: 2500, currency: 'USD' } }),
      ],
    ])
    expect(refunded.map((event) => (event.raw as { data: unknown }).data)).toEqual([
      expect.objectContaining({ status: 'partially_refunded', amount_refunded: 1000 }),
      expect.objectContaining({ status: 'refunded', amount_refunded: 2500 }),
    ])
  })

  it.each([[0], [2501], [1.5], [-1], [Number.NaN]])(
    'refunding %s of 2500 is a RangeError, nothing sent',
    async (amount) => {
      const started = await start()
      const session = await paidSession(started, 2500)
      const { payment } = await started.emulator.completeSession(session.id)
      await expect(started.emulator.refund(payment?.id ?? '', amount)).rejects.toThrow(RangeError)
      expect(started.nativeTypes()).toEqual(['payment.succeeded'])
      expect(started.emulator.state.refunds.size).toBe(0)
    },
  )

  it('a declined payment cannot be refunded', async () => {
    const started = await start()
    const failed = await started.emulator.failSession((await paidSession(started)).id)
    await expect(started.emulator.refund(failed.id)).rejects.toThrow('only a succeeded payment')
  })
})

describe('subscriptions and invoices', () => {
  it('checkout: subscription.created, payment.succeeded, invoice.paid; a month later the renewal', async () => {
    const started = await start()
    const { subscription, completed } = await subscribed(started)
    const [created] = await started.events('subscription.created')
    expect(created).toMatchObject({
      type: 'subscription.created',
      data: { id: subscription.id, status: 'active', customerId: subscription.customer_id },
    })
    expect(created?.raw).toMatchObject({
      data: { price_id: subscription.price_id, checkout_session_id: completed.session.id },
    })
    const [paid] = await started.events('invoice.paid')
    expect(paid).toMatchObject({ type: 'unknown', nativeType: 'invoice.paid' })
    expect(nativeData(paid)).toEqual({
      invoice_id: expect.stringMatching(/^in_/),
      subscription_id: subscription.id,
      payment_id: completed.payment?.id,
      amount: 1900,
      currency: 'USD',
      status: 'paid',
    })
    const periodEnd = subscription.current_period_end
    await started.emulator.advance(31 * DAY)
    expect(started.nativeTypes()).toEqual([
      'subscription.created',
      'payment.succeeded',
      'invoice.paid',
      'payment.succeeded',
      'invoice.paid',
      'subscription.updated',
    ])
    const [updated] = await started.events('subscription.updated')
    expect(updated).toMatchObject({
      type: 'subscription.updated',
      data: { id: subscription.id, status: 'active' },
    })
    expect(subscription.current_period_end).toBeGreaterThan(periodEnd)
    expect(updated?.raw).toMatchObject({
      data: { current_period_end: Math.floor(subscription.current_period_end / 1000) },
    })
  })

  it('a trial charges nothing at checkout; its end charges the first period', async () => {
    const started = await start()
    const { subscription, completed } = await subscribed(started, 7)
    expect(completed.payment).toBeUndefined()
    expect(started.nativeTypes()).toEqual(['subscription.created'])
    expect((await started.events())[0]?.data).toMatchObject({ status: 'trialing' })
    await started.emulator.advance(6 * DAY)
    expect(started.nativeTypes()).toHaveLength(1)
    await started.emulator.advance(DAY)
    expect(started.nativeTypes().slice(1)).toEqual([
      'payment.succeeded',
      'invoice.paid',
      'subscription.updated',
    ])
    expect((await started.events('subscription.updated'))[0]?.data).toMatchObject({
      id: subscription.id,
      status: 'active',
    })
  })

  it('a renewal that needs SCA fails: invoice.payment_failed, past_due; the retry pays it', async () => {
    const started = await start()
    const { subscription } = await subscribed(started)
    started.emulator.requireAuthentication()
    await started.emulator.advance(31 * DAY)
    expect(started.nativeTypes().slice(3)).toEqual([
      'payment.failed',
      'invoice.payment_failed',
      'subscription.updated',
    ])
    const [failed] = await started.events('invoice.payment_failed')
    expect(nativeData(failed)).toEqual({
      invoice_id: expect.stringMatching(/^in_/),
      subscription_id: subscription.id,
      amount: 1900,
      currency: 'USD',
      status: 'open',
    })
    expect((await started.events('subscription.updated'))[0]?.data).toMatchObject({ status: 'past_due' })
    await started.emulator.advance(3 * DAY)
    expect(started.nativeTypes().slice(6)).toEqual([
      'payment.succeeded',
      'invoice.paid',
      'subscription.updated',
    ])
    expect(subscription.status).toBe('active')
  })

  it('when the renewal retries run out the subscription is canceled', async () => {
    const started = await start({ renewalRetryDelaysMs: [DAY] })
    const { subscription } = await subscribed(started)
    started.emulator.requireAuthentication(2)
    await started.emulator.advance(31 * DAY)
    await started.emulator.advance(DAY)
    expect(started.nativeTypes().slice(-3)).toEqual([
      'payment.failed',
      'invoice.payment_failed',
      'subscription.canceled',
    ])
    expect((await started.events('subscription.canceled'))[0]?.data).toMatchObject({
      id: subscription.id,
      status: 'canceled',
    })
    expect([...started.emulator.state.invoices.values()].map((invoice) => invoice.status)).toEqual([
      'paid',
      'void',
    ])
  })

  it('merchant changes: cancel at period end (subscription.updated), then the period ends (subscription.canceled)', async () => {
    const started = await start()
    const { subscription } = await subscribed(started)
    await started.emulator.updateSubscription(subscription.id, { cancelAtPeriodEnd: true })
    expect((await started.events('subscription.updated'))[0]?.raw).toMatchObject({
      data: { status: 'active' },
    })
    await started.emulator.advance(31 * DAY)
    expect(started.nativeTypes().slice(3)).toEqual(['subscription.updated', 'subscription.canceled'])
    await expect(started.emulator.cancelSubscription(subscription.id)).rejects.toThrow('already canceled')
  })

  it('a price change (subscription.updated) makes the next renewal charge the new unit amount', async () => {
    const started = await start()
    const { subscription } = await subscribed(started)
    const product = await started.gateway.catalog.products.create({ name: 'Team plan' })
    const team = await started.gateway.catalog.prices.create({
      productId: product.id,
      unitAmount: { amount: 4900, currency: 'USD' },
      type: 'recurring',
      recurring: { interval: 'year' },
    })
    await started.emulator.updateSubscription(subscription.id, { priceId: team.id })
    expect(nativeData((await started.events('subscription.updated'))[0])).toMatchObject({ price_id: team.id })
    await started.emulator.advance(31 * DAY)
    const renewal = (await started.events('invoice.paid'))[1]
    expect(nativeData(renewal)).toMatchObject({ amount: 4900, currency: 'USD' })
    // Yearly from now on: the next period ends a year after this renewal.
    expect(subscription.current_period_end - subscription.current_period_start).toBeGreaterThanOrEqual(
      365 * DAY,
    )
  })

  it('cancelSubscription: subscription.canceled at once, and nothing renews later', async () => {
    const started = await start()
    const { subscription } = await subscribed(started)
    await started.emulator.cancelSubscription(subscription.id)
    const [canceled] = await started.events('subscription.canceled')
    expect(canceled).toMatchObject({
      type: 'subscription.canceled',
      data: { id: subscription.id, status: 'canceled' },
    })
    await started.emulator.advance(62 * DAY)
    expect(started.nativeTypes()).toHaveLength(4)
  })
})

describe('disputes and settlements', () => {
  it('dispute → updated → closed lost, with the payment and exact amount', async () => {
    const started = await start()
    const { payment } = await started.emulator.completeSession((await paidSession(started, 2500)).id)
    const dispute = await started.emulator.dispute(payment?.id ?? '', { reason: 'product_not_received' })
    await started.emulator.updateDispute(dispute.id)
    await started.emulator.closeDispute(dispute.id, 'lost')
    const events = await started.events()
    expect(events.slice(1).map((event) => [event.type, event.data])).toEqual(
      (['needs_response', 'under_review', 'lost'] as const).map((status, index) => [
        (['dispute.created', 'dispute.updated', 'dispute.closed'] as const)[index],
        expect.objectContaining({
          id: dispute.id,
          paymentId: payment?.id,
          amount: { amount: 2500, currency: 'USD' },
          status,
          reason: 'product_not_received',
        }),
      ]),
    )
    await expect(started.emulator.closeDispute(dispute.id, 'won')).rejects.toThrow('already closed')
  })

  it('settle(): one settlement per currency, net of refunds; a second settle() pays out nothing new', async () => {
    const started = await start()
    const first = await started.emulator.completeSession((await paidSession(started, 2500)).id)
    const second = await started.emulator.completeSession((await paidSession(started, 1000)).id)
    await started.emulator.refund(first.payment?.id ?? '', 500)
    const [settlement] = await started.emulator.settle()
    const [event] = await started.events('settlement.succeeded')
    expect(nativeData(event)).toEqual({
      settlement_id: settlement?.id,
      amount: 3000,
      currency: 'USD',
      payment_ids: [first.payment?.id, second.payment?.id],
    })
    expect(await started.emulator.settle()).toEqual([])
  })

  it('every event type SUPPLEMENT lists was caused and verified above', () => {
    // Runs last in file order: the tests above fill `caused` through their endpoints.
    expect([...caused].sort()).toEqual([...guideEventTypes].sort())
  })
})

describe('test cards', () => {
  it('a subscription paid with the SCA card fails its first renewal', async () => {
    const started = await start()
    const price = await recurringPrice(started)
    const session = await started.gateway.sessions.create({
      mode: 'subscription',
      lineItems: [{ priceId: price.id }],
      ...urls,
    })
    await started.emulator.completeSession(session.id, { card: FASTSTAR_TEST_CARDS.requiresAuthentication })
    await started.emulator.advance(31 * DAY)
    expect(started.nativeTypes().slice(3)).toEqual([
      'payment.failed',
      'invoice.payment_failed',
      'subscription.updated',
    ])
  })
})

describe('controls refuse bad input before any event', () => {
  it('disputes: an amount outside 1..paid, an unknown id, a bad outcome', async () => {
    const started = await start()
    const { payment } = await started.emulator.completeSession((await paidSession(started, 2500)).id)
    const paymentId = payment?.id ?? ''
    for (const amount of [0, 2501, 2.5])
      await expect(started.emulator.dispute(paymentId, { amount })).rejects.toThrow(
        /dispute amount must be an integer from 1 to 2500/,
      )
    await expect(started.emulator.updateDispute('dp_unknown')).rejects.toThrow('No dispute dp_unknown')
    const dispute = await started.emulator.dispute(paymentId)
    await expect(started.emulator.closeDispute(dispute.id, 'drawn' as 'won')).rejects.toThrow(TypeError)
    expect(started.nativeTypes()).toEqual(['payment.succeeded', 'dispute.created'])
  })

  it('subscriptions: an unknown id, a one-time or foreign-currency price', async () => {
    const started = await start()
    const { subscription } = await subscribed(started)
    await expect(started.emulator.cancelSubscription('sub_unknown')).rejects.toThrow(
      'No subscription sub_unknown',
    )
    const product = await started.gateway.catalog.products.create({ name: 'Other' })
    const oneTime = await started.gateway.catalog.prices.create({
      productId: product.id,
      unitAmount: { amount: 100, currency: 'USD' },
    })
    await expect(
      started.emulator.updateSubscription(subscription.id, { priceId: oneTime.id }),
    ).rejects.toThrow(/No recurring price/)
    const euro = await started.gateway.catalog.prices.create({
      productId: product.id,
      unitAmount: { amount: 100, currency: 'EUR' },
      type: 'recurring',
      recurring: { interval: 'month' },
    })
    await expect(started.emulator.updateSubscription(subscription.id, { priceId: euro.id })).rejects.toThrow(
      /is in EUR, the subscription in USD/,
    )
    expect(started.nativeTypes()).toEqual(['subscription.created', 'payment.succeeded', 'invoice.paid'])
  })
})
