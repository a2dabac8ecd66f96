import { invalidRequestOf } from '@paymux/core/testing'
import { describe, expect, it } from 'vitest'
import type { FastStarGateway } from './faststar-gateway.js'
import { forbiddenFetch, gateway } from './test-support.js'

// Finding 9 of issue 15: every neutral input refuses an unknown key before any
// request, at the key's own path, suggesting the closest known name, in the
// same shape as Fastaar and Paystar (parseInput in core builds it).

const urls = { successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/cart' }
const session = { lineItems: [{ priceId: 'price_1' }], ...urls }
const usd = { amount: 1999, currency: 'USD' }
const charge = { customerId: 'cus_1', paymentMethodId: 'pm_1', amount: usd }

type Call = (g: FastStarGateway, input: never) => Promise<unknown>
const create: Call = (g, input) => g.sessions.create(input)

/** operation, call, input with one misspelt key, the issue path, the suggested name. */
const CASES: readonly (readonly [string, Call, object, string, string])[] = [
  ['sessions.create', create, { ...session, refrence: 'order-42' }, 'refrence', 'reference'],
  [
    'sessions.create',
    create,
    { lineItems: [{ priceId: 'price_1' }], sucessUrl: urls.successUrl },
    'sucessUrl',
    'successUrl',
  ],
  ['sessions.create', create, { ...session, line_items: [] }, 'line_items', 'lineItems'],
  ['sessions.create', create, { ...session, customer: { emial: 'a@b.example' } }, 'customer.emial', 'email'],
  [
    'sessions.create',
    create,
    { ...urls, lineItems: [{ prceId: 'price_1' }] },
    'lineItems.0.prceId',
    'priceId',
  ],
  [
    'sessions.create',
    create,
    { ...urls, lineItems: [{ amount: { ...usd, curency: 'EUR' } }] },
    'lineItems.0.amount.curency',
    'currency',
  ],
  [
    'sessions.create',
    create,
    { ...session, providerOptions: { fastsatr: {} } },
    'providerOptions.fastsatr',
    'faststar',
  ],
  [
    'sessions.create',
    create,
    { ...session, providerOptions: { faststar: { extraFeilds: {} } } },
    'providerOptions.faststar.extraFeilds',
    'extraFields',
  ],
  [
    'payments.charge',
    (g, i) => g.payments.charge(i),
    { ...charge, ofSession: true },
    'ofSession',
    'offSession',
  ],
  [
    'payments.charge',
    (g, i) => g.payments.charge(i),
    { ...charge, amount: { ...usd, amout: 1 } },
    'amount.amout',
    'amount',
  ],
  ['customers.create', (g, i) => g.customers.create(i), { email: 'a@b.example', nmae: 'A' }, 'nmae', 'name'],
  ['customers.list', (g, i) => g.customers.list(i), { limt: 1 }, 'limt', 'limit'],
  [
    'paymentMethods.attach',
    (g, i) => g.paymentMethods.attach('cus_1', i),
    { setupIntentId: 'seti_1', setupIntent: 'x' },
    'setupIntent',
    'setupIntentId',
  ],
  [
    'catalog.products.create',
    (g, i) => g.catalog.products.create(i),
    { name: 'Pro', descripton: 'x' },
    'descripton',
    'description',
  ],
  [
    'catalog.prices.create',
    (g, i) => g.catalog.prices.create(i),
    {
      productId: 'prod_1',
      unitAmount: usd,
      type: 'recurring',
      recurring: { interval: 'month', intervalcount: 2 },
    },
    'recurring.intervalcount',
    'intervalCount',
  ],
  [
    'catalog.prices.list',
    (g, i) => g.catalog.prices.list(i),
    { product_id: 'prod_1' },
    'product_id',
    'productId',
  ],
  [
    'tax.calculate',
    (g, i) => g.tax.calculate(i),
    { amount: usd, country: 'DE', regoin: 'BE' },
    'regoin',
    'region',
  ],
]

describe.each(CASES)(
  '%s refuses a misspelt key before any request',
  (operation, call, input, path, known) => {
    it(`${path} → ${known}`, async () => {
      const fetch = forbiddenFetch()
      const error = await invalidRequestOf(call(gateway({ fetch, merchantType: 'direct' }), input as never))
      expect(fetch.calls).toBe(0)
      const { code, issues, message } = error
      const expected = `unknown key; did you mean "${known}"?`
      expect(code).toBe('invalid_request')
      expect(issues).toContainEqual({ path, message: expected })
      expect(message).toMatch(
        new RegExp(
          `^faststar: invalid ${operation} input: (.*; )?${escapeRegex(path)}: ${escapeRegex(expected)}`,
        ),
      )
    })
  },
)

it('lists the known keys when nothing is close', async () => {
  const fetch = forbiddenFetch()
  const error = await invalidRequestOf(gateway({ fetch }).customers.list({ page: 2 } as never))
  expect(error.issues).toEqual([{ path: 'page', message: 'unknown key; expected one of: limit, cursor' }])
  expect(fetch.calls).toBe(0)
})

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
