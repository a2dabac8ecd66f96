import { type CreateSessionInput, InvalidRequestError } from '@paymux/core'
import { BAD_URLS, invalidRequestOf } from '@paymux/core/testing'
import { describe, expect, it } from 'vitest'
import { forbiddenFetch, gateway, rejection } from './test-support.js'

// Low items of issue 15: inputs a URL parser or a JSON number would quietly
// "repair" are refused before any request, naming the field.

const urls = { successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/cart' }

async function refused(input: object, settings = {}) {
  const fetch = forbiddenFetch()
  const error = await invalidRequestOf(
    gateway({ fetch, ...settings }).sessions.create(input as CreateSessionInput),
  )
  expect(fetch.calls).toBe(0)
  return error
}

describe.each(['successUrl', 'cancelUrl'])('sessions.create refuses a %s with', (field) => {
  it.each(BAD_URLS)('%s', async (_name, url) => {
    const error = await refused({ lineItems: [{ priceId: 'price_1' }], ...urls, [field]: url })
    expect(error.issues.map((issue) => issue.path)).toEqual([field])
    expect(error.message).toMatch(/leading or trailing whitespace|control characters/)
  })
})

describe('sessions.create refuses ad hoc line totals past Number.MAX_SAFE_INTEGER', () => {
  const max = Number.MAX_SAFE_INTEGER
  const usd = (amount: number) => ({ amount, currency: 'USD' })

  it.each([
    ['one line: amount × quantity', [{ amount: usd(1) }, { amount: usd(max), quantity: 2 }], 'lineItems.1'],
    ['one line just past it', [{ amount: usd(2 ** 27), quantity: 2 ** 26 + 1 }], 'lineItems.0'],
    ['the sum of safe lines', [{ amount: usd(max) }, { amount: usd(1) }], 'lineItems'],
    [
      'the sum after a catalog line',
      [{ priceId: 'price_1' }, { amount: usd(max - 1) }, { amount: usd(2) }],
      'lineItems',
    ],
  ])('%s', async (_name, lineItems, path) => {
    const error = await refused({ lineItems, ...urls }, { merchantType: 'direct' })
    const issues = error.issues.filter((issue) => /too large to compute exactly/.test(issue.message))
    expect(issues.map((issue) => issue.path)).toEqual([path])
  })

  it('lets a total of exactly MAX_SAFE_INTEGER through to FastStar', async () => {
    const fetch = forbiddenFetch()
    const error = await rejection(
      gateway({ fetch, merchantType: 'direct', maxRetries: 0 }).sessions.create({
        lineItems: [
          { amount: usd(max - 2), quantity: 1 },
          { amount: usd(1), quantity: 2 },
        ],
        ...urls,
      }),
    )
    expect(fetch.calls).toBe(1)
    expect(InvalidRequestError.isInstance(error)).toBe(false)
  })
})
