import { BAD_URLS, invalidRequestOf, recordingFetch } from '@paymux/core/testing'
import { describe, expect, it } from 'vitest'
import { testGateway } from './fixtures/nock-helpers.js'

// Low items of issue 15: inputs a URL parser or a JSON number would quietly
// "repair" are refused before any request, naming the field.

const order = {
  amount: { amount: 50000, currency: 'BDT' },
  reference: 'order-42',
  successUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
}

async function refused(input: object) {
  const { calls, fetch } = recordingFetch()
  const error = await invalidRequestOf(testGateway({ fetch }).sessions.create(input as never))
  expect(calls).toEqual([])
  return error
}

describe.each(['successUrl', 'cancelUrl'])('sessions.create refuses a %s with', (field) => {
  it.each(BAD_URLS)('%s', async (_name, url) => {
    const error = await refused({ ...order, [field]: url })
    expect(error.issues.map((issue) => issue.path)).toEqual([field])
    expect(error.message).toMatch(/leading or trailing whitespace|control characters/)
  })
})

describe('sessions.create refuses line totals past Number.MAX_SAFE_INTEGER, naming the line', () => {
  const max = Number.MAX_SAFE_INTEGER
  const bdt = (amount: number) => ({ amount, currency: 'BDT' })

  it.each([
    ['one line: amount × quantity', [{ amount: bdt(1) }, { amount: bdt(max), quantity: 2 }], 'lineItems.1'],
    ['one line just past it', [{ amount: bdt(2 ** 27), quantity: 2 ** 26 + 1 }], 'lineItems.0'],
    ['the sum of safe lines', [{ amount: bdt(max) }, { amount: bdt(1) }], 'lineItems'],
  ])('%s', async (_name, lineItems, path) => {
    const error = await refused({ lineItems, reference: 'order-42' })
    expect(error.issues).toEqual([
      {
        path,
        message: expect.stringMatching(
          /more than 9007199254740991 minor units, too large to compute exactly/,
        ),
      },
    ])
  })
})
