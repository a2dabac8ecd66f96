import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import type { $ZodType } from 'zod/v4/core'
import { inputRule, parseInput } from '../validation/index.js'
import {
  attachPaymentMethodInputSchema,
  chargeInputSchema,
  createCustomerInputSchema,
  createPriceInputSchema,
  createProductInputSchema,
  listCustomersFilterSchema,
  listPaymentsFilterSchema,
  listPricesFilterSchema,
  moneySchema,
  refundInputSchema,
  takesCurrencies,
  taxInputSchema,
  waitForOptionsSchema,
} from './index.js'
import { issuesOf } from './issues-of.test-support.js'

const context = { provider: 'acme', operation: 'payments.charge' } as const
const usd = { amount: 500, currency: 'USD' }

describe('the neutral inputs of every operation', () => {
  it.each<[string, $ZodType, unknown]>([
    [
      'payments.charge',
      chargeInputSchema,
      { customerId: 'cus_1', paymentMethodId: 'pm_1', amount: usd, offSession: true },
    ],
    ['payments.refund', refundInputSchema, { amount: usd }],
    ['payments.refund in full', refundInputSchema, {}],
    [
      'payments.list',
      listPaymentsFilterSchema,
      { status: 'succeeded', reference: 'order-1', limit: 10, cursor: 'c_2' },
    ],
    [
      'payments.waitFor',
      waitForOptionsSchema,
      { until: ['succeeded', 'failed'], timeoutMs: 1000, signal: new AbortController().signal },
    ],
    ['customers.create', createCustomerInputSchema, { email: 'ada@example.com', name: 'Ada' }],
    // No field is required by core: each gateway requires its own (FastStar email, Fastaar name and phone).
    ['customers.create without email', createCustomerInputSchema, { name: 'Ada', phone: '01712345678' }],
    [
      'customers.create with every field',
      createCustomerInputSchema,
      { email: 'a@b.co', name: 'A', phone: '+1 5' },
    ],
    ['customers.list', listCustomersFilterSchema, { limit: 5, cursor: 'c' }],
    ['paymentMethods.attach', attachPaymentMethodInputSchema, { setupIntentId: 'seti_1' }],
    [
      'catalog.products.create',
      createProductInputSchema,
      { name: 'Tea', description: 'Green', metadata: { sku: 'T1' } },
    ],
    [
      'catalog.prices.create',
      createPriceInputSchema,
      {
        productId: 'prod_1',
        unitAmount: usd,
        type: 'recurring',
        recurring: { interval: 'month', intervalCount: 1, trialPeriodDays: 0 },
      },
    ],
    ['catalog.prices.list', listPricesFilterSchema, { productId: 'prod_1' }],
    ['tax.calculate', taxInputSchema, { amount: usd, country: 'DE', region: 'BE' }],
  ])('accepts a valid %s input as it is', (_operation, schema, input) => {
    expect(parseInput(schema, input, context)).toEqual(input)
  })

  it.each<[string, $ZodType, unknown, [string, string][]]>([
    [
      'an unknown key in a charge',
      chargeInputSchema,
      { customerId: 'c', paymentMethodId: 'p', amount: usd, ofSession: true },
      [['ofSession', 'unknown key; did you mean "offSession"?']],
    ],
    [
      'a zero charge',
      chargeInputSchema,
      { customerId: 'c', paymentMethodId: 'p', amount: { amount: 0, currency: 'USD' } },
      [['amount.amount', 'must be more than zero, got 0']],
    ],
    [
      'a blank id',
      chargeInputSchema,
      { customerId: ' ', paymentMethodId: 'p', amount: usd },
      [['customerId', 'must not be empty or blank']],
    ],
    [
      'a missing id',
      chargeInputSchema,
      { paymentMethodId: 'p', amount: usd },
      [['customerId', 'is required: an id string']],
    ],
    [
      'a zero refund',
      refundInputSchema,
      { amount: { amount: 0, currency: 'USD' } },
      [['amount.amount', 'must be more than zero, got 0']],
    ],
    [
      'a misspelt refund key',
      refundInputSchema,
      { amout: usd },
      [['amout', 'unknown key; did you mean "amount"?']],
    ],
    [
      'an unknown status',
      listPaymentsFilterSchema,
      { status: 'paid' },
      [
        [
          'status',
          'must be one of "pending", "requires_action", "processing", "succeeded", "failed", "canceled", "expired"',
        ],
      ],
    ],
    ['a zero page size', listPaymentsFilterSchema, { limit: 0 }, [['limit', 'must be at least 1']]],
    [
      'a fractional page size',
      listCustomersFilterSchema,
      { limit: 1.5 },
      [['limit', 'must be a whole number']],
    ],
    ['a blank cursor', listPaymentsFilterSchema, { cursor: '' }, [['cursor', 'must not be empty or blank']]],
    ['no timeout', waitForOptionsSchema, {}, [['timeoutMs', 'must be a number of milliseconds']]],
    ['a negative timeout', waitForOptionsSchema, { timeoutMs: -1 }, [['timeoutMs', 'must be more than 0']]],
    [
      'a signal that is not one',
      waitForOptionsSchema,
      { timeoutMs: 1, signal: {} },
      [['signal', 'must be an AbortSignal']],
    ],
    [
      'a customer phone that is blank',
      createCustomerInputSchema,
      { phone: ' ' },
      [['phone', 'must not be empty or blank']],
    ],
    [
      'a customer phone that is not text',
      createCustomerInputSchema,
      { phone: 8801712345678 },
      [['phone', 'must be a phone number, got number']],
    ],
    [
      'a misspelt customer phone key',
      createCustomerInputSchema,
      { phon: '017' },
      [['phon', 'unknown key; did you mean "phone"?']],
    ],
    [
      'a customer email that is not one',
      createCustomerInputSchema,
      { email: 'ada' },
      [['email', 'must be an email address']],
    ],
    [
      'a misspelt attach key',
      attachPaymentMethodInputSchema,
      { setupIntent: 'seti_1' },
      [
        ['setupIntentId', 'is required: an id string'],
        ['setupIntent', 'unknown key; did you mean "setupIntentId"?'],
      ],
    ],
    ['a product without a name', createProductInputSchema, {}, [['name', 'is required: the product name']]],
    [
      'recurring without its terms',
      createPriceInputSchema,
      { productId: 'p', unitAmount: usd, type: 'recurring' },
      [['recurring', 'is required for a recurring price']],
    ],
    [
      'terms for a one-time price',
      createPriceInputSchema,
      { productId: 'p', unitAmount: usd, recurring: { interval: 'month' } },
      [['recurring', 'needs type: "recurring"']],
    ],
    [
      'an unknown interval',
      createPriceInputSchema,
      { productId: 'p', unitAmount: usd, type: 'recurring', recurring: { interval: 'fortnight' } },
      [['recurring.interval', 'must be one of "day", "week", "month", "year"']],
    ],
    [
      'a lower-case country',
      taxInputSchema,
      { amount: usd, country: 'de' },
      [['country', 'must be an upper-case ISO 3166-1 alpha-2 code such as "DE"']],
    ],
  ])('refuses %s, naming the field', (_name, schema, input, issues) => {
    expect(issuesOf(schema, input)).toEqual(issues)
  })
})

describe('refining a neutral input at a gateway', () => {
  it('adds a currency rule and a cap with .check, and keeps the neutral rules first', () => {
    const fastaarRefund = refundInputSchema.check(
      inputRule((input, report) => {
        if (input.amount !== undefined && input.amount.amount > 1_000_000)
          report(['amount', 'amount'], 'is above the cap')
      }),
    )
    expect(issuesOf(fastaarRefund, { amount: { amount: 2_000_000, currency: 'USD' } })).toEqual([
      ['amount.amount', 'is above the cap'],
    ])
    expect(issuesOf(fastaarRefund, { amount: { amount: 0, currency: 'USD' } })).toEqual([
      ['amount.amount', 'must be more than zero, got 0'],
    ])
  })

  it('restricts the currency of a money field with takesCurrencies', () => {
    const bdt = moneySchema.check(takesCurrencies(['BDT'], 'Fastaar'))
    expect(issuesOf(z.strictObject({ amount: bdt }), { amount: usd })).toEqual([
      ['amount.currency', 'Fastaar takes BDT only, got "USD"'],
    ])
    const several = moneySchema.check(takesCurrencies(['USD', 'EUR'], 'Acme'))
    expect(issuesOf(several, { amount: 1, currency: 'GBP' })).toEqual([
      ['currency', 'Acme takes only USD, EUR, got "GBP"'],
    ])
    expect(parseInput(moneySchema.check(takesCurrencies('any', 'Acme')), usd, context)).toEqual(usd)
  })

  it('extends an options object for a gateway that takes more, keeping it strict', () => {
    const fastaarWaitFor = z.extend(waitForOptionsSchema, { initialIntervalMs: z.optional(z.number()) })
    expect(parseInput(fastaarWaitFor, { timeoutMs: 5, initialIntervalMs: 1 }, context)).toEqual({
      timeoutMs: 5,
      initialIntervalMs: 1,
    })
    expect(issuesOf(fastaarWaitFor, { timeoutMs: 5, intialIntervalMs: 1 })).toEqual([
      ['intialIntervalMs', 'unknown key; did you mean "initialIntervalMs"?'],
    ])
  })
})
