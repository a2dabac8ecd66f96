import { type CreateSessionInput, InvalidRequestError } from '@paymux/core'
import { describe, expect, it } from 'vitest'
import { forbiddenFetch, gateway, rejection } from './test-support.js'

// Low items of issue 15: inputs a URL parser or a JSON number would quietly
// "repair" are refused before any request, naming the field.

const urls = { successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/cart' }

const BAD_URLS: readonly (readonly [string, string])[] = [
  ['a leading space', ' https://shop.example/thanks'],
  ['a trailing space', 'https://shop.example/thanks '],
  ['a trailing newline', 'https://shop.example/thanks\n'],
  ['an embedded newline', 'https://shop.exa\nmple/thanks'],
  ['an embedded CR LF', 'https://shop.example/thanks\r\nSet-Cookie: a=b'],
  ['a tab', 'https://shop.example/\tthanks'],
  ['a NUL', 'https://shop.example/\u0000thanks'],
]

async function refused(input: object, settings = {}) {
  const fetch = forbiddenFetch()
  const error = await rejection(gateway({ fetch, ...settings }).sessions.create(input as CreateSessionInput))
  expect(fetch.calls).toBe(0)
  expect(InvalidRequestError.isInstance(error)).toBe(true)
  return error as InvalidRequestError
}

describe.each(['successUrl', 'cancelUrl'])('sessions.create refuses a %s with', (field) => {
  it.each(BAD_URLS)('%s', async (_name, url) => {
    const error = await refused({ lineItems: [{ priceId: 'price_1' }], ...urls, [field]: url })
    expect(error.issues.map((issue) => issue.path)).toEqual([field])
    expect(error.message).toMatch(/leading or trailing whitespace|control characters/)
  })
})
