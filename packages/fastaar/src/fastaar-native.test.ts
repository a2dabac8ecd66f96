import { InvalidRequestError, UnexpectedResponseError } from '@paymux/core'
import { invalidRequestOf, paymentErrorOf } from '@paymux/core/testing'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { FASTAAR_ENDPOINTS } from './fastaar-endpoints.js'
import { createPaymentRequest, createPaymentResponse } from './fixtures/fastaar-documents.js'
import { fastaarApi, testGateway } from './fixtures/nock-helpers.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

const payment = createPaymentResponse.data

describe('gateway.native, built from FASTAAR_ENDPOINTS', () => {
  it('has one async function per row of the table, and nothing else', () => {
    const { native } = testGateway()
    expect(Object.keys(native)).toEqual(Object.keys(FASTAAR_ENDPOINTS))
    expect(Object.isFrozen(native)).toBe(true)
  })

  it('rejects a bad call instead of throwing at the call site, and sends nothing', async () => {
    const { captured } = fastaarApi()
    const { native } = testGateway()
    let pending: Promise<unknown> | undefined
    expect(() => {
      pending = native.retrievePayment({ params: { paymentId: '' } })
    }).not.toThrow()
    expect((await invalidRequestOf(pending as Promise<unknown>)).issues[0]?.path).toBe('paymentId')
    // An old-style call (a bare id) is refused the same way.
    expect(() => void native.retrievePayment('p1' as never).catch(() => undefined)).not.toThrow()
    await invalidRequestOf(native.retrievePayment('p1' as never))
    expect(captured).toHaveLength(0)
  })

  it('validates the body in Fastaar’s names before sending: a misspelt invoice_id is refused, not dropped', async () => {
    const { captured } = fastaarApi()
    const error = await invalidRequestOf(
      testGateway().native.createPayment({ body: { amount: 500, invoice_idd: 'ORDER-42' } as never }),
    )
    expect(error.issues).toEqual([
      { path: 'invoice_idd', message: 'unknown key; did you mean "invoice_id"?' },
    ])
    const amount = await invalidRequestOf(testGateway().native.createPayment({ body: { amount: '500.005' } }))
    expect(amount.issues.map((issue) => issue.path)).toEqual(['amount'])
    expect(captured).toHaveLength(0)
  })

  it('sends the documented body and resolves to the payment and whether it was created now', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments').reply(201, createPaymentResponse)
    const result = await testGateway().native.createPayment({ body: createPaymentRequest })
    expect(captured[0]?.body).toEqual(createPaymentRequest)
    expect(result).toEqual({ payment, created: true })
  })

  it('retries createPayment with an invoice_number, and never without an invoice', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments').reply(503, { message: 'busy' })
    scope.post('/api/v1/payments').reply(200, createPaymentResponse)
    const { native } = testGateway()
    expect((await native.createPayment({ body: { amount: 500, invoice_number: 'ORDER-42' } })).created).toBe(
      false,
    )
    expect(captured).toHaveLength(2)
    scope.post('/api/v1/payments').reply(503, { message: 'busy' })
    const error = await paymentErrorOf(native.createPayment({ body: { amount: 500 } }))
    expect(error).toMatchObject({ outcome: 'unknown', retryable: false })
    expect(captured).toHaveLength(3)
  })

  it('keeps the 409 when the payment it names cannot be read back after a lost answer', async () => {
    const { scope, captured } = fastaarApi()
    scope
      .post('/api/v1/payments')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .post('/api/v1/payments')
      .reply(409, { error: { type: 'duplicate_invoice_number', message: 'In use.' }, payment_id: 'p1' })
      .get('/api/v1/payments/p1')
      .reply(404, { error: { type: 'not_found', message: 'No such payment' } })
    const error = await paymentErrorOf(
      testGateway({ maxRetries: 1 }).native.createPayment({
        body: { amount: 500, invoice_number: 'ORDER-42' },
      }),
    )
    expect(error).toMatchObject({ code: 'duplicate_invoice_number', paymentId: 'p1', reference: 'ORDER-42' })
    expect(captured.map((request) => request.method)).toEqual(['POST', 'POST', 'GET'])
  })

  it('accepts its own ref as an id, and refuses another gateway’s ref with a hint, sending nothing', async () => {
    const { scope, captured } = fastaarApi()
    scope.get('/api/v1/payments/p1').twice().reply(200, { data: payment })
    const gateway = testGateway()
    expect((await gateway.native.retrievePayment({ params: { paymentId: 'fastaar:p1' } })).id).toBe(
      payment.id,
    )
    expect((await gateway.payments.retrieve('fastaar:p1')).id).toBe(payment.id)
    expect(captured.map((request) => request.path)).toEqual(['/api/v1/payments/p1', '/api/v1/payments/p1'])
    const foreign = await invalidRequestOf(gateway.payments.refund('faststar:cs_1'))
    expect(foreign.issues).toEqual([
      { path: 'id', message: expect.stringContaining('is a faststar ref: pass it to the faststar gateway') },
    ])
    expect(captured).toHaveLength(2)
  })
})

describe('the refund answer, whose shape is not documented', () => {
  it.each([
    ['an empty body', ''],
    ['a refund object', { data: { id: 'rf_1', amount: '500.00', source: 'api' } }],
    ['a bare confirmation', { message: 'Refunded.' }],
  ])('is "done, no payment" for %s', async (_label, body) => {
    const { scope } = fastaarApi()
    scope.post('/api/v1/payments/p1/refund').reply(200, body)
    expect(
      await testGateway().native.refundPayment({ params: { paymentId: 'p1' }, body: {} }),
    ).toBeUndefined()
  })

  it('is refused, outcome unknown, when it says it is a payment but is not a valid one', async () => {
    const { scope } = fastaarApi()
    scope
      .post('/api/v1/payments/p1/refund')
      .reply(200, { data: { object: 'payment', id: 'p1', amount: 'lots' } })
    const error = await paymentErrorOf(
      testGateway().native.refundPayment({ params: { paymentId: 'p1' }, body: { amount: 10 } }),
    )
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'schema_mismatch', outcome: 'unknown' })
  })

  it('is refused, outcome unknown, when it carries a failure flag', async () => {
    const { scope } = fastaarApi()
    scope.post('/api/v1/payments/p1/refund').reply(200, { success: false, message: 'Refund failed' })
    const error = await paymentErrorOf(
      testGateway().native.refundPayment({ params: { paymentId: 'p1' }, body: {} }),
    )
    expect(error).toMatchObject({ code: 'failure_in_success_response', outcome: 'unknown' })
    expect(InvalidRequestError.isInstance(error)).toBe(false)
  })
})
