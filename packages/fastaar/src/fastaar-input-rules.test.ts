import { InvalidRequestError } from '@paymux/core'
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

const BAD_URLS: readonly (readonly [string, string])[] = [
  ['a leading space', ' https://shop.example/thanks'],
  ['a trailing space', 'https://shop.example/thanks '],
  ['a trailing newline', 'https://shop.example/thanks\n'],
  ['an embedded newline', 'https://shop.exa\nmple/thanks'],
  ['an embedded CR LF', 'https://shop.example/thanks\r\nSet-Cookie: a=b'],
  ['a tab', 'https://shop.example/\tthanks'],
  ['a NUL', 'https://shop.example/\u0000thanks'],
]

async function refused(input: object) {
  const sent: string[] = []
  const fetch: typeof globalThis.fetch = async (request) => {
    sent.push(String(request))
    return new Response('{}', { status: 500 })
  }
  const error = await testGateway({ fetch })
    .sessions.create(input as never)
    .then(
      () => new Error('expected a refusal'),
      (reason: unknown) => reason,
    )
  expect(sent).toEqual([])
  if (!InvalidRequestError.isInstance(error)) throw error
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
