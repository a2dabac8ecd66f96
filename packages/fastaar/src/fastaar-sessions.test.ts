import {
  type CreateSessionInput,
  InvalidRequestError,
  ProviderUnavailableError,
  UnexpectedResponseError,
} from '@paymux/core'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DuplicateReferenceError } from './fastaar-duplicate-reference-error.js'
import { createPaymentRequest, createPaymentResponse } from './fixtures/fastaar-documents.js'
import { fastaarApi, TEST_KEY, testGateway } from './fixtures/nock-helpers.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

// The documents' example, in neutral terms.
const orderInput: CreateSessionInput = {
  amount: { amount: 50000, currency: 'BDT' },
  reference: 'ORDER-42',
  successUrl: 'https://shop.example.com/thanks',
  cancelUrl: 'https://shop.example.com/cart',
  metadata: { channel: 'web' },
}

const documentedSession = {
  object: 'session',
  id: '01jxyz...',
  provider: 'fastaar',
  ref: 'fastaar:01jxyz...',
  status: 'open',
  nativeStatus: 'pending',
  mode: 'payment',
  url: 'https://fastaar.com/pay/01jxyz...',
  amounts: { total: { amount: 50000, currency: 'BDT' } },
  expiresAt: new Date('2026-06-12T09:00:00.000Z'),
  reference: 'ORDER-42',
  paymentId: '01jxyz...',
  raw: createPaymentResponse.data,
}

describe('sessions.create', () => {
  it('sends the documented request and maps the documented 201 exactly', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments').reply(201, createPaymentResponse)

    const session = await testGateway().sessions.create(orderInput)

    expect(captured).toHaveLength(1)
    expect(captured[0]?.method).toBe('POST')
    expect(captured[0]?.path).toBe('/api/v1/payments')
    expect(captured[0]?.body).toEqual(createPaymentRequest)
    expect(captured[0]?.headers).toMatchObject({
      authorization: `Bearer ${TEST_KEY}`,
      'content-type': 'application/json',
      accept: 'application/json',
    })
    expect(session).toEqual({ ...documentedSession, created: true })
  })

  it('tells a payment found by its reference (HTTP 200) from a new one', async () => {
    const { scope } = fastaarApi()
    scope.post('/api/v1/payments').reply(200, createPaymentResponse)
    const session = await testGateway().sessions.create(orderInput)
    expect(session).toEqual({ ...documentedSession, created: false })
  })

  it('retries a create that carries a reference, with the same body, and gets one payment', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments').reply(503, { message: 'Service Unavailable' })
    scope.post('/api/v1/payments').reply(200, createPaymentResponse)
    const session = await testGateway().sessions.create(orderInput)
    expect(captured.map((request) => request.body)).toEqual([createPaymentRequest, createPaymentRequest])
    expect(session.id).toBe('01jxyz...')
    expect(session.created).toBe(false)
  })

  it('never retries a create without a reference, and says the outcome is unknown', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments').reply(503, { message: 'Service Unavailable' })
    scope.post('/api/v1/payments').reply(201, createPaymentResponse)

    const error = await testGateway()
      .sessions.create({ amount: { amount: 50000, currency: 'BDT' } })
      .catch((caught: unknown) => caught)

    expect(captured).toHaveLength(1)
    expect(captured[0]?.body).toEqual({ amount: 500 })
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect((error as ProviderUnavailableError).outcome).toBe('unknown')
    expect((error as ProviderUnavailableError).retryable).toBe(false)
  })

  it('writes the reference as invoice_number and amounts as strings when configured', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments').reply(201, createPaymentResponse)
    await testGateway({ referenceField: 'invoice_number', amountFormat: 'string' }).sessions.create({
      amount: { amount: 50050, currency: 'BDT' },
      reference: 'ORDER-42',
    })
    expect(captured[0]?.body).toEqual({ amount: '500.50', invoice_number: 'ORDER-42' })
  })

  it('sums ad hoc line items exactly into the one amount Fastaar takes', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments').reply(201, createPaymentResponse)
    await testGateway().sessions.create({
      lineItems: [
        { amount: { amount: 25025, currency: 'BDT' }, quantity: 2 },
        { amount: { amount: 49, currency: 'BDT' } },
      ],
    })
    expect(captured[0]?.body).toEqual({ amount: 500.99 })
  })

  it('reports a 409 duplicate_invoice_number as an active payment for the reference, with its id', async () => {
    const { scope } = fastaarApi()
    scope.post('/api/v1/payments').reply(409, {
      error: { type: 'duplicate_invoice_number', message: 'Invoice number already in use.' },
      payment_id: '01jactive',
    })
    const error = await testGateway()
      .sessions.create(orderInput)
      .catch((caught: unknown) => caught)
    expect(DuplicateReferenceError.isInstance(error)).toBe(true)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({
      code: 'duplicate_invoice_number',
      httpStatus: 409,
      paymentId: '01jactive',
      // Not in Fastaar's body: the failure handler sees the body that was sent.
      reference: 'ORDER-42',
      issues: [{ path: 'reference', message: 'a payment for this reference is still active (01jactive)' }],
    })
    expect((error as Error).message).toContain('a payment for this reference is still active (01jactive)')
  })

  it('after a lost answer, a 409 for the reference is the payment that lost attempt created: read back and returned', async () => {
    const { scope, captured } = fastaarApi()
    scope
      .post('/api/v1/payments')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .post('/api/v1/payments')
      .reply(409, {
        error: { type: 'duplicate_invoice_number', message: 'In use.' },
        payment_id: '01jxyz...',
      })
      .get('/api/v1/payments/01jxyz...')
      .reply(200, createPaymentResponse)
    const session = await testGateway({ referenceField: 'invoice_number' }).sessions.create(orderInput)
    expect(session).toMatchObject({ id: '01jxyz...', ref: 'fastaar:01jxyz...', created: true })
    expect(captured.map((request) => request.method)).toEqual(['POST', 'POST', 'GET'])
  })

  it.each([
    ['a non-BDT amount', { amount: { amount: 1079, currency: 'USD' } }, 'amount.currency'],
    ['a fractional poisha', { amount: { amount: 10.5, currency: 'BDT' } }, 'amount.amount'],
    ['a zero amount', { amount: { amount: 0, currency: 'BDT' } }, 'amount.amount'],
    ['no amount at all', {}, 'lineItems'],
    [
      'amount and lineItems together',
      { amount: { amount: 1, currency: 'BDT' }, lineItems: [{ amount: { amount: 1, currency: 'BDT' } }] },
      'amount',
    ],
    [
      'a catalog price',
      { lineItems: [{ priceId: 'price_1', amount: { amount: 1, currency: 'BDT' } }] },
      'lineItems.0.priceId',
    ],
    ['a subscription', { amount: { amount: 100, currency: 'BDT' }, mode: 'subscription' }, 'mode'],
    [
      'an embedded page',
      { amount: { amount: 100, currency: 'BDT' }, presentation: 'embedded' },
      'presentation',
    ],
    ['a blank reference', { amount: { amount: 100, currency: 'BDT' }, reference: '' }, 'reference'],
    [
      'a relative success URL',
      { amount: { amount: 100, currency: 'BDT' }, successUrl: '/thanks' },
      'successUrl',
    ],
    [
      '21 metadata values',
      {
        amount: { amount: 100, currency: 'BDT' },
        metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])),
      },
      'metadata',
    ],
    [
      'a non-string metadata value',
      { amount: { amount: 100, currency: 'BDT' }, metadata: { count: 3 } },
      'metadata.count',
    ],
    [
      'an unknown provider option',
      { amount: { amount: 100, currency: 'BDT' }, providerOptions: { fastaar: { fee: 'merchant' } } },
      'providerOptions.fastaar.fee',
    ],
  ])('refuses %s before sending anything, naming the field', async (_label, input, path) => {
    const { captured } = fastaarApi()
    const error = await testGateway()
      .sessions.create(input as CreateSessionInput)
      .catch((caught: unknown) => caught)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).provider).toBe('fastaar')
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toContain(path)
    expect(captured).toHaveLength(0)
  })

  it.each([
    ['description', { description: 'Rice cooker' }, ['description']],
    ['customer', { customer: { email: 'rahim@example.com' } }, ['customer']],
    [
      'a line item description',
      { amount: undefined, lineItems: [{ amount: { amount: 100, currency: 'BDT' }, description: 'Tea' }] },
      ['lineItems.0.description'],
    ],
  ])(
    'refuses %s, which Fastaar cannot carry, as unsupported_field before sending anything',
    async (_label, extra, paths) => {
      const { captured } = fastaarApi()
      const error = await testGateway()
        .sessions.create({ ...orderInput, ...extra } as CreateSessionInput)
        .catch((caught: unknown) => caught)
      expect(InvalidRequestError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({ code: 'unsupported_field', provider: 'fastaar' })
      expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(paths)
      expect(captured).toHaveLength(0)
    },
  )

  it('takes buyerCountry and region, the context a router sends BD orders here by, and sends neither', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments').reply(201, createPaymentResponse)
    await testGateway().sessions.create({
      ...orderInput,
      buyerCountry: 'BD',
      region: 'DH',
    } as CreateSessionInput)
    expect(captured).toHaveLength(1)
    expect(JSON.stringify(captured[0]?.body)).not.toMatch(/"BD"|"DH"/)
  })

  it('declares what it cannot carry in its capabilities', () => {
    expect(testGateway().capabilities.unsupportedFields).toEqual({
      'sessions.create': [
        'description',
        'customer',
        'lineItems.priceId',
        'lineItems.productId',
        'lineItems.description',
      ],
    })
  })

  it('treats a 2xx that reports a failure as an error, not a payment', async () => {
    const { scope } = fastaarApi()
    scope.post('/api/v1/payments').reply(201, { success: false, ...createPaymentResponse })
    const error = await testGateway()
      .sessions.create(orderInput)
      .catch((caught: unknown) => caught)
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect((error as UnexpectedResponseError).code).toBe('failure_in_success_response')
  })

  it('treats a body that does not match the documented shape as an error, naming the field', async () => {
    const { scope } = fastaarApi()
    scope.post('/api/v1/payments').reply(201, { data: { ...createPaymentResponse.data, amount: '500.005' } })
    const error = await testGateway()
      .sessions.create(orderInput)
      .catch((caught: unknown) => caught)
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect((error as UnexpectedResponseError).issues.map((issue) => issue.path)).toEqual(['data.amount'])
  })

  it('treats a payment without a checkout_url as an error: there is no page to send the buyer to', async () => {
    const { scope } = fastaarApi()
    const { checkout_url: _omitted, ...withoutUrl } = createPaymentResponse.data
    scope.post('/api/v1/payments').reply(201, { data: withoutUrl })
    const error = await testGateway()
      .sessions.create(orderInput)
      .catch((caught: unknown) => caught)
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect((error as UnexpectedResponseError).issues).toEqual([
      { path: 'data.checkout_url', message: 'must be an absolute URL' },
    ])
  })
})

describe('sessions.retrieve', () => {
  it.each([
    ['pending', 'open'],
    ['awaiting_verification', 'open'],
    ['completed', 'complete'],
    ['partially_refunded', 'complete'],
    ['failed', 'canceled'],
    ['expired', 'expired'],
    ['on_hold', 'open'],
  ])('reads a %s payment as a session that is %s', async (nativeStatus, status) => {
    const { scope, captured } = fastaarApi()
    scope.get('/api/v1/payments/01jxyz...').reply(200, {
      data: { ...createPaymentResponse.data, status: nativeStatus },
    })
    const session = await testGateway().sessions.retrieve('01jxyz...')
    expect(captured[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`)
    expect(session).toEqual({
      ...documentedSession,
      status,
      nativeStatus,
      raw: { ...createPaymentResponse.data, status: nativeStatus },
    })
  })
})
