import { InvalidRequestError, type PaymentSession } from '@paymux/core'
import { describe, expect, it } from 'vitest'
import { envelope, guideSessionRequest, guideSessionResponse } from './fixtures/faststar-examples.js'
import { faststar, gateway, PREFIX, rejection, useNock } from './test-support.js'

useNock()

const urls = { successUrl: 'https://yoursite.com/success', cancelUrl: 'https://yoursite.com/cancel' }
const path = `${PREFIX}/public/checkout/sessions`

/** The guide's answer, with the session fields replaced. */
function answer(session: Record<string, unknown> = {}) {
  const data = guideSessionResponse.data
  return envelope({ ...data, session: { ...data.session, ...session } })
}

describe('sessions.create', () => {
  it('sends the guide’s example and returns the exact neutral session', async () => {
    faststar().post(path, guideSessionRequest).reply(200, guideSessionResponse)
    const session = await gateway().sessions.create({
      lineItems: [{ priceId: 'price_xxx' }],
      customer: { email: 'buyer@example.com' },
      ...urls,
      buyerCountry: 'US',
      reference: 'order_10042',
    })
    expect(session).toEqual({
      object: 'session',
      id: 'cs_xxx',
      provider: 'faststar',
      ref: 'faststar:cs_xxx',
      status: 'open',
      nativeStatus: 'open',
      mode: 'payment',
      url: 'https://cashier.faststarpay.com/checkout/cs_xxx?token=xxx',
      // US sales tax is exclusive: total = subtotal + tax.
      amounts: {
        subtotal: { amount: 999, currency: 'USD' },
        tax: { amount: 80, currency: 'USD' },
        total: { amount: 1079, currency: 'USD' },
      },
      expiresAt: new Date('2026-06-13T12:00:00Z'),
      reference: 'order_10042',
      raw: guideSessionResponse.data,
    } satisfies PaymentSession)
  })

  it('keeps a tax-inclusive session’s amounts as FastStar gives them: total = subtotal, tax inside it', async () => {
    faststar()
      .post(path)
      .reply(200, answer({ amount_subtotal: 1000, amount_tax: 160, amount_total: 1000, currency: 'EUR' }))
    const session = await gateway().sessions.create({
      lineItems: [{ priceId: 'price_de' }],
      ...urls,
      buyerCountry: 'DE',
    })
    expect(session.amounts).toEqual({
      subtotal: { amount: 1000, currency: 'EUR' },
      tax: { amount: 160, currency: 'EUR' },
      total: { amount: 1000, currency: 'EUR' },
    })
  })

  it.each([
    ['embedded', 'iframe'],
    ['redirect', 'link'],
  ] as const)('presentation %s is sent as %s', async (presentation, native) => {
    faststar()
      .post(path, { ...nativeBase(), presentation: native })
      .reply(200, guideSessionResponse)
    await gateway().sessions.create({ lineItems: [{ priceId: 'price_xxx' }], ...urls, presentation })
  })

  it('defaults to the embedded (iframe) presentation, quantity 1 and mode payment', async () => {
    faststar().post(path, nativeBase()).reply(200, guideSessionResponse)
    const session = await gateway().sessions.create({ lineItems: [{ priceId: 'price_xxx' }], ...urls })
    expect(session.mode).toBe('payment')
  })

  it('uses defaultPresentation when set', async () => {
    faststar()
      .post(path, { ...nativeBase(), presentation: 'link' })
      .reply(200, guideSessionResponse)
    await gateway({ defaultPresentation: 'redirect' }).sessions.create({
      lineItems: [{ priceId: 'price_xxx' }],
      ...urls,
    })
  })

  it('sends products, quantities and descriptions as line items', async () => {
    faststar()
      .post(path, {
        ...nativeBase(),
        line_items: [
          { product_id: 'prod_1', quantity: 3, description: 'Stickers' },
          { price_id: 'price_2', quantity: 1 },
        ],
      })
      .reply(200, guideSessionResponse)
    await gateway().sessions.create({
      lineItems: [{ productId: 'prod_1', quantity: 3, description: 'Stickers' }, { priceId: 'price_2' }],
      ...urls,
    })
  })

  it('sends the region under the configured field, buyer_region by default', async () => {
    faststar()
      .post(path, { ...nativeBase(), buyer_country: 'US', buyer_region: 'CA' })
      .reply(200, guideSessionResponse)
    faststar()
      .post(path, { ...nativeBase(), buyer_country: 'US', state: 'CA' })
      .reply(200, guideSessionResponse)
    const input = { lineItems: [{ priceId: 'price_xxx' }], ...urls, buyerCountry: 'US', region: 'CA' }
    await gateway().sessions.create(input)
    await gateway({ fieldNames: { sessionRegion: 'state' } }).sessions.create(input)
  })

  it('sends ad hoc amounts for a Direct merchant, the amount shortcut as one line item', async () => {
    faststar()
      .post(path, {
        ...nativeBase(),
        line_items: [{ ad_hoc_amount: 2500, ad_hoc_currency: 'USD', quantity: 1, description: 'Gift card' }],
      })
      .reply(200, guideSessionResponse)
    faststar()
      .post(path, {
        ...nativeBase(),
        line_items: [{ ad_hoc_amount: 500, ad_hoc_currency: 'USD', quantity: 2 }],
      })
      .reply(200, guideSessionResponse)
    const direct = gateway({ merchantType: 'direct' })
    await direct.sessions.create({
      amount: { amount: 2500, currency: 'USD' },
      description: 'Gift card',
      ...urls,
    })
    await direct.sessions.create({
      lineItems: [{ amount: { amount: 500, currency: 'USD' }, quantity: 2 }],
      ...urls,
    })
  })

  it('creates subscription and setup sessions', async () => {
    faststar()
      .post(path, { ...nativeBase(), mode: 'subscription' })
      .reply(200, answer({ mode: 'subscription' }))
    const { line_items: _items, ...setupBody } = nativeBase()
    faststar()
      .post(path, { ...setupBody, mode: 'setup', customer_email: 'jane@example.com' })
      .reply(200, answer({ amount_subtotal: 0, amount_tax: 0, amount_total: 0, currency: null }))
    const subscription = await gateway().sessions.create({
      mode: 'subscription',
      lineItems: [{ priceId: 'price_xxx' }],
      ...urls,
    })
    const setup = await gateway().sessions.create({
      mode: 'setup',
      customer: { email: 'jane@example.com' },
      ...urls,
    })
    expect(subscription.mode).toBe('subscription')
    expect(setup.mode).toBe('setup')
    expect(setup.amounts).toBeUndefined()
  })

  it('sends native extra fields from providerOptions.faststar, but never over a field paymux sets', async () => {
    faststar()
      .post(path, { ...nativeBase(), locale: 'de' })
      .reply(200, guideSessionResponse)
    const client = gateway()
    const base = { lineItems: [{ priceId: 'price_xxx' }], ...urls }
    await client.sessions.create({
      ...base,
      providerOptions: { faststar: { extraFields: { locale: 'de' } } },
    })
    const error = await rejection(
      client.sessions.create({ ...base, providerOptions: { faststar: { extraFields: { mode: 'setup' } } } }),
    )
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual([
      'providerOptions.faststar.extraFields.mode',
    ])
  })

  it('a 5xx is retried: creating a session moves no money', async () => {
    faststar().post(path).reply(502, 'Bad gateway')
    faststar().post(path, nativeBase()).reply(200, guideSessionResponse)
    const session = await gateway().sessions.create({ lineItems: [{ priceId: 'price_xxx' }], ...urls })
    expect(session.id).toBe('cs_xxx')
  })
})

describe('sessions.retrieve', () => {
  it('maps a completed session with its payment', async () => {
    faststar()
      .get(`${PREFIX}/public/checkout/sessions/cs_xxx`)
      .reply(
        200,
        answer({ status: 'complete', payment_intent_id: 'pi_1', client_reference_id: 'order_10042' }),
      )
    const session = await gateway().sessions.retrieve('cs_xxx')
    expect(session).toMatchObject({ status: 'complete', paymentId: 'pi_1', reference: 'order_10042' })
  })

  it('rebuilds the url from the session token when the answer has none', async () => {
    faststar()
      .get(`${PREFIX}/public/checkout/sessions/cs_xxx`)
      .reply(200, envelope({ ...guideSessionResponse.data.session, status: 'expired' }))
    const session = await gateway().sessions.retrieve('cs_xxx')
    expect(session.url).toBe('https://cashier.faststarpay.com/checkout/cs_xxx?token=xxx')
    expect(session.status).toBe('expired')
  })

  it('maps a status it does not know to open, keeping the native word', async () => {
    faststar()
      .get(`${PREFIX}/public/checkout/sessions/cs_xxx`)
      .reply(200, answer({ status: 'processing_payment' }))
    const session = await gateway().sessions.retrieve('cs_xxx')
    expect(session).toMatchObject({ status: 'open', nativeStatus: 'processing_payment' })
  })

  it('refuses an empty id locally', async () => {
    const error = await rejection(gateway().sessions.retrieve(''))
    expect(InvalidRequestError.isInstance(error)).toBe(true)
  })
})

/** The native body for `{ lineItems: [{ priceId: 'price_xxx' }], ...urls }` with every default. */
function nativeBase() {
  return {
    mode: 'payment',
    presentation: 'iframe',
    line_items: [{ price_id: 'price_xxx', quantity: 1 }],
    success_url: 'https://yoursite.com/success',
    cancel_url: 'https://yoursite.com/cancel',
  }
}
