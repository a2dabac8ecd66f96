import { type CreateSessionInput, InvalidRequestError } from '@paymux/core'
import { describe, expect, it } from 'vitest'
import { forbiddenFetch, gateway, rejection } from './test-support.js'

// Every bad input is refused locally: a typed, field-naming InvalidRequestError, and no request.

const urls = { successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/cart' }
const catalogItem = { lineItems: [{ priceId: 'price_1' }], ...urls }

async function refusal(call: (client: ReturnType<typeof gateway>) => Promise<unknown>, settings = {}) {
  const fetch = forbiddenFetch()
  const error = await rejection(call(gateway({ fetch, ...settings })))
  expect(fetch.calls).toBe(0)
  expect(InvalidRequestError.isInstance(error)).toBe(true)
  const invalid = error as InvalidRequestError
  expect(invalid.provider).toBe('faststar')
  return { paths: invalid.issues.map((issue) => issue.path), message: invalid.message, code: invalid.code }
}

const session = (input: unknown, settings = {}) =>
  refusal((client) => client.sessions.create(input as CreateSessionInput), settings)

describe('sessions.create refuses, before any request', () => {
  it.each([
    [
      'a non-integer amount',
      { lineItems: [{ amount: { amount: 10.5, currency: 'USD' } }], ...urls },
      ['lineItems.0.amount.amount'],
    ],
    ['a negative amount', { amount: { amount: -100, currency: 'USD' }, ...urls }, ['amount.amount']],
    ['an unknown currency', { amount: { amount: 100, currency: 'XYZ' }, ...urls }, ['amount.currency']],
    ['a lower-case currency', { amount: { amount: 100, currency: 'usd' }, ...urls }, ['amount.currency']],
    ['empty line items', { lineItems: [], ...urls }, ['lineItems']],
    ['no line items at all', { ...urls }, ['lineItems']],
    ['quantity 0', { lineItems: [{ priceId: 'price_1', quantity: 0 }], ...urls }, ['lineItems.0.quantity']],
    [
      'a fractional quantity',
      { lineItems: [{ priceId: 'price_1', quantity: 1.5 }], ...urls },
      ['lineItems.0.quantity'],
    ],
    [
      'a price and an ad hoc amount together',
      { lineItems: [{ priceId: 'price_1', amount: { amount: 100, currency: 'USD' } }], ...urls },
      ['lineItems.0.amount'],
    ],
    [
      'a price and a product together',
      { lineItems: [{ priceId: 'p', productId: 'q' }], ...urls },
      ['lineItems.0.productId'],
    ],
    ['a line item with no reference', { lineItems: [{ quantity: 2 }], ...urls }, ['lineItems.0']],
    ['a bad success URL', { ...catalogItem, successUrl: 'not a url' }, ['successUrl']],
    ['a non-http cancel URL', { ...catalogItem, cancelUrl: 'javascript:alert(1)' }, ['cancelUrl']],
    [
      'a missing success URL',
      { lineItems: [{ priceId: 'price_1' }], cancelUrl: urls.cancelUrl },
      ['successUrl'],
    ],
    ['a bad email', { ...catalogItem, customer: { email: 'jane' } }, ['customer.email']],
    ['a lower-case country', { ...catalogItem, buyerCountry: 'de' }, ['buyerCountry']],
    ['a region without a country', { ...catalogItem, region: 'CA' }, ['region']],
    ['an unknown mode', { ...catalogItem, mode: 'donation' }, ['mode']],
    ['a misspelt field', { ...catalogItem, sucessUrl: 'https://x.example' }, ['sucessUrl']],
    [
      'amount and line items together',
      { ...catalogItem, amount: { amount: 1, currency: 'USD' } },
      ['amount'],
    ],
    ['a description without the amount shortcut', { ...catalogItem, description: 'x' }, ['description']],
    ['line items in a setup session', { ...catalogItem, mode: 'setup' }, ['lineItems']],
    [
      'a description in a setup session, where it has no line to describe',
      { ...urls, mode: 'setup', description: 'x' },
      ['description'],
    ],
    [
      'a subscription item that is not a price',
      { mode: 'subscription', lineItems: [{ productId: 'prod_1' }], ...urls },
      ['lineItems.0.priceId'],
    ],
  ])('%s', async (_name, input, paths) => {
    const refused = await session(input, { merchantType: 'mor' })
    expect(refused.paths).toEqual(paths)
  })

  it.each([
    [
      'metadata, which FastStar sessions do not have',
      { ...catalogItem, metadata: { order: '1' } },
      ['metadata'],
    ],
    [
      'a buyer name, which FastStar sessions do not take',
      { ...catalogItem, customer: { name: 'Jane' } },
      ['customer.name'],
    ],
    [
      'buyer names, each named',
      { ...catalogItem, customer: { email: 'jane@example.com', firstName: 'Jane', lastName: 'Buyer' } },
      ['customer.firstName', 'customer.lastName'],
    ],
  ])(
    '%s, as unsupported_field (core’s one policy), not as a FastStar-only message',
    async (_name, input, paths) => {
      const refused = await session(input)
      expect(refused.paths).toEqual(paths)
      expect(refused.code).toBe('unsupported_field')
      expect(refused.message).toContain('faststar cannot carry')
    },
  )

  it('an ad hoc amount under Merchant of Record (the default), saying how to fix it', async () => {
    const refused = await session({ amount: { amount: 2500, currency: 'USD' }, ...urls })
    expect(refused.paths).toEqual(['amount'])
    expect(refused.message).toContain("merchantType: 'direct'")
    const item = await session({ lineItems: [{ amount: { amount: 2500, currency: 'USD' } }], ...urls })
    expect(item.paths).toEqual(['lineItems.0.amount'])
  })

  it('ad hoc amounts in two currencies, even for a Direct merchant', async () => {
    const refused = await session(
      {
        lineItems: [{ amount: { amount: 1, currency: 'USD' } }, { amount: { amount: 1, currency: 'EUR' } }],
        ...urls,
      },
      { merchantType: 'direct' },
    )
    expect(refused.paths).toEqual(['lineItems.1.amount.currency'])
  })

  it('names every bad field at once', async () => {
    const refused = await session({ lineItems: [{ priceId: 'price_1', quantity: 0 }], successUrl: 'nope' })
    expect(refused.paths).toEqual(['lineItems.0.quantity', 'successUrl', 'cancelUrl'])
  })
})

describe('the other facets refuse, before any request', () => {
  const money = { amount: 1999, currency: 'USD' }

  it.each([
    [
      'charge: a non-integer amount',
      { customerId: 'c', paymentMethodId: 'p', amount: { amount: 19.99, currency: 'USD' } },
      ['amount.amount'],
    ],
    [
      'charge: a zero amount',
      { customerId: 'c', paymentMethodId: 'p', amount: { amount: 0, currency: 'USD' } },
      ['amount.amount'],
    ],
    [
      'charge: an unknown currency',
      { customerId: 'c', paymentMethodId: 'p', amount: { amount: 1, currency: 'ABC' } },
      ['amount.currency'],
    ],
    ['charge: no payment method', { customerId: 'c', amount: money }, ['paymentMethodId']],
  ])('%s', async (_name, input, paths) => {
    const refused = await refusal((client) => client.payments.charge(input as never))
    expect(refused.paths).toEqual(paths)
  })

  it('customers.create: a missing email', async () => {
    // Core's input makes email optional (Fastaar's customers have none); FastStar requires it, in
    // core's wording, before any request.
    const refused = await refusal((client) => client.customers.create({ name: 'Jane' }))
    expect(refused).toEqual({
      paths: ['email'],
      message: 'faststar: invalid customers.create input: email: is required: an email address',
      code: 'invalid_request',
    })
  })

  it('customers.create: a phone number, which FastStar has no field for', async () => {
    const refused = await refusal((client) =>
      client.customers.create({ email: 'jane@example.com', phone: '+15550100' }),
    )
    expect(refused.paths).toEqual(['phone'])
    expect(refused.code).toBe('unsupported_field')
  })

  it('customers.list: a cursor, since FastStar never returns one', async () => {
    const refused = await refusal((client) => client.customers.list({ cursor: 'abc' }))
    expect(refused.paths).toEqual(['cursor'])
    expect(refused.code).toBe('unsupported_field')
  })

  it('prices.create: a negative amount', async () => {
    const refused = await refusal((client) =>
      client.catalog.prices.create({ productId: 'prod_1', unitAmount: { amount: -1, currency: 'USD' } }),
    )
    expect(refused.paths).toEqual(['unitAmount.amount'])
  })

  it('prices.create: a recurring price without its interval, and a one-time price with one', async () => {
    const unitAmount = { amount: 1900, currency: 'USD' }
    const recurring = await refusal((client) =>
      client.catalog.prices.create({ productId: 'prod_1', unitAmount, type: 'recurring' }),
    )
    const oneTime = await refusal((client) =>
      client.catalog.prices.create({ productId: 'prod_1', unitAmount, recurring: { interval: 'month' } }),
    )
    expect([recurring.paths, oneTime.paths]).toEqual([['recurring'], ['recurring']])
  })

  it('products.create: an empty name', async () => {
    expect((await refusal((client) => client.catalog.products.create({ name: ' ' }))).paths).toEqual(['name'])
  })

  it('tax.calculate: a country that is not an ISO code', async () => {
    const refused = await refusal((client) => client.tax.calculate({ amount: money, country: 'Germany' }))
    expect(refused.paths).toEqual(['country'])
  })

  it('paymentMethods.attach: a missing setupIntentId', async () => {
    const refused = await refusal((client) => client.paymentMethods.attach('cus_1', {} as never))
    expect(refused.paths).toEqual(['setupIntentId'])
  })
})

describe('createFastStar refuses bad settings, saying how to fix them', () => {
  it.each([
    [
      { apiKey: undefined },
      'apiKey: is missing: pass createFastStar({ apiKey: process.env.FASTSTAR_API_KEY })',
    ],
    [{ apiKey: '' }, 'apiKey: is empty'],
    [{ apiKey: ' fs_live_key ' }, 'apiKey: has leading or trailing whitespace'],
    [
      { merchantType: 'marketplace' },
      'merchantType: must be "mor" (Merchant of Record) or "direct" (Direct/PSP)',
    ],
    [{ baseUrl: 'api.faststarpay.com' }, 'baseUrl must be an absolute http(s) URL'],
    [{ webhookToleranceSeconds: -1 }, 'webhookToleranceSeconds'],
  ])('%j', (settings, message) => {
    const create = () => gateway(settings as never)
    expect(create).toThrow(InvalidRequestError)
    expect(create).toThrow(message)
  })

  it.each([
    [{ merchantTyp: 'direct' }, 'merchantTyp: unknown key; did you mean "merchantType"?'],
    [{ webhookSecert: 'whsec_1' }, 'webhookSecert: unknown key; did you mean "webhookSecret"?'],
    [{ timeout: 1000 }, 'timeout: unknown key; did you mean "timeoutMs"?'],
    [
      { fieldNames: { sessionRegoin: 'state' } },
      'fieldNames.sessionRegoin: unknown key; did you mean "sessionRegion"?',
    ],
  ])('an unknown setting %j, with the closest known name', (settings, message) => {
    const error = (() => {
      try {
        gateway(settings as never)
      } catch (thrown) {
        return thrown as InvalidRequestError
      }
    })()
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect(error?.code).toBe('invalid_settings')
    expect(error?.message).toContain(message)
  })

  it('never echoes the key in a settings error', () => {
    expect(() => gateway({ apiKey: ' fs_live_secret_value ' })).not.toThrow(/fs_live_secret_value/)
  })
})
