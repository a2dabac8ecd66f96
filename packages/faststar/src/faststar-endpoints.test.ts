import { readFileSync } from 'node:fs'
import { goneMeansDone, renderRetryTable } from '@paymux/core/adapter-kit'
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

describe('lost-answer recovery', () => {
  it('only detach recovers: a retried DELETE that finds the card gone is done', () => {
    const recovering = Object.entries(FASTSTAR_ENDPOINTS)
      .filter(([, endpoint]) => 'afterLostAnswer' in endpoint)
      .map(([name, endpoint]) => [name, (endpoint as { afterLostAnswer?: unknown }).afterLostAnswer])
    expect(recovering).toEqual([['detachPaymentMethod', goneMeansDone]])
  })
})

describe('docs/providers/faststar.md', () => {
  it('shows the retry table of FASTSTAR_ENDPOINTS, between its markers', () => {
    const page = readFileSync(new URL('../../../docs/providers/faststar.md', import.meta.url), 'utf8')
    const table = /<!-- retry-table:start -->\n([\s\S]*?)\n<!-- retry-table:end -->/.exec(page)?.[1]
    expect(table).toBe(renderRetryTable(FASTSTAR_ENDPOINTS))
  })
})
