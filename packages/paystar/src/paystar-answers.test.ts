import {
  AuthenticationError,
  InvalidRequestError,
  type PaymentError,
  ProviderUnavailableError,
  RateLimitError,
  UnexpectedResponseError,
} from '@paymux/core'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { exactly, interceptOnly, PAYSTAR_DEV_API } from './fixtures/nock-helpers.js'
import { DOCUMENTED_PAYMENT_REQUEST, DOCUMENTED_PAYMENT_RESPONSE } from './fixtures/paystar-documents.js'
import { createPaystar } from './paystar-gateway.js'

const API = PAYSTAR_DEV_API
const PATH = '/integrations/embedded/initiate'
const KEY = 'ps_key_never_shown_0123456789'

interceptOnly()

const paystar = () =>
  createPaystar({
    apiKey: KEY,
    businessUnitSlug: 'acme-utilities',
    backoff: { initialDelayMs: 1, maxDelayMs: 2 },
  })

async function failure(): Promise<PaymentError> {
  return paystar()
    .native.initiatePayment({ body: DOCUMENTED_PAYMENT_REQUEST })
    .then(
      () => {
        throw new Error('expected a failure')
      },
      (error: PaymentError) => error,
    )
}

describe('hasErrors is checked before data is touched', () => {
  it('a 200 with hasErrors: true is an UnexpectedResponseError carrying Paystar’s own texts', async () => {
    const body = { hasErrors: true, errors: ['Business unit not found.', 'Charges are invalid.'], data: null }
    nock(API).post(PATH).reply(200, body)
    const error = await failure()
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect(error.code).toBe('has_errors')
    expect(error.httpStatus).toBe(200)
    // The kit's answer handler words it; Paystar's own texts are quoted in order.
    expect(error.message).toContain(
      'paystar: sessions.create answered HTTP 200 but its body reports a failure (Business unit not found.; Charges are invalid.)',
    )
    expect(error.raw).toEqual(body)
    expect(error.retryable).toBe(false)
    // Paystar received the POST: whether it made a session is unknown.
    expect((error as UnexpectedResponseError).outcome).toBe('unknown')
  })

  it('a 200 with hasErrors: true and data present is still an error, never a success', async () => {
    nock(API)
      .post(PATH)
      .reply(200, {
        ...DOCUMENTED_PAYMENT_RESPONSE,
        hasErrors: true,
        errors: [{ message: 'Duplicate ClientReference' }],
      })
    const error = await failure()
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect(error.message).toContain('Duplicate ClientReference')
  })

  it('a non-empty errors array with hasErrors: false is an error (the contradiction is not read as success)', async () => {
    nock(API)
      .post(PATH)
      .reply(200, { ...DOCUMENTED_PAYMENT_RESPONSE, errors: ['Account is closed.'] })
    const error = await failure()
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect(error.message).toContain('Account is closed.')
  })

  it('a body without hasErrors does not match the documented shape', async () => {
    nock(API).post(PATH).reply(200, { data: DOCUMENTED_PAYMENT_RESPONSE.data })
    const error = await failure()
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect(error.code).toBe('schema_mismatch')
    expect((error as UnexpectedResponseError).issues.map((issue) => issue.path)).toEqual(['hasErrors'])
  })

  it('data without the documented fields names each missing one', async () => {
    nock(API)
      .post(PATH)
      .reply(200, {
        hasErrors: false,
        errors: [],
        data: { PaymentSessionIdentifier: 'abc', PaymentLogInLink: 'no' },
      })
    const error = await failure()
    expect(error.code).toBe('schema_mismatch')
    expect((error as UnexpectedResponseError).issues.map((issue) => issue.path)).toEqual([
      'data.PaymentLogInLink',
      'data.Status',
    ])
  })

  it('an HTML 200 is an UnexpectedResponseError that says what came back', async () => {
    nock(API).post(PATH).reply(200, '<html><body>Maintenance</body></html>')
    const error = await failure()
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect(error.code).toBe('html_body')
  })
})

describe('HTTP error statuses map through the core factory, with Paystar’s texts', () => {
  it('400 with field errors is an InvalidRequestError with the issues', async () => {
    const body = {
      hasErrors: true,
      errors: [{ PropertyName: 'Charges[0].Amount', ErrorMessage: 'Amount must be greater than 0.' }],
      data: null,
    }
    nock(API).post(PATH).reply(400, body)
    const error = await failure()
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect(error.message).toBe('paystar: Amount must be greater than 0. (HTTP 400, paystar_error)')
    expect((error as InvalidRequestError).issues).toEqual([
      { path: 'Charges[0].Amount', message: 'Amount must be greater than 0.' },
    ])
    expect(error.raw).toEqual(body)
  })

  it('401 is an AuthenticationError and never echoes the key', async () => {
    nock(API)
      .post(PATH)
      .reply(401, { hasErrors: true, errors: [`API key ${KEY} is not valid.`], data: null })
    const error = await failure()
    expect(AuthenticationError.isInstance(error)).toBe(true)
    expect(error.message).toBe('paystar: API key [redacted] is not valid. (HTTP 401, paystar_error)')
    expect(JSON.stringify(error)).not.toContain(KEY)
    expect(String(error.stack)).not.toContain(KEY)
  })

  it('a 5xx with an empty body is a ProviderUnavailableError after the retries', async () => {
    const scope = nock(API).post(PATH).times(3).reply(503, '')
    const error = await failure()
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error.httpStatus).toBe(503)
    expect(scope.isDone()).toBe(true)
  })

  it('a 429 is a RateLimitError with the server’s hint', async () => {
    nock(API)
      .post(PATH)
      .times(3)
      .reply(429, { hasErrors: true, errors: ['Too many requests.'] }, { 'retry-after': '0' })
    const error = await failure()
    expect(RateLimitError.isInstance(error)).toBe(true)
    expect((error as RateLimitError).retryAfterMs).toBe(0)
  })
})

describe('retries: session creation moves no money, so transient failures are retried with backoff', () => {
  it('503, then a reset connection, then success: one result, three attempts', async () => {
    const scope = nock(API)
      .post(PATH, exactly(DOCUMENTED_PAYMENT_REQUEST))
      .reply(503, { hasErrors: true, errors: ['Service unavailable'] })
      .post(PATH, exactly(DOCUMENTED_PAYMENT_REQUEST))
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .post(PATH, exactly(DOCUMENTED_PAYMENT_REQUEST))
      .reply(200, DOCUMENTED_PAYMENT_RESPONSE)
    const retries: number[] = []
    const gateway = createPaystar({
      apiKey: KEY,
      businessUnitSlug: 'acme-utilities',
      backoff: { initialDelayMs: 1, maxDelayMs: 2 },
      hooks: { onRetry: (event) => retries.push(event.attempt) },
    })
    await expect(gateway.native.initiatePayment({ body: DOCUMENTED_PAYMENT_REQUEST })).resolves.toEqual(
      DOCUMENTED_PAYMENT_RESPONSE,
    )
    expect(scope.isDone()).toBe(true)
    expect(retries).toEqual([1, 2])
  })

  it('a refusal (400 or hasErrors) is never retried', async () => {
    const scope = nock(API)
      .post(PATH)
      .reply(400, { hasErrors: true, errors: ['Bad'] })
    await failure()
    expect(scope.isDone()).toBe(true)
    expect(nock.pendingMocks()).toEqual([])
  })

  it('maxRetries: 0 sends once', async () => {
    const scope = nock(API).post(PATH).reply(502, '')
    const gateway = createPaystar({ apiKey: KEY, businessUnitSlug: 'acme-utilities', maxRetries: 0 })
    const error = await gateway.native
      .initiatePayment({ body: DOCUMENTED_PAYMENT_REQUEST })
      .catch((e: unknown) => e)
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(scope.isDone()).toBe(true)
  })
})
