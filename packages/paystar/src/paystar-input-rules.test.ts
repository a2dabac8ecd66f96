import { BAD_URLS, invalidRequestOf, recordingFetch } from '@paymux/core/testing'
import { describe, expect, it } from 'vitest'
import { createPaystar } from './paystar-gateway.js'

// Low items of issue 15: inputs a URL parser or a JSON number would quietly
// "repair" are refused before any request, naming the field.

const charge = { amount: { amount: 15000, currency: 'USD' }, description: 'January Water Bill' }
const urls = { successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/cart' }

async function refused(input: object) {
  const { calls, fetch } = recordingFetch()
  const paystar = createPaystar({ apiKey: 'ps_key_rules', businessUnitSlug: 'acme-utilities', fetch })
  const error = await invalidRequestOf(paystar.sessions.create(input as never))
  expect(calls).toEqual([])
  return error
}

describe.each(['successUrl', 'cancelUrl'])('sessions.create refuses a %s with', (field) => {
  it.each(BAD_URLS)('%s', async (_name, url) => {
    const error = await refused({ lineItems: [charge], ...urls, [field]: url })
    expect(error.issues.map((issue) => issue.path)).toEqual([field])
    expect(error.message).toMatch(/leading or trailing whitespace|control characters/)
  })
})

describe('sessions.create refuses charges that add up past Number.MAX_SAFE_INTEGER', () => {
  const max = Number.MAX_SAFE_INTEGER
  const line = (amount: number) => ({ amount: { amount, currency: 'USD' }, description: 'Bill' })

  it.each([
    ['two charges', [line(max), line(1)]],
    ['three charges', [line(2 ** 52), line(2 ** 52), line(1)]],
  ])('%s', async (_name, lineItems) => {
    const error = await refused({ lineItems })
    expect(error.issues).toEqual([
      {
        path: 'lineItems',
        message: expect.stringMatching(/add up to more than 9007199254740991 minor units/),
      },
    ])
  })
})
