import { InvalidRequestError, ProviderUnavailableError, UnexpectedResponseError } from '@paymux/core'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createPaymentResponse, paymentCompletedWebhook } from './fixtures/fastaar-documents.js'
import { fastaarApi, TEST_KEY, testGateway } from './fixtures/nock-helpers.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

const completed = {
  ...createPaymentResponse.data,
  ...paymentCompletedWebhook.data,
  invoice_id: 'ORDER-42',
  livemode: false,
}

const completedPayment = {
  object: 'payment',
  id: '01jxyz...',
  provider: 'fastaar',
  ref: 'fastaar:01jxyz...',
  status: 'succeeded',
  nativeStatus: 'completed',
  amount: { amount: 50000, currency: 'BDT' },
  reference: 'ORDER-42',
  metadata: { channel: 'web' },
  livemode: false,
  createdAt: new Date('2026-06-12T08:30:00.000Z'),
  raw: completed,
}

describe('payments.retrieve', () => {
  it('maps a completed payment exactly', async () => {
    const { scope, captured } = fastaarApi()
    scope.get('/api/v1/payments/01jxyz...').reply(200, { data: completed })
    const payment = await testGateway().payments.retrieve('01jxyz...')
    expect(captured[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`)
    expect(payment).toEqual(completedPayment)
  })

  it('keeps the failure reason, refunded amount and customer of a payment', async () => {
    const { scope } = fastaarApi()
    const failed = { ...completed, status: 'failed', failure_reason: 'duplicate_trx_id', customer_id: 7 }
    scope.get('/api/v1/payments/p1').reply(200, { data: failed })
    scope.get('/api/v1/payments/p2').reply(200, {
      data: { ...completed, status: 'partially_refunded', refunded_amount: '120.50' },
    })
    const gateway = testGateway()
    expect(await gateway.payments.retrieve('p1')).toMatchObject({
      status: 'failed',
      nativeStatus: 'failed',
      failureReason: 'duplicate_trx_id',
      customerId: '7',
    })
    expect(await gateway.payments.retrieve('p2')).toMatchObject({
      status: 'succeeded',
      nativeStatus: 'partially_refunded',
      amountRefunded: { amount: 12050, currency: 'BDT' },
    })
  })

  it('reads an empty metadata that PHP wrote as [] and nulls Laravel writes for unset fields', async () => {
    const { scope } = fastaarApi()
    scope.get('/api/v1/payments/p1').reply(200, {
      data: { ...createPaymentResponse.data, metadata: [], invoice_id: null, verified_at: null },
    })
    const payment = await testGateway().payments.retrieve('p1')
    expect(payment.metadata).toBeUndefined()
    expect(payment.reference).toBeUndefined()
  })

  it('retries a read after a 5xx', async () => {
    const { scope, captured } = fastaarApi()
    scope.get('/api/v1/payments/p1').reply(502, '<html>Bad gateway</html>')
    scope.get('/api/v1/payments/p1').reply(200, { data: completed })
    expect((await testGateway().payments.retrieve('p1')).status).toBe('succeeded')
    expect(captured).toHaveLength(2)
  })

  it('refuses a blank id before sending anything', async () => {
    const { captured } = fastaarApi()
    const error = await testGateway()
      .payments.retrieve(' ')
      .catch((caught: unknown) => caught)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues).toEqual([
      { path: 'id', message: 'must not be empty or blank' },
    ])
    expect(captured).toHaveLength(0)
  })
})

describe('payments.list', () => {
  it('sends the documented status filter: GET /payments?status=completed&per_page=25', async () => {
    const { scope, captured } = fastaarApi()
    scope
      .get('/api/v1/payments')
      .query(true)
      .reply(200, { data: [completed] })
    const page = await testGateway().payments.list({ status: 'succeeded', limit: 25 })
    expect(captured[0]?.path).toBe('/api/v1/payments?status=completed&per_page=25&page=1')
    expect(page).toEqual({ data: [completedPayment], hasMore: false })
  })

  it('looks a payment up by reference: GET /payments?invoice_id=ORDER-42', async () => {
    const { scope, captured } = fastaarApi()
    scope
      .get('/api/v1/payments')
      .query(true)
      .reply(200, { data: [completed] })
    await testGateway().payments.list({ reference: 'ORDER-42' })
    expect(captured[0]?.path).toBe('/api/v1/payments?invoice_id=ORDER-42&per_page=25&page=1')
  })

  it.each([
    ['processing', 'awaiting_verification'],
    ['pending', 'pending'],
    ['failed', 'failed'],
    ['expired', 'expired'],
    ['canceled', 'cancelled'],
  ] as const)('asks for neutral %s as native %s', async (status, native) => {
    const { scope, captured } = fastaarApi()
    scope.get('/api/v1/payments').query(true).reply(200, { data: [] })
    await testGateway().payments.list({ status })
    expect(new URL(`https://x${captured[0]?.path}`).searchParams.get('status')).toBe(native)
  })

  it('answers requires_action with an empty page without asking: no Fastaar payment is ever in it', async () => {
    const { captured } = fastaarApi()
    expect(await testGateway().payments.list({ status: 'requires_action' })).toEqual({
      data: [],
      hasMore: false,
    })
    expect(captured).toHaveLength(0)
  })

  it('pages with meta: the cursor is the next page number', async () => {
    const { scope, captured } = fastaarApi()
    scope
      .get('/api/v1/payments')
      .query(true)
      .reply(200, { data: [completed], meta: { current_page: 1, last_page: 2, per_page: 1, total: 2 } })
    scope
      .get('/api/v1/payments')
      .query(true)
      .reply(200, { data: [completed], meta: { current_page: 2, last_page: 2, per_page: 1, total: 2 } })
    const gateway = testGateway()
    const first = await gateway.payments.list({ limit: 1 })
    expect(first.hasMore).toBe(true)
    expect(first.nextCursor).toBe('2')
    const second = await gateway.payments.list({ limit: 1, cursor: first.nextCursor ?? '' })
    expect(second).toEqual({ data: [completedPayment], hasMore: false })
    expect(captured.map((request) => request.path)).toEqual([
      '/api/v1/payments?per_page=1&page=1',
      '/api/v1/payments?per_page=1&page=2',
    ])
  })

  it('pages with links only', async () => {
    const { scope } = fastaarApi()
    scope
      .get('/api/v1/payments')
      .query(true)
      .reply(200, {
        data: [completed],
        links: { next: 'https://fastaar.com/api/v1/payments?page=2', prev: null },
      })
    scope
      .get('/api/v1/payments')
      .query(true)
      .reply(200, { data: [completed], links: { next: null } })
    const gateway = testGateway()
    expect(await gateway.payments.list({ limit: 1 })).toMatchObject({ hasMore: true, nextCursor: '2' })
    expect(await gateway.payments.list({ limit: 1, cursor: '2' })).toMatchObject({ hasMore: false })
  })

  it('pages without links or meta: a full page may have more, a short one has none', async () => {
    const { scope } = fastaarApi()
    scope
      .get('/api/v1/payments')
      .query(true)
      .reply(200, { data: [completed, completed] })
    scope
      .get('/api/v1/payments')
      .query(true)
      .reply(200, { data: [completed] })
    const gateway = testGateway()
    expect(await gateway.payments.list({ limit: 2 })).toMatchObject({ hasMore: true, nextCursor: '2' })
    expect(await gateway.payments.list({ limit: 2, cursor: '2' })).toEqual({
      data: [completedPayment],
      hasMore: false,
    })
  })

  it.each([
    [{ limit: 101 }, 'limit'],
    [{ limit: 0 }, 'limit'],
    [{ cursor: 'abc' }, 'cursor'],
    [{ status: 'paid' }, 'status'],
  ])('refuses %j locally, never sending per_page above 100', async (filter, path) => {
    const { captured } = fastaarApi()
    const error = await testGateway()
      .payments.list(filter as never)
      .catch((caught: unknown) => caught)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual([path])
    expect(captured).toHaveLength(0)
  })
})

describe('payments.refund', () => {
  it('refunds part of a payment: POST /payments/{id}/refund { amount } in taka, never retried', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments/01jxyz.../refund').reply(200, {
      data: { ...completed, status: 'partially_refunded', refunded_amount: '120.50' },
    })
    const payment = await testGateway().payments.refund('01jxyz...', {
      amount: { amount: 12050, currency: 'BDT' },
    })
    expect(captured[0]?.body).toEqual({ amount: 120.5 })
    expect(payment).toEqual({
      ...completedPayment,
      nativeStatus: 'partially_refunded',
      amountRefunded: { amount: 12050, currency: 'BDT' },
      raw: { ...completed, status: 'partially_refunded', refunded_amount: '120.50' },
    })
  })

  it('refunds everything with an empty body', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments/p1/refund').reply(200, {
      data: { ...completed, status: 'refunded', refunded_amount: '500.00' },
    })
    const payment = await testGateway().payments.refund('p1')
    expect(captured[0]?.body).toEqual({})
    expect(payment.amountRefunded).toEqual({ amount: 50000, currency: 'BDT' })
    expect(payment.status).toBe('succeeded')
  })

  it('reads the payment afterwards when the refund answer carries none (its shape is unconfirmed)', async () => {
    const { scope, captured } = fastaarApi()
    scope
      .post('/api/v1/payments/p1/refund')
      .reply(201, { data: { id: 'rf_1', amount: '500.00', source: 'api' } })
    scope
      .get('/api/v1/payments/p1')
      .reply(200, { data: { ...completed, status: 'refunded', refunded_amount: '500.00' } })
    const payment = await testGateway().payments.refund('p1')
    expect(captured.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /api/v1/payments/p1/refund',
      'GET /api/v1/payments/p1',
    ])
    expect(payment.nativeStatus).toBe('refunded')
  })

  it('reports an accepted refund whose payment cannot be read back as not retryable, never as a failed refund', async () => {
    const { scope, captured } = fastaarApi()
    scope
      .post('/api/v1/payments/p1/refund')
      .reply(201, { data: { id: 'rf_1', amount: '500.00', source: 'api' } })
    scope
      .get('/api/v1/payments/p1')
      .times(3)
      .reply(503, { error: { type: 'api_error', message: 'Down' } })
    const error = await testGateway()
      .payments.refund('p1')
      .catch((caught: unknown) => caught)
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect((error as UnexpectedResponseError).retryable).toBe(false)
    expect((error as UnexpectedResponseError).message).toContain('do not refund again')
    expect(captured.filter((request) => request.method === 'POST')).toHaveLength(1)
  })

  it('never retries a refund: a second attempt could refund twice', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments/p1/refund').reply(500, { error: { type: 'api_error', message: 'Oops' } })
    scope.post('/api/v1/payments/p1/refund').reply(200, { data: completed })
    const error = await testGateway()
      .payments.refund('p1')
      .catch((caught: unknown) => caught)
    expect(captured).toHaveLength(1)
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect((error as ProviderUnavailableError).retryable).toBe(false)
  })

  it('refuses a non-BDT or zero refund before sending anything', async () => {
    const { captured } = fastaarApi()
    const gateway = testGateway()
    for (const amount of [
      { amount: 100, currency: 'USD' },
      { amount: 0, currency: 'BDT' },
    ]) {
      const error = await gateway.payments.refund('p1', { amount }).catch((caught: unknown) => caught)
      expect(InvalidRequestError.isInstance(error)).toBe(true)
    }
    expect(captured).toHaveLength(0)
  })
})

describe('payments.listRefunds', () => {
  it('lists { id, amount, source, created_at } as neutral refunds', async () => {
    const { scope } = fastaarApi()
    const refund = { id: 'rf_1', amount: '120.50', source: 'api', created_at: '2026-06-12T15:10:00+06:00' }
    scope.get('/api/v1/payments/p1/refunds').reply(200, { data: [refund] })
    expect(await testGateway().payments.listRefunds('p1')).toEqual([
      {
        object: 'refund',
        id: 'rf_1',
        provider: 'fastaar',
        ref: 'fastaar:rf_1',
        paymentId: 'p1',
        amount: { amount: 12050, currency: 'BDT' },
        createdAt: new Date('2026-06-12T09:10:00.000Z'),
        raw: refund,
      },
    ])
  })

  it('reads a bare array too, and numeric ids', async () => {
    const { scope } = fastaarApi()
    scope.get('/api/v1/payments/p1/refunds').reply(200, [{ id: 9, amount: '1.00', source: 'dashboard' }])
    const [refund] = await testGateway().payments.listRefunds('p1')
    expect(refund).toMatchObject({ id: '9', ref: 'fastaar:9', amount: { amount: 100, currency: 'BDT' } })
  })
})
