import { describe, expect, it } from 'vitest'
import { FASTSTAR_ENDPOINTS } from './faststar-endpoints.js'

describe('retry policy per endpoint', () => {
  it('never retries what moves money or creates a record; retries reads and no-money writes', () => {
    const policies = Object.fromEntries(
      Object.entries(FASTSTAR_ENDPOINTS).map(([name, e]) => [name, e.retry]),
    )
    expect(policies).toEqual({
      createCheckoutSession: 'safe',
      retrieveCheckoutSession: 'safe',
      createProduct: 'never',
      listProducts: 'safe',
      createPrice: 'never',
      listPrices: 'safe',
      createCustomer: 'never',
      listCustomers: 'safe',
      retrieveCustomer: 'safe',
      createSetupIntent: 'safe',
      attachPaymentMethod: 'never',
      listPaymentMethods: 'safe',
      chargeCustomer: 'never',
      setDefaultPaymentMethod: 'safe',
      detachPaymentMethod: 'safe',
      calculateTax: 'safe',
      verifySignature: 'safe',
    })
  })

  it('covers every endpoint of the API reference, once', () => {
    const routes = Object.values(FASTSTAR_ENDPOINTS).map((e) => `${e.method} ${e.path}`)
    expect(new Set(routes).size).toBe(17)
  })
})
