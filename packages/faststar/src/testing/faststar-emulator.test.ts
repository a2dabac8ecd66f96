import {
  ActionRequiredError,
  AuthenticationError,
  InvalidRequestError,
  ProviderUnavailableError,
  type WebhookEvent,
} from '@paymux/core'
import { afterEach, describe, expect, it } from 'vitest'
import { createFastStar } from '../faststar-gateway.js'
import type { FastStarSettings } from '../faststar-settings.js'
import { rejection } from '../test-support.js'
import {
  type EmulatedCard,
  FASTSTAR_EMULATOR_KEYS,
  FASTSTAR_TEST_CARDS,
  type ServedFastStarEmulator,
  serveFastStarEmulator,
} from './index.js'

// FastStar-specific scenarios over real HTTP on loopback: the gateway and the
// emulator only meet through the documented API.

const urls = { successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/cart' }
const served: ServedFastStarEmulator[] = []
afterEach(async () => {
  await Promise.all(served.splice(0).map((server) => server.close()))
})

/** Starts an emulator on loopback whose webhooks land in `received`, and a gateway against it. */
async function start(settings: Partial<FastStarSettings> = {}) {
  const received: Request[] = []
  const server = await serveFastStarEmulator({
    webhooks: {
      url: 'https://shop.example/webhooks/faststar',
      fetch: async (request) => {
        received.push(request)
        return new Response('ok')
      },
    },
  })
  served.push(server)
  const gateway = createFastStar({
    apiKey: FASTSTAR_EMULATOR_KEYS.mor,
    baseUrl: server.baseUrl,
    webhookSecret: server.emulator.webhookSecret,
    backoff: { initialDelayMs: 1, maxDelayMs: 2 },
    ...settings,
  })
  const verifyAll = async (): Promise<WebhookEvent[]> => {
    await server.emulator.webhooks.settle()
    return Promise.all(
      received.map(async (request) =>
        gateway.webhooks.verify({ rawBody: await request.clone().text(), headers: request.headers }),
      ),
    )
  }
  return { server, emulator: server.emulator, gateway, verifyAll }
}

async function catalogPrice(gateway: ReturnType<typeof createFastStar>, amount: number, currency: string) {
  const product = await gateway.catalog.products.create({ name: 'Coffee beans' })
  return gateway.catalog.prices.create({ productId: product.id, unitAmount: { amount, currency } })
}

describe('checkout through the hosted page', () => {
  it('catalog price → session → page → complete → verified payment.succeeded webhook', async () => {
    const { gateway, emulator, verifyAll } = await start()
    const price = await catalogPrice(gateway, 999, 'USD')
    const session = await gateway.sessions.create({
      lineItems: [{ priceId: price.id }],
      ...urls,
      buyerCountry: 'US',
      reference: 'order_10042',
      presentation: 'redirect',
    })
    expect(session.amounts).toEqual({
      subtotal: { amount: 999, currency: 'USD' },
      tax: { amount: 80, currency: 'USD' },
      total: { amount: 1079, currency: 'USD' },
    })

    const page = await fetch(session.url)
    const html = await page.text()
    expect(page.status).toBe(200)
    expect(html).toContain('USD 10.79')
    const action = /action="([^"]+complete[^"]*)"/.exec(html)?.[1]?.replaceAll('&#38;', '&') ?? ''
    const paid = await fetch(new URL(action, session.url), {
      method: 'POST',
      body: new URLSearchParams({ card: 'visa' }),
      redirect: 'manual',
    })
    expect(paid.status).toBe(303)
    expect(paid.headers.get('location')).toBe(urls.successUrl)

    const after = await gateway.sessions.retrieve(session.id)
    expect(after.status).toBe('complete')
    expect(after.paymentId).toBeDefined()
    const [event] = await verifyAll()
    expect(event?.type).toBe('payment.succeeded')
    expect(event?.data).toMatchObject({
      id: after.paymentId,
      status: 'succeeded',
      amount: { amount: 1079, currency: 'USD' },
      reference: 'order_10042',
    })
    expect(emulator.state.payments.size).toBe(1)
  })

  it('prices a tax-inclusive country: total = subtotal, tax inside it', async () => {
    const { gateway } = await start()
    const price = await catalogPrice(gateway, 1000, 'EUR')
    const session = await gateway.sessions.create({
      lineItems: [{ priceId: price.id }],
      ...urls,
      buyerCountry: 'DE',
    })
    expect(session.amounts).toEqual({
      subtotal: { amount: 1000, currency: 'EUR' },
      tax: { amount: 160, currency: 'EUR' },
      total: { amount: 1000, currency: 'EUR' },
    })
  })

  it('expires a session on the emulator clock; the page then refuses payment', async () => {
    const { gateway, emulator } = await start()
    const price = await catalogPrice(gateway, 500, 'USD')
    const session = await gateway.sessions.create({
      lineItems: [{ productId: price.productId, quantity: 2 }],
      ...urls,
    })
    expect(session.amounts?.total).toEqual({ amount: 1000, currency: 'USD' })
    emulator.clock.advance(24 * 60 * 60 * 1000)
    expect((await gateway.sessions.retrieve(session.id)).status).toBe('expired')
    const url = new URL(session.url)
    const refused = await fetch(`${url.origin}${url.pathname}/complete${url.search}`, { method: 'POST' })
    expect(refused.status).toBe(409)
    expect(emulator.state.payments.size).toBe(0)
  })

  it('a buyer who cancels lands on cancel_url and the session cannot be paid', async () => {
    const { gateway, emulator } = await start()
    const price = await catalogPrice(gateway, 500, 'USD')
    const session = await gateway.sessions.create({ lineItems: [{ priceId: price.id }], ...urls })
    const url = new URL(session.url)
    const left = await fetch(`${url.origin}${url.pathname}/cancel${url.search}`, {
      method: 'POST',
      redirect: 'manual',
    })
    expect(left.headers.get('location')).toBe(urls.cancelUrl)
    expect((await gateway.sessions.retrieve(session.id)).status).toBe('canceled')
    await expect(emulator.completeSession(session.id)).rejects.toThrow('is canceled, not open')
  })

  it('subscription mode needs a recurring price: the emulator answers 400', async () => {
    const { gateway, emulator } = await start()
    const oneTime = await catalogPrice(gateway, 900, 'USD')
    const error = await rejection(
      gateway.sessions.create({ mode: 'subscription', lineItems: [{ priceId: oneTime.id }], ...urls }),
    )
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    const monthly = await gateway.catalog.prices.create({
      productId: oneTime.productId,
      unitAmount: { amount: 1900, currency: 'USD' },
      type: 'recurring',
      recurring: { interval: 'month', trialPeriodDays: 7 },
    })
    const session = await gateway.sessions.create({
      mode: 'subscription',
      lineItems: [{ priceId: monthly.id }],
      ...urls,
    })
    await emulator.completeSession(session.id)
    expect((await gateway.sessions.retrieve(session.id)).mode).toBe('subscription')
  })

  it('a MoR merchant’s ad hoc line item is refused by FastStar too, when sent through the native client', async () => {
    const { gateway, emulator } = await start()
    const error = await rejection(
      gateway.native.createCheckoutSession({
        body: {
          mode: 'payment',
          presentation: 'link',
          line_items: [{ ad_hoc_amount: 500, ad_hoc_currency: 'USD', quantity: 1 }],
          success_url: urls.successUrl,
          cancel_url: urls.cancelUrl,
        },
      }),
    )
    expect((error as Error).message).toContain('MoR merchants must reference')
    expect(emulator.state.sessions.size).toBe(0)
  })
})

describe('saved cards and off-session charges', () => {
  async function savedCard(card: EmulatedCard = FASTSTAR_TEST_CARDS.visa) {
    const context = await start()
    const { gateway, emulator } = context
    const customer = await gateway.customers.create({ email: 'jane@example.com', name: 'Jane Buyer' })
    const setup = await gateway.paymentMethods.createSetup(customer.id)
    emulator.completeSetupIntent(setup.setupIntentId, card)
    const method = await gateway.paymentMethods.attach(customer.id, { setupIntentId: setup.setupIntentId })
    return { ...context, customer, method }
  }

  it('customer → SetupIntent → attach → list → charge → default → detach', async () => {
    const { gateway, emulator, customer, method, verifyAll } = await savedCard()
    expect(method).toMatchObject({
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2030,
      customerId: customer.id,
    })
    expect(await gateway.customers.retrieve(customer.id)).toMatchObject({ email: 'jane@example.com' })
    expect((await gateway.paymentMethods.list(customer.id)).map((card) => [card.id, card.isDefault])).toEqual(
      [[method.id, true]],
    )
    const payment = await gateway.payments.charge({
      customerId: customer.id,
      paymentMethodId: method.id,
      amount: { amount: 1999, currency: 'USD' },
    })
    expect(payment).toMatchObject({ status: 'succeeded', amount: { amount: 1999, currency: 'USD' } })
    expect((await verifyAll()).map((event) => [event.type, event.data])).toEqual([
      ['payment.succeeded', expect.objectContaining({ id: payment.id, customerId: customer.id })],
    ])
    await gateway.paymentMethods.setDefault(method.id)
    await gateway.paymentMethods.detach(method.id)
    expect(await gateway.paymentMethods.list(customer.id)).toEqual([])
    expect(emulator.state.payments.size).toBe(1)
  })

  it('a card that demands SCA throws ActionRequiredError, and nothing is charged', async () => {
    const { gateway, emulator, customer, method } = await savedCard(
      FASTSTAR_TEST_CARDS.requiresAuthentication,
    )
    const amount = { amount: 4999, currency: 'EUR' }
    const error = await rejection(
      gateway.payments.charge({ customerId: customer.id, paymentMethodId: method.id, amount }),
    )
    expect(ActionRequiredError.isInstance(error)).toBe(true)
    expect((error as ActionRequiredError).action).toEqual({
      type: 'authenticate',
      customerId: customer.id,
      paymentMethodId: method.id,
      amount,
    })
    expect(emulator.state.payments.size).toBe(0)
    expect(emulator.state.chargeAttempts.map((attempt) => attempt.outcome)).toEqual([
      'requires_authentication',
    ])
  })

  it('the SCA switch makes the next charge demand authentication, whatever the card', async () => {
    const { gateway, emulator, customer, method } = await savedCard()
    const charge = {
      customerId: customer.id,
      paymentMethodId: method.id,
      amount: { amount: 100, currency: 'USD' },
    }
    emulator.requireAuthentication()
    expect(ActionRequiredError.isInstance(await rejection(gateway.payments.charge(charge)))).toBe(true)
    expect((await gateway.payments.charge(charge)).status).toBe('succeeded')
  })

  it('a SetupIntent the buyer has not completed cannot be attached', async () => {
    const { gateway } = await start()
    const customer = await gateway.customers.create({ email: 'jane@example.com' })
    const setup = await gateway.paymentMethods.createSetup(customer.id)
    const error = await rejection(
      gateway.paymentMethods.attach(customer.id, { setupIntentId: setup.setupIntentId }),
    )
    expect((error as Error).message).toContain('has not been completed')
  })
})

describe('faults: nothing moves twice', () => {
  it('a 503 on session create is retried, leaving one session', async () => {
    const { gateway, emulator } = await start({
      apiKey: FASTSTAR_EMULATOR_KEYS.direct,
      merchantType: 'direct',
    })
    emulator.faults.inject({ type: 'status', status: 503, body: { success: false, message: 'Busy' } })
    await gateway.sessions.create({ amount: { amount: 500, currency: 'USD' }, ...urls })
    expect(emulator.requestCount()).toBe(2)
    expect(emulator.state.sessions.size).toBe(1)
  })

  it('a connection dropped before a read is retried', async () => {
    const { gateway, emulator } = await start()
    const customer = await gateway.customers.create({ email: 'jane@example.com' })
    emulator.faults.inject({ type: 'drop', when: 'before' })
    expect((await gateway.customers.retrieve(customer.id)).id).toBe(customer.id)
  })

  it('a 429 with Retry-After on a read is waited out and retried', async () => {
    const { gateway, emulator } = await start()
    emulator.faults.inject({
      type: 'status',
      status: 429,
      headers: { 'retry-after': '0' },
      body: { success: false },
    })
    expect((await gateway.catalog.products.list()).data).toEqual([])
    expect(emulator.requestCount()).toBe(2)
  })

  it('a charge whose answer is lost is not retried: exactly one payment exists', async () => {
    const { gateway, emulator, customer, method } = await savedCardAgain()
    const before = emulator.requestCount()
    emulator.faults.inject({ type: 'drop', when: 'after' })
    const error = await rejection(
      gateway.payments.charge({
        customerId: customer.id,
        paymentMethodId: method.id,
        amount: { amount: 1999, currency: 'USD' },
      }),
    )
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ outcome: 'unknown', retryable: false })
    expect(emulator.requestCount() - before).toBe(1)
    expect(emulator.state.payments.size).toBe(1)
  })

  it('a charge that times out is not retried, even with retries configured', async () => {
    const { gateway, emulator, customer, method } = await savedCardAgain({ timeoutMs: 100, maxRetries: 5 })
    const before = emulator.requestCount()
    emulator.faults.inject({ type: 'delay', ms: 300 })
    const error = await rejection(
      gateway.payments.charge({
        customerId: customer.id,
        paymentMethodId: method.id,
        amount: { amount: 1999, currency: 'USD' },
      }),
    )
    expect(error).toMatchObject({ name: 'ProviderUnavailableError', code: 'timeout', retryable: false })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(emulator.requestCount() - before).toBe(1)
    expect(emulator.state.chargeAttempts).toHaveLength(1)
  })

  async function savedCardAgain(settings: Partial<FastStarSettings> = {}) {
    const context = await start(settings)
    const customer = await context.gateway.customers.create({ email: 'jane@example.com' })
    const setup = await context.gateway.paymentMethods.createSetup(customer.id)
    context.emulator.completeSetupIntent(setup.setupIntentId)
    const method = await context.gateway.paymentMethods.attach(customer.id, {
      setupIntentId: setup.setupIntentId,
    })
    return { ...context, customer, method }
  }
})

describe('tax, keys and signatures', () => {
  it.each([
    [
      'DE',
      undefined,
      { taxType: 'vat', ratePercent: '19', inclusive: true, tax: 160, net: 840, gross: 1000 },
    ],
    [
      'FR',
      undefined,
      { taxType: 'vat', ratePercent: '20', inclusive: true, tax: 167, net: 833, gross: 1000 },
    ],
    [
      'GB',
      undefined,
      { taxType: 'vat', ratePercent: '20', inclusive: true, tax: 167, net: 833, gross: 1000 },
    ],
    [
      'IN',
      undefined,
      { taxType: 'gst', ratePercent: '18', inclusive: true, tax: 153, net: 847, gross: 1000 },
    ],
    [
      'BD',
      undefined,
      { taxType: 'vat', ratePercent: '15', inclusive: true, tax: 130, net: 870, gross: 1000 },
    ],
    [
      'US',
      undefined,
      { taxType: 'sales_tax', ratePercent: '8', inclusive: false, tax: 80, net: 1000, gross: 1080 },
    ],
    [
      'US',
      'CA',
      { taxType: 'sales_tax', ratePercent: '7.25', inclusive: false, tax: 73, net: 1000, gross: 1073 },
    ],
  ])('quotes %s %s', async (country, region, expected) => {
    const { gateway } = await start()
    const quote = await gateway.tax.calculate({
      amount: { amount: 1000, currency: 'USD' },
      country,
      ...(region === undefined ? {} : { region }),
    })
    expect({
      taxType: quote.taxType,
      ratePercent: quote.ratePercent,
      inclusive: quote.inclusive,
      tax: quote.tax.amount,
      net: quote.net.amount,
      gross: quote.gross.amount,
    }).toEqual(expected)
  })

  it('a wrong API key is an AuthenticationError', async () => {
    const { gateway } = await start({ apiKey: 'fs_test_wrong' })
    expect(AuthenticationError.isInstance(await rejection(gateway.customers.list()))).toBe(true)
  })

  it('one merchant cannot see another’s objects', async () => {
    const { gateway, server } = await start()
    const customer = await gateway.customers.create({ email: 'jane@example.com' })
    const other = createFastStar({ apiKey: FASTSTAR_EMULATOR_KEYS.direct, baseUrl: server.baseUrl })
    expect(await rejection(other.customers.retrieve(customer.id))).toMatchObject({ name: 'NotFoundError' })
  })

  it('verifyRemote: FastStar’s endpoint accepts its own signature and rejects a tampered body', async () => {
    const { gateway, emulator } = await start()
    const delivery = emulator.webhooks.build('payment.succeeded', {
      payment_id: 'pi_1',
      amount: 1,
      currency: 'USD',
    })
    const request = { rawBody: delivery.body, headers: delivery.headers, providerName: 'faststar' }
    expect(await gateway.webhooks.verifyRemote(request)).toBe(true)
    expect(await gateway.webhooks.verifyRemote({ ...request, rawBody: `${delivery.body} ` })).toBe(false)
  })
})
