import {
  ActionRequiredError,
  AuthenticationError,
  InvalidRequestError,
  NotFoundError,
  type PaymentError,
  ProviderUnavailableError,
  RateLimitError,
} from '@paymux/core'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { errorBodies } from './fixtures/fastaar-documents.js'
import { fastaarApi, TEST_KEY, testGateway } from './fixtures/nock-helpers.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

async function failWith(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<PaymentError> {
  const { scope } = fastaarApi()
  scope.get('/api/v1/payments/p1').reply(status, body as nock.Body, headers)
  return testGateway({ maxRetries: 0 })
    .payments.retrieve('p1')
    .then(
      () => {
        throw new Error('expected the call to fail')
      },
      (error: PaymentError) => error,
    )
}

describe('Fastaar errors', () => {
  it.each([
    [401, 'authentication_error', AuthenticationError],
    [402, 'subscription_required', AuthenticationError],
    [402, 'transaction_limit_reached', AuthenticationError],
    [403, 'merchant_suspended', AuthenticationError],
    [403, 'domain_not_allowed', AuthenticationError],
    [403, 'ability_denied', AuthenticationError],
    [404, 'not_found', NotFoundError],
    [422, 'validation_error', InvalidRequestError],
    [429, 'rate_limit_error', RateLimitError],
    [500, 'api_error', ProviderUnavailableError],
  ] as const)('HTTP %i %s → %o, from either body form', async (status, type, errorClass) => {
    for (const body of [errorBodies.nested(type, 'Nope.'), errorBodies.topLevel(type, 'Nope.')]) {
      const error = await failWith(status, body)
      expect(errorClass.isInstance(error)).toBe(true)
      expect(error.code).toBe(type)
      expect(error.httpStatus).toBe(status)
      expect(error.message).toBe(`fastaar: Nope. (HTTP ${status}, ${type})`)
      expect(error.raw).toEqual(body)
    }
  })

  it('keeps 422 field names that are also Object members as the literal keys', async () => {
    // Sent as text, so the parsed body has `__proto__` as an own key, as JSON.parse makes it.
    const text =
      '{"error":{"type":"validation_error","message":"Invalid."},"errors":{"constructor":["is odd"],' +
      '"__proto__":["is odder"],"toString":"no","hasOwnProperty.0":["no"],"invoice_id":["taken"]}}'
    const error = await failWith(422, text, { 'content-type': 'application/json' })
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues).toEqual([
      { path: 'constructor', message: 'is odd' },
      { path: '__proto__', message: 'is odder' },
      { path: 'toString', message: 'no' },
      { path: 'hasOwnProperty.0', message: 'no' },
      { path: 'reference', message: 'taken' },
    ])
    expect(Object.keys(JSON.parse(text).errors)).toContain('__proto__')
  })

  it('never reads a 402 as SCA: Fastaar has none, it is an account problem', async () => {
    const error = await failWith(
      402,
      errorBodies.nested('subscription_required', 'An active subscription is required.'),
    )
    expect(ActionRequiredError.isInstance(error)).toBe(false)
    expect(error.retryable).toBe(false)
  })

  it('keeps 422 field errors, under the neutral field names', async () => {
    const error = await failWith(422, {
      ...errorBodies.nested('validation_error', 'The given data was invalid.'),
      errors: {
        amount: ['The amount must be at least 10.'],
        invoice_id: ['The invoice id may not be greater than 64 characters.'],
        'metadata.channel': 'Too long.',
      },
    })
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues).toEqual([
      { path: 'amount', message: 'The amount must be at least 10.' },
      { path: 'reference', message: 'The invoice id may not be greater than 64 characters.' },
      { path: 'metadata.channel', message: 'Too long.' },
    ])
  })

  it('reads the retry hint of a 429 (120 requests per minute)', async () => {
    const error = await failWith(429, errorBodies.nested('rate_limit_error', 'Too many requests.'), {
      'Retry-After': '17',
    })
    expect(RateLimitError.isInstance(error)).toBe(true)
    expect((error as RateLimitError).retryAfterMs).toBe(17_000)
  })

  it('turns an HTML error page into a readable error', async () => {
    const error = await failWith(503, '<html><body>Maintenance</body></html>')
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error.message).toBe('fastaar: <html><body>Maintenance</body></html> (HTTP 503)')
  })

  it('scrubs an API key that Fastaar echoes back, from message, raw and JSON', async () => {
    const error = await failWith(
      401,
      errorBodies.nested('authentication_error', `Invalid API key ${TEST_KEY}.`),
    )
    const everything = `${error.message}\n${error.stack}\n${JSON.stringify(error)}`
    expect(everything).not.toContain(TEST_KEY)
    expect(error.message).toBe('fastaar: Invalid API key [redacted]. (HTTP 401, authentication_error)')
  })

  it('scrubs an echoed key before the onRetry hook sees the error', async () => {
    const { scope } = fastaarApi()
    scope.get('/api/v1/payments/p1').reply(503, { message: `Bearer ${TEST_KEY} is overloaded` })
    scope.get('/api/v1/payments/p1').reply(404, errorBodies.nested('not_found', 'Payment not found.'))
    const seen: string[] = []
    await testGateway({
      hooks: { onRetry: (event) => seen.push(JSON.stringify(event.error), event.error.message) },
    })
      .payments.retrieve('p1')
      .catch(() => undefined)
    expect(seen).toHaveLength(2)
    for (const text of seen) expect(text).not.toContain(TEST_KEY)
  })
})
