import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import type { CreateSessionInput } from '../model/gateway.js'
import { inputRule, parseInput, parseNeutralInput } from '../validation/index.js'
import { createSessionInputSchema } from './index.js'
import { issuesOf } from './issues-of.test-support.js'

const context = { provider: 'acme', operation: 'sessions.create' } as const
const base: CreateSessionInput = {
  amount: { amount: 1999, currency: 'USD' },
  successUrl: 'https://shop.example/thanks',
}
const neutral = createSessionInputSchema({ provider: 'acme' })

describe('createSessionInputSchema: the neutral rules', () => {
  it('accepts a neutral input and returns it as given', () => {
    const input: CreateSessionInput = {
      ...base,
      description: 'Order 42',
      customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
      cancelUrl: 'https://shop.example/cart',
      reference: 'order-42',
      buyerCountry: 'DE',
      region: 'BE',
      presentation: 'redirect',
      metadata: { order: '42' },
      providerOptions: { acme: {}, fastpay: { anything: true } },
    }
    expect(parseInput(neutral, input, context)).toEqual(input)
  })

  it.each([
    [{ ...base, refrence: 'x' }, 'refrence', 'unknown key; did you mean "reference"?'],
    [{ ...base, customer: { emial: 'a@b.example' } }, 'customer.emial', 'unknown key; did you mean "email"?'],
    [
      { lineItems: [{ amount: base.amount, quantty: 2 }] },
      'lineItems.0.quantty',
      'unknown key; did you mean "quantity"?',
    ],
    [
      { ...base, providerOptions: { acme: { x: 1 } } },
      'providerOptions.acme.x',
      'unknown key: this object takes no keys',
    ],
    [
      { ...base, providerOptions: { acmee: {}, fastsatr: {} } },
      'providerOptions.fastsatr',
      'unknown key; did you mean "faststar"?',
    ],
  ])('refuses an unknown key with a suggestion: %j', (input, path, message) => {
    expect(issuesOf(neutral, input)).toEqual([[path, message]])
  })

  it.each([
    [
      { ...base, lineItems: [{ priceId: 'price_1' }] },
      'amount',
      'give either amount (one ad hoc line item) or lineItems, not both',
    ],
    [
      { successUrl: base.successUrl },
      'lineItems',
      'is required in payment mode: at least one line item, or amount for one ad hoc item',
    ],
    [{ lineItems: [] }, 'lineItems', 'must have at least one line item'],
    [{ mode: 'setup', amount: base.amount }, 'amount', 'a setup session charges nothing: no amount'],
    [
      { mode: 'setup', lineItems: [{ priceId: 'p' }] },
      'lineItems',
      'a setup session charges nothing: no line items',
    ],
    [{ ...base, region: 'BE' }, 'region', 'needs buyerCountry: a region is read within a country'],
    [{ lineItems: [{}] }, 'lineItems.0', 'needs a priceId, a productId or an amount'],
    [
      { lineItems: [{ priceId: 'p', productId: 'q' }] },
      'lineItems.0.productId',
      'give either priceId or productId, not both',
    ],
    [
      { lineItems: [{ priceId: 'p', amount: base.amount }] },
      'lineItems.0.amount',
      'a catalog item takes its price from the catalog: no ad hoc amount',
    ],
    [
      { lineItems: [{ amount: base.amount }, { amount: { amount: 5, currency: 'EUR' } }] },
      'lineItems.1.amount.currency',
      'every ad hoc amount in one session needs the same currency (USD)',
    ],
  ])('holds the shared invariant: %j', (input, path, message) => {
    expect(issuesOf(neutral, input)).toEqual([[path, message]])
  })

  it('refuses line totals that would not be exact, naming the line or the sum', () => {
    const big = { amount: Number.MAX_SAFE_INTEGER - 1, currency: 'USD' }
    expect(issuesOf(neutral, { lineItems: [{ amount: big, quantity: 2 }] })).toEqual([
      ['lineItems.0', expect.stringMatching(/^amount × quantity is more than 9007199254740991 minor units/)],
    ])
    expect(issuesOf(neutral, { lineItems: [{ amount: big }, { amount: big }] })).toEqual([
      ['lineItems', expect.stringMatching(/^the line items add up to more than/)],
    ])
  })

  it.each([
    ['successUrl', ' https://shop.example/thanks', 'must not have leading or trailing whitespace'],
    [
      'successUrl',
      'ftp://shop.example/',
      'must be an absolute http(s) URL, e.g. "https://shop.example/thanks"',
    ],
    ['cancelUrl', 'https://shop.exa\nmple/', 'must not contain control characters, found U+000A'],
    ['reference', '', 'must not be empty or blank'],
    ['reference', ' order-42', 'must not have leading or trailing whitespace'],
    ['reference', 'r'.repeat(256), 'must have at most 255 characters'],
    ['reference', 42, 'must be your order id, a string, got number'],
    ['buyerCountry', 'de', 'must be an upper-case ISO 3166-1 alpha-2 code such as "DE"'],
    ['metadata', { order: 42 }, 'values must be strings'],
    ['metadata', { '': 'x' }, 'keys must not be empty'],
    ['description', '  ', 'must not be empty or blank'],
    ['mode', 'subscriptions', 'acme offers mode "payment", "subscription" or "setup"'],
    ['customer', { email: 'not an email' }, 'must be an email address'],
  ])('refuses %s = %j, naming the field', (field, value, message) => {
    const [issue] = issuesOf(neutral, { ...base, [field]: value })
    expect(issue?.[0]).toMatch(new RegExp(`^${field}`))
    expect(issue?.[1]).toBe(message)
  })
})

describe('createSessionInputSchema: what the gateway declares', () => {
  const fastaarLike = createSessionInputSchema({
    provider: 'fastaar',
    name: 'Fastaar',
    sessionModes: ['payment'],
    presentations: ['redirect'],
    currencies: ['BDT'],
    maxReferenceLength: 8,
    maxLineItems: 2,
    positiveAmounts: true,
    providerOptions: z.strictObject({ channel: z.optional(z.literal('web')) }),
  })
  const bdt = { amount: 100, currency: 'BDT' }

  it.each([
    [{ mode: 'subscription', amount: bdt }, 'mode', 'Fastaar offers mode "payment" only'],
    [
      { presentation: 'embedded', amount: bdt },
      'presentation',
      'Fastaar offers presentation "redirect" only',
    ],
    [{ amount: { amount: 100, currency: 'USD' } }, 'amount.currency', 'Fastaar takes BDT only, got "USD"'],
    [{ amount: { amount: 0, currency: 'BDT' } }, 'amount.amount', 'must be more than zero, got 0'],
    [{ amount: bdt, reference: 'order-1234' }, 'reference', 'must have at most 8 characters'],
    [
      { lineItems: [{ amount: bdt }, { amount: bdt }, { amount: bdt }] },
      'lineItems',
      'Fastaar takes at most 2 line items',
    ],
    [
      { amount: bdt, providerOptions: { fastaar: { chanel: 'web' } } },
      'providerOptions.fastaar.chanel',
      'unknown key; did you mean "channel"?',
    ],
  ])('refuses %j', (input, path, message) => {
    expect(issuesOf(fastaarLike, input)).toEqual([[path, message]])
  })

  it("types and returns the gateway's own options", () => {
    const valid = parseInput(
      fastaarLike,
      { amount: bdt, providerOptions: { fastaar: { channel: 'web' } } },
      context,
    )
    const channel: 'web' | undefined = valid.providerOptions?.fastaar?.channel
    expect(channel).toBe('web')
  })

  it("runs a gateway's refinement only on an input that holds every neutral rule", () => {
    let seen = 0
    const refined = neutral.check(
      inputRule((input, report) => {
        seen++
        if (input.cancelUrl === undefined) report(['cancelUrl'], 'is required by Acme')
      }),
    )
    expect(issuesOf(refined, { ...base, lineItems: [{ priceId: 'p' }] })).toEqual([
      ['amount', 'give either amount (one ad hoc line item) or lineItems, not both'],
    ])
    expect(seen).toBe(0)
    expect(issuesOf(refined, base)).toEqual([['cancelUrl', 'is required by Acme']])
    expect(seen).toBe(1)
  })

  it('refuses unsupported fields before the schema runs, with its own code', () => {
    const capabilities = { unsupportedFields: { 'sessions.create': ['customer.name'] } } as const
    const input = { ...base, customer: { name: 42 } }
    let error: unknown
    try {
      parseNeutralInput(neutral, input, { ...context, capabilities })
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ code: 'unsupported_field', issues: [{ path: 'customer.name' }] })
  })
})
