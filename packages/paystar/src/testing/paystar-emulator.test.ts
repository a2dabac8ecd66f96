import {
  AuthenticationError,
  InvalidRequestError,
  ProviderUnavailableError,
  UnexpectedResponseError,
} from '@paymux/core'
import { asFetch, createEmulatorClock } from '@paymux/core/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import { createPaystar } from '../paystar-gateway.js'
import type { PaystarSettings } from '../paystar-settings.js'
import {
  createPaystarEmulator,
  type PaystarEmulator,
  type PaystarEmulatorOptions,
  type ServedPaystarEmulator,
  servePaystarEmulator,
} from './index.js'

const SECRET = 'whsec_emulated'
const bill = { amount: { amount: 30034, currency: 'USD' }, description: 'January Water Bill' }
const customer = { email: 'john@example.com', firstName: 'John', lastName: 'Doe' }

function setup(options: PaystarEmulatorOptions = {}, settings: Partial<PaystarSettings> = {}) {
  const emulator = createPaystarEmulator({ webhooks: { secret: SECRET }, ...options })
  const paystar = createPaystar({
    apiKey: emulator.apiKey,
    businessUnitSlug: emulator.businessUnitSlug,
    webhookSecret: SECRET,
    fetch: asFetch(emulator.handler),
    backoff: { initialDelayMs: 1, maxDelayMs: 2 },
    ...settings,
  })
  return { emulator, paystar }
}

function lastDelivery(emulator: PaystarEmulator) {
  const delivery = emulator.webhooks.deliveries.at(-1)
  if (delivery === undefined) throw new Error('no delivery')
  return delivery.request
}

describe('emulator: a utility bill paid end to end', () => {
  it('creates a session, the buyer pays on the page, and the webhook verifies as exact money', async () => {
    const { emulator, paystar } = setup({ serviceFeeCents: 1012 })
    const session = await paystar.sessions.create({
      ...bill,
      reference: 'order-7',
      customer,
      providerOptions: { paystar: { accounts: [{ accountNumber: 'ACC-12345', name: 'John Doe' }] } },
    })
    expect(session.status).toBe('open')
    // The supplement's example link is on the SDK host, not on the API host the request went to.
    expect(session.url).toBe(`https://dev.paystar.io/app/embedded/acme-utilities/session/${session.id}`)
    const page = await emulator.handler(new Request(session.url))
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('January Water Bill: $300.34')

    const payment = await emulator.pay(session.id)
    expect(emulator.stats).toMatchObject({ sessionsCreated: 1, payments: 1, deliveries: 1 })
    const event = await paystar.webhooks.verify(lastDelivery(emulator))
    expect(event.type).toBe('payment.succeeded')
    if (event.type !== 'payment.succeeded') return
    expect(event.data).toMatchObject({
      id: payment.referenceNumber,
      amount: { amount: 30034, currency: 'USD' },
      reference: 'order-7',
      status: 'succeeded',
    })
    expect(event.raw).toMatchObject({ payload: { serviceFee: '1012', amountFormatted: '$300.34' } })
  })

  it('the page’s own Pay button redirects to SuccessUrl; Cancel to ReturnUrl', async () => {
    const { emulator, paystar } = setup()
    const urls = { successUrl: 'https://shop.example/paid', cancelUrl: 'https://shop.example/cart' }
    const paid = await paystar.sessions.create({ ...bill, ...urls })
    const pay = await emulator.handler(new Request(`${paid.url}/pay`, { method: 'POST' }))
    expect(pay.status).toBe(303)
    expect(pay.headers.get('location')).toBe(urls.successUrl)
    const dismissed = await paystar.sessions.create({ ...bill, ...urls })
    const dismiss = await emulator.handler(new Request(`${dismissed.url}/dismiss`, { method: 'POST' }))
    expect(dismiss.headers.get('location')).toBe(urls.cancelUrl)
    await expect(emulator.pay(dismissed.id)).rejects.toThrow('is Dismissed')
    expect(emulator.stats.payments).toBe(1)
  })

  it('a payment session expires after 30 minutes; its page shows an error and it cannot be paid', async () => {
    const clock = createEmulatorClock(Date.UTC(2026, 0, 1))
    const { emulator, paystar } = setup({ clock })
    const session = await paystar.sessions.create(bill)
    // The clock still ticks with real time, so the step to the edge leaves a second of slack.
    clock.advance(30 * 60_000 - 1000)
    expect((await emulator.handler(new Request(session.url))).status).toBe(200)
    clock.advance(1000)
    const page = await emulator.handler(new Request(session.url))
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('expired')
    await expect(emulator.pay(session.id)).rejects.toThrow('expired')
    expect(emulator.stats.payments).toBe(0)
  })
})

describe('emulator: AutoPay enrollment and management sessions', () => {
  it('enrolls an account and delivers AutoPay.Enrolled; unenrolling delivers AutoPay.Unenrolled', async () => {
    const { emulator, paystar } = setup()
    const session = await paystar.manage.autopay({
      customer,
      account: { accountNumber: 'ACC-12345', name: 'John Doe' },
      syncAccount: true,
    })
    expect(session.nativeStatus).toBe('Active')
    const id = new URL(session.url).pathname.split('/').at(-1) ?? ''
    const done = await emulator.handler(new Request(`${session.url}/complete`, { method: 'POST' }))
    expect(done.status).toBe(200)
    expect(emulator.store.accounts.get('acme-utilities\u0000ACC-12345')?.autoPay).toBe(true)
    expect(await paystar.webhooks.verify(lastDelivery(emulator))).toMatchObject({
      type: 'subscription.created',
      data: { id: 'ACC-12345', status: 'Enrolled' },
    })
    expect(emulator.session(id)?.status).toBe('Completed')
    await emulator.unenrollAutoPay('ACC-12345')
    expect(await paystar.webhooks.verify(lastDelivery(emulator))).toMatchObject({
      type: 'subscription.canceled',
    })
  })

  it('a new account without SyncAccount: true is refused with Paystar’s text', async () => {
    const { paystar } = setup()
    const error = await paystar.manage
      .paperless({ customer, account: { accountNumber: 'NEW-1' } })
      .catch((e: unknown) => e)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).message).toContain("Account 'NEW-1' is not known to Paystar")
  })

  it('an account synced by a payment is known afterwards; Note is kept from the first sync', async () => {
    const { emulator, paystar } = setup()
    await paystar.native.initiatePayment({
      body: {
        BusinessUnitSlug: 'acme-utilities',
        Channel: 'QuickPay',
        Charges: [{ Amount: 100, ClientAccount: { AccountNumber: 'ACC-9', Note: 'first' } }],
      },
    })
    await paystar.native.initiatePayment({
      body: {
        BusinessUnitSlug: 'acme-utilities',
        Channel: 'QuickPay',
        Charges: [{ Amount: 100, ClientAccount: { AccountNumber: 'ACC-9', Name: 'Jane', Note: 'second' } }],
      },
    })
    expect(emulator.store.accounts.get('acme-utilities\u0000ACC-9')).toMatchObject({
      Name: 'Jane',
      Note: 'first',
    })
    await expect(
      paystar.manage.autopay({ customer, account: { accountNumber: 'ACC-9' } }),
    ).resolves.toMatchObject({
      kind: 'autopay',
    })
  })

  it('management sessions expire after 60 minutes', async () => {
    const clock = createEmulatorClock(Date.UTC(2026, 0, 1))
    const { emulator, paystar } = setup({ clock })
    const session = await paystar.manage.wallet({ customer })
    clock.advance(59 * 60_000)
    expect((await emulator.handler(new Request(session.url))).status).toBe(200)
    clock.advance(60_000)
    expect((await emulator.handler(new Request(session.url))).status).toBe(410)
  })

  it('FirstName and LastName keep their first values', async () => {
    const { emulator, paystar } = setup()
    await paystar.manage.notifications({ customer })
    await paystar.manage.notifications({ customer: { ...customer, firstName: 'Johnny' } })
    expect(emulator.store.users.get('john@example.com')?.FirstName).toBe('John')
  })
})

describe('emulator: Paystar’s refusals, as the client sees them', () => {
  it('a wrong API key is a 401 AuthenticationError', async () => {
    const { paystar } = setup({}, { apiKey: 'ps_wrong' })
    const error = await paystar.sessions.create(bill).catch((e: unknown) => e)
    expect(AuthenticationError.isInstance(error)).toBe(true)
    expect((error as AuthenticationError).message).toContain('The API key is missing or not valid.')
  })

  it('an unknown business unit is refused', async () => {
    const { emulator, paystar } = setup({}, { businessUnitSlug: 'other-utility' })
    const error = await paystar.sessions.create(bill).catch((e: unknown) => e)
    expect((error as InvalidRequestError).message).toContain("Business unit 'other-utility' was not found.")
    expect(emulator.stats.sessionsCreated).toBe(0)
    expect(emulator.requestCount()).toBe(1)
  })

  it('a reused ClientReference is refused; with validationStatus 200 it is hasErrors inside a 2xx', async () => {
    const { paystar } = setup({ validationStatus: 200 })
    await paystar.sessions.create({ ...bill, reference: 'order-1' })
    const error = await paystar.sessions.create({ ...bill, reference: 'order-1' }).catch((e: unknown) => e)
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect((error as UnexpectedResponseError).httpStatus).toBe(200)
    expect((error as UnexpectedResponseError).message).toContain(
      "ClientReference 'order-1' has already been used.",
    )
  })

  it('applies the documented body rules itself (the native client is bypassed with a raw request)', async () => {
    const emulator = createPaystarEmulator()
    const post = (path: string, body: object) =>
      emulator.handler(
        new Request(`https://dev-gateway.paystar.io/integrations/embedded/${path}`, {
          method: 'POST',
          headers: { 'x-paystar-api-key': emulator.apiKey, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      )
    const answer = await post('initiate', {
      BusinessUnitSlug: 'acme-utilities',
      Channel: 'POS',
      ClientUser: { EmailAddress: 'john@example.com' },
      Charges: [{ Amount: 10.5 }, ...Array(25).fill({ Amount: 1 })],
    })
    expect(answer.status).toBe(400)
    expect(await answer.json()).toEqual({
      hasErrors: true,
      errors: [
        'ClientUser may not be set on a POS session.',
        'Charges may contain at most 25 charges.',
        'Charges[0].Amount is required and must be a positive whole number of cents.',
      ],
      data: null,
    })
    const wallet = await post('initiate-manage-wallet', {
      BusinessUnitSlug: 'acme-utilities',
      ClientUser: {},
    })
    expect((await wallet.json()).errors).toEqual(['ClientUser.EmailAddress is required.'])
    expect(emulator.stats.sessionsCreated).toBe(0)
    expect(emulator.store.requests.map((request) => request.status)).toEqual([400, 400])
  })
})

describe('emulator: faults', () => {
  it('an answer lost after the session was made is retried: two sessions, and no payment', async () => {
    const { emulator, paystar } = setup()
    emulator.faults.inject({ type: 'drop', when: 'after' })
    const session = await paystar.sessions.create(bill)
    expect(emulator.stats).toMatchObject({ requests: 2, sessionsCreated: 2, payments: 0 })
    expect(emulator.session(session.id)?.status).toBe('RequiresPaymentSource')
  })

  it('503s are retried, then given up on as ProviderUnavailableError', async () => {
    const { emulator, paystar } = setup()
    emulator.faults.inject(
      { type: 'status', status: 503, body: { hasErrors: true, errors: ['Down'] } },
      { count: 3 },
    )
    const error = await paystar.sessions.create(bill).catch((e: unknown) => e)
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(emulator.stats).toMatchObject({ requests: 3, sessionsCreated: 0 })
  })

  it('a slow answer times out', async () => {
    const { emulator, paystar } = setup({}, { timeoutMs: 20, maxRetries: 0 })
    emulator.faults.inject({ type: 'delay', ms: 200 })
    const error = await paystar.sessions.create(bill).catch((e: unknown) => e)
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect((error as ProviderUnavailableError).code).toBe('timeout')
  })
})

describe('servePaystarEmulator: on a loopback port, with webhooks posted to a receiver', () => {
  let served: ServedPaystarEmulator[] = []
  afterEach(async () => {
    await Promise.all(served.map((server) => server.close()))
    served = []
  })

  it('serves the API and the page over real HTTP and posts the secret in the URL', async () => {
    const received: Request[] = []
    const receiver = await servePaystarEmulator({ port: 0 })
    served.push(receiver)
    const server = await servePaystarEmulator({
      webhooks: {
        secret: SECRET,
        secretIn: 'query',
        url: 'http://127.0.0.1:1/hooks/paystar',
        fetch: async (request) => {
          received.push(request)
          return new Response(null, { status: 204 })
        },
      },
    })
    served.push(server)
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const paystar = createPaystar({
      apiKey: server.emulator.apiKey,
      businessUnitSlug: 'acme-utilities',
      baseUrl: server.url,
      webhookSecret: SECRET,
    })
    const session = await paystar.sessions.create(bill)
    expect(session.url.startsWith(`${server.url}/app/embedded/acme-utilities/session/`)).toBe(true)
    expect((await fetch(session.url)).status).toBe(200)
    const paid = await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' })
    expect(paid.status).toBe(200)
    // The buyer's answer does not wait on the merchant's endpoint; the delivery settles after it.
    await server.emulator.webhooks.settle()
    const delivery = received[0]
    if (delivery === undefined) throw new Error('no delivery received')
    expect(new URL(delivery.url).searchParams.get('token')).toBe(SECRET)
    const event = await paystar.webhooks.verify({
      rawBody: await delivery.text(),
      headers: delivery.headers,
      url: delivery.url,
    })
    expect(event.type).toBe('payment.succeeded')
    expect(server.emulator.webhooks.deliveries[0]).toMatchObject({
      state: 'delivered',
      attempts: [{ ok: true, status: 204 }],
    })
  })
})
