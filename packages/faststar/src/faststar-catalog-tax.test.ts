import { type Price, type TaxQuote, UnexpectedResponseError } from '@paymux/core'
import { describe, expect, it } from 'vitest'
import {
  envelope,
  referencePriceRequest,
  referenceTaxQuote,
  referenceTaxRequest,
} from './fixtures/faststar-examples.js'
import { faststar, gateway, PREFIX, rejection, useNock } from './test-support.js'

useNock()

describe('catalog', () => {
  it('prices.create sends the API reference’s recurring example and maps the price', async () => {
    const native = { id: 'price_1', ...referencePriceRequest }
    faststar().post(`${PREFIX}/merchant/catalog/prices`, referencePriceRequest).reply(200, envelope(native))
    const price = await gateway().catalog.prices.create({
      productId: 'prod_xxx',
      unitAmount: { amount: 1900, currency: 'USD' },
      type: 'recurring',
      recurring: { interval: 'month' },
    })
    expect(price).toEqual({
      object: 'price',
      id: 'price_1',
      provider: 'faststar',
      ref: 'faststar:price_1',
      productId: 'prod_xxx',
      unitAmount: { amount: 1900, currency: 'USD' },
      type: 'recurring',
      recurring: { interval: 'month' },
      raw: native,
    } satisfies Price)
  })

  it('prices.create sends interval count and trial days, and one-time prices with type one_time', async () => {
    const recurring = { ...referencePriceRequest, recurring_interval_count: 3, trial_period_days: 14 }
    faststar()
      .post(`${PREFIX}/merchant/catalog/prices`, recurring)
      .reply(200, envelope({ id: 'price_2', ...recurring }))
    const oneTime = { product_id: 'prod_xxx', currency: 'JPY', unit_amount: 500, type: 'one_time' }
    faststar()
      .post(`${PREFIX}/merchant/catalog/prices`, oneTime)
      .reply(200, envelope({ id: 'price_3', ...oneTime }))
    const client = gateway()
    const quarterly = await client.catalog.prices.create({
      productId: 'prod_xxx',
      unitAmount: { amount: 1900, currency: 'USD' },
      type: 'recurring',
      recurring: { interval: 'month', intervalCount: 3, trialPeriodDays: 14 },
    })
    expect(quarterly.recurring).toEqual({ interval: 'month', intervalCount: 3, trialPeriodDays: 14 })
    const yen = await client.catalog.prices.create({
      productId: 'prod_xxx',
      unitAmount: { amount: 500, currency: 'JPY' },
    })
    expect(yen).toMatchObject({ type: 'one_time', unitAmount: { amount: 500, currency: 'JPY' } })
    expect(yen).not.toHaveProperty('recurring')
  })

  it('products.create and list; prices.list filters by product locally', async () => {
    const product = { id: 'prod_1', name: 'Pro plan', description: 'Everything', metadata: { tier: 'pro' } }
    faststar()
      .post(`${PREFIX}/merchant/catalog/products`, {
        name: 'Pro plan',
        description: 'Everything',
        metadata: { tier: 'pro' },
      })
      .reply(200, envelope(product))
    faststar()
      .get(`${PREFIX}/merchant/catalog/products`)
      .reply(200, envelope({ products: [product] }))
    faststar()
      .get(`${PREFIX}/merchant/catalog/prices`)
      .reply(
        200,
        envelope([
          { id: 'price_a', product_id: 'prod_1', currency: 'USD', unit_amount: 900, type: 'one_time' },
          { id: 'price_b', product_id: 'prod_2', currency: 'USD', unit_amount: 100, type: 'one_time' },
        ]),
      )
    const client = gateway()
    const created = await client.catalog.products.create({
      name: 'Pro plan',
      description: 'Everything',
      metadata: { tier: 'pro' },
    })
    expect(created).toEqual({
      object: 'product',
      provider: 'faststar',
      ref: 'faststar:prod_1',
      ...product,
      raw: product,
    })
    expect(await client.catalog.products.list()).toMatchObject({ data: [{ id: 'prod_1' }], hasMore: false })
    const prices = await client.catalog.prices.list({ productId: 'prod_1' })
    expect(prices.data.map((price) => price.id)).toEqual(['price_a'])
  })

  it('a recurring price without an interval in an answer is an UnexpectedResponseError', async () => {
    faststar()
      .get(`${PREFIX}/merchant/catalog/prices`)
      .reply(
        200,
        envelope([{ id: 'price_x', product_id: 'p', currency: 'USD', unit_amount: 1, type: 'recurring' }]),
      )
    expect(UnexpectedResponseError.isInstance(await rejection(gateway().catalog.prices.list()))).toBe(true)
  })

  it('creating a product is not retried', async () => {
    faststar().post(`${PREFIX}/merchant/catalog/products`).reply(503, '')
    expect(await rejection(gateway().catalog.products.create({ name: 'X' }))).toMatchObject({
      retryable: false,
    })
  })
})

describe('tax.calculate', () => {
  it('sends the DE example and returns the exact quote, tax inside the gross amount', async () => {
    faststar()
      .post(`${PREFIX}/public/tax/calculate`, referenceTaxRequest)
      .reply(200, envelope(referenceTaxQuote))
    const quote = await gateway().tax.calculate({ amount: { amount: 1000, currency: 'EUR' }, country: 'DE' })
    expect(quote).toEqual({
      object: 'tax_quote',
      provider: 'faststar',
      country: 'DE',
      taxType: 'vat',
      ratePercent: '19',
      inclusive: true,
      tax: { amount: 160, currency: 'EUR' },
      net: { amount: 840, currency: 'EUR' },
      gross: { amount: 1000, currency: 'EUR' },
      raw: referenceTaxQuote,
    } satisfies TaxQuote)
  })

  it('keeps a fractional rate exact and sends the region under the configured field', async () => {
    const quote = {
      country: 'US',
      tax_type: 'sales_tax',
      rate_percent: 7.25,
      inclusive: false,
      tax_amount: 72,
      net_amount: 999,
      gross_amount: 1071,
    }
    faststar()
      .post(`${PREFIX}/public/tax/calculate`, { amount: 999, country: 'US', region: 'CA' })
      .reply(200, envelope(quote))
    faststar()
      .post(`${PREFIX}/public/tax/calculate`, { amount: 999, country: 'US', state: 'CA' })
      .reply(200, envelope(quote))
    const input = { amount: { amount: 999, currency: 'USD' }, country: 'US', region: 'CA' }
    const result = await gateway().tax.calculate(input)
    expect(result).toMatchObject({
      ratePercent: '7.25',
      inclusive: false,
      region: 'CA',
      gross: { amount: 1071 },
    })
    await gateway({ fieldNames: { taxRegion: 'state' } }).tax.calculate(input)
  })

  it('a quote whose amounts do not add up is an UnexpectedResponseError', async () => {
    faststar()
      .post(`${PREFIX}/public/tax/calculate`)
      .reply(200, envelope({ ...referenceTaxQuote, net_amount: 841 }))
    const error = await rejection(
      gateway().tax.calculate({ amount: { amount: 1000, currency: 'EUR' }, country: 'DE' }),
    )
    expect(error).toMatchObject({ name: 'UnexpectedResponseError', code: 'inconsistent_amounts' })
  })
})
