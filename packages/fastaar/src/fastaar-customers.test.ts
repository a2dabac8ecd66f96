import {
  type CreateCustomerInput,
  InvalidRequestError,
  NotFoundError,
  type PaymentError,
  ProviderUnavailableError,
} from '@paymux/core'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFastaar } from './fastaar-gateway.js'
import { createPaymentResponse } from './fixtures/fastaar-documents.js'
import { fastaarApi, testGateway } from './fixtures/nock-helpers.js'
import { createFastaarEmulator } from './testing/index.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

// Fastaar's customers: the native endpoints (exact requests, retry decisions), the neutral facet
// (local refusals naming the field, paging), and providerOptions.fastaar.customerId on a payment.

const ada = {
  id: 42,
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  phone: '01712345678',
  created_at: '2026-06-12T14:30:00+06:00',
  updated_at: '2026-06-12T14:30:00+06:00',
}
const down = { error: { type: 'api_error', message: 'Down' } }

async function failure(call: Promise<unknown>): Promise<PaymentError> {
  return call.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (error: PaymentError) => error,
  )
}

describe('the native customers endpoints', () => {
  it('createCustomer sends the documented body once, even after a 500: no idempotency key exists', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/customers').reply(500, down)
    scope.post('/api/v1/customers').reply(201, { data: ada })
    const body = { name: 'Ada Lovelace', phone: '01712345678', email: 'ada@example.com', notes: 'VIP' }
    const error = await failure(testGateway().native.createCustomer({ body }))
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(captured.map(({ method, path, body: sent }) => ({ method, path, sent }))).toEqual([
      { method: 'POST', path: '/api/v1/customers', sent: body },
    ])
  })

  it('retrieveCustomer reads /customers/{id} and is retried after a 503', async () => {
    const { scope, captured } = fastaarApi()
    scope.get('/api/v1/customers/42').reply(503, down)
    scope.get('/api/v1/customers/42').reply(200, { data: ada })
    expect(await testGateway().native.retrieveCustomer({ params: { customerId: '42' } })).toEqual(ada)
    expect(captured.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'GET /api/v1/customers/42',
      'GET /api/v1/customers/42',
    ])
  })

  it('listCustomers sends the SDK filters as the query, and is retried after a 503', async () => {
    const { scope, captured } = fastaarApi()
    const path = '/api/v1/customers?email=ada%40example.com&phone=01712345678&per_page=5&page=2'
    scope.get(path).reply(503, down)
    scope.get(path).reply(200, { data: [ada] })
    const query = { email: 'ada@example.com', phone: '01712345678', per_page: 5, page: 2 }
    expect((await testGateway().native.listCustomers({ query })).data).toEqual([ada])
    expect(captured.map((request) => request.path)).toEqual([path, path])
  })

  it('updateCustomer PATCHes the given fields (null clears), and is retried: it sets, so a repeat changes nothing more', async () => {
    const { scope, captured } = fastaarApi()
    scope.patch('/api/v1/customers/42').reply(503, down)
    scope.patch('/api/v1/customers/42').reply(200, { data: { ...ada, email: null } })
    const body = { phone: '01811111111', email: null }
    const updated = await testGateway().native.updateCustomer({ params: { customerId: '42' }, body })
    expect(updated.email).toBeNull()
    expect(captured.map(({ method, body: sent }) => ({ method, sent }))).toEqual([
      { method: 'PATCH', sent: body },
      { method: 'PATCH', sent: body },
    ])
  })

  it.each([
    ['a misspelt key', { nmae: 'Ada' }, ['nmae']],
    ['a null name (only email, address and notes clear)', { name: null }, ['name']],
    ['a phone that is not text', { phone: 1712345678 }, ['phone']],
  ])('updateCustomer refuses %s before any request', async (_name, body, paths) => {
    const { captured } = fastaarApi()
    const call = testGateway().native.updateCustomer({ params: { customerId: '42' }, body: body as never })
    const error = await failure(call)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(paths)
    expect(captured).toEqual([])
  })

  it.each([
    ['no phone', { name: 'Ada' }, ['phone']],
    [
      'a blank name and an email that is not one',
      { name: '', phone: '017', email: 'ada' },
      ['name', 'email'],
    ],
    ['a misspelt key', { name: 'Ada', phone: '017', emial: 'a@b.co' }, ['emial']],
  ])('createCustomer refuses %s before any request', async (_name, body, paths) => {
    const { captured } = fastaarApi()
    const error = await failure(testGateway().native.createCustomer({ body: body as never }))
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(paths)
    expect(captured).toEqual([])
  })
})

describe('customers, the neutral facet', () => {
  it('create sends name, phone and email, and maps the answer to a neutral customer', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/customers').reply(201, { data: ada })
    const customer = await testGateway().customers.create({
      name: 'Ada Lovelace',
      phone: '01712345678',
      email: 'ada@example.com',
    })
    expect(captured[0]?.body).toEqual({
      name: 'Ada Lovelace',
      phone: '01712345678',
      email: 'ada@example.com',
    })
    expect(customer).toEqual({
      object: 'customer',
      id: '42',
      provider: 'fastaar',
      ref: 'fastaar:42',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '01712345678',
      raw: ada,
    })
  })

  it('maps a customer without email to one without the key', async () => {
    const { scope } = fastaarApi()
    const { email: _left, ...noEmail } = ada
    scope.get('/api/v1/customers/42').reply(200, { data: { ...noEmail, email: null } })
    const customer = await testGateway().customers.retrieve('42')
    expect(customer).not.toHaveProperty('email')
    expect(customer.phone).toBe('01712345678')
  })

  it.each<[string, CreateCustomerInput, [string, string][]]>([
    ['no name', { phone: '01712345678' }, [['name', 'is required: a name']]],
    ['no phone', { name: 'Ada', email: 'ada@example.com' }, [['phone', 'is required: a phone number']]],
    [
      'neither (an email alone is a FastStar customer, not a Fastaar one)',
      { email: 'ada@example.com' },
      [
        ['name', 'is required: a name'],
        ['phone', 'is required: a phone number'],
      ],
    ],
    ['a blank phone', { name: 'Ada', phone: '  ' }, [['phone', 'must not be empty or blank']]],
    [
      'an email that is not one',
      { name: 'Ada', phone: '017', email: 'ada' },
      [['email', 'must be an email address']],
    ],
    [
      'a misspelt key',
      { name: 'Ada', phone: '017', phon: '018' } as CreateCustomerInput,
      [['phon', 'unknown key; did you mean "phone"?']],
    ],
  ])('create refuses %s before any request, naming the field', async (_name, input, issues) => {
    const { captured } = fastaarApi()
    const error = await failure(testGateway().customers.create(input))
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues.map((issue) => [issue.path, issue.message])).toEqual(issues)
    expect(captured).toEqual([])
  })

  it('retrieve takes the id or its ref, and refuses another gateway’s ref or a blank id before any request', async () => {
    const { scope, captured } = fastaarApi()
    scope.get('/api/v1/customers/42').twice().reply(200, { data: ada })
    const gateway = testGateway()
    expect((await gateway.customers.retrieve('42')).id).toBe('42')
    expect((await gateway.customers.retrieve('fastaar:42')).id).toBe('42')
    expect(captured).toHaveLength(2)
    for (const id of ['faststar:cus_1', '', ' 42']) {
      const error = await failure(gateway.customers.retrieve(id))
      expect(InvalidRequestError.isInstance(error)).toBe(true)
      expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(['id'])
    }
    expect(captured).toHaveLength(2)
  })

  it('retrieve answers a non-numeric id with NotFoundError without asking: no Fastaar customer has one', async () => {
    const { captured } = fastaarApi()
    for (const id of ['cus_1', '042', '4.2', 'fastaar:abc']) {
      const error = await failure(testGateway().customers.retrieve(id))
      expect(NotFoundError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({ provider: 'fastaar', code: 'not_found', retryable: false })
      expect(error.message).toContain('Fastaar customer ids are numbers; nothing was sent')
    }
    expect(captured).toEqual([])
  })

  it('list maps limit and cursor to per_page and page, and the next page from meta', async () => {
    const { scope, captured } = fastaarApi()
    const meta = (current: number) => ({ current_page: current, last_page: 2, per_page: 1, total: 2 })
    scope.get('/api/v1/customers?per_page=1&page=1').reply(200, { data: [ada], meta: meta(1) })
    scope.get('/api/v1/customers?per_page=1&page=2').reply(200, { data: [{ ...ada, id: 41 }], meta: meta(2) })
    const gateway = testGateway()
    const first = await gateway.customers.list({ limit: 1 })
    expect(first).toMatchObject({ hasMore: true, nextCursor: '2' })
    const second = await gateway.customers.list({ limit: 1, cursor: first.nextCursor as string })
    expect(second.data.map((customer) => customer.id)).toEqual(['41'])
    expect(second).not.toHaveProperty('nextCursor')
    expect(second.hasMore).toBe(false)
    expect(captured.map((request) => request.path)).toEqual([
      '/api/v1/customers?per_page=1&page=1',
      '/api/v1/customers?per_page=1&page=2',
    ])
  })

  it('list asks for the first page of 25 without a filter', async () => {
    const { scope, captured } = fastaarApi()
    scope.get('/api/v1/customers?per_page=25&page=1').reply(200, { data: [] })
    expect(await testGateway().customers.list()).toEqual({ data: [], hasMore: false })
    expect(captured).toHaveLength(1)
  })

  it.each([
    ['a page over 100', { limit: 101 }, 'limit'],
    ['a cursor that is no page number', { cursor: 'abc' }, 'cursor'],
    ['a zero limit', { limit: 0 }, 'limit'],
  ])('list refuses %s before any request', async (_name, filter, path) => {
    const { captured } = fastaarApi()
    const error = await failure(testGateway().customers.list(filter))
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual([path])
    expect(captured).toEqual([])
  })
})

describe('providerOptions.fastaar.customerId on sessions.create', () => {
  const order = { amount: { amount: 50_000, currency: 'BDT' }, successUrl: 'https://shop.example.com/thanks' }

  it.each([
    ['the id', '42'],
    ['its ref', 'fastaar:42'],
  ])('sends %s as customer_id, a number', async (_name, customerId) => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments').reply(201, createPaymentResponse)
    await testGateway().sessions.create({ ...order, providerOptions: { fastaar: { customerId } } })
    expect(captured[0]?.body).toEqual({
      amount: 500,
      success_url: 'https://shop.example.com/thanks',
      customer_id: 42,
    })
  })

  it.each([['cus_1'], ['faststar:42'], ['0'], ['42.5'], [42]])(
    'refuses %j before any request, naming the field',
    async (customerId) => {
      const { captured } = fastaarApi()
      const error = await failure(
        testGateway().sessions.create({ ...order, providerOptions: { fastaar: { customerId } } }),
      )
      expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual([
        'providerOptions.fastaar.customerId',
      ])
      expect(captured).toEqual([])
    },
  )
})

describe('customers against the emulator', () => {
  const key = 'fk_test_customers'
  const setup = () => {
    const emulator = createFastaarEmulator()
    return { emulator, gateway: createFastaar({ apiKey: key, fetch: emulator.fetch, maxRetries: 0 }) }
  }

  it('creates, retrieves and pages through customers, newest first', async () => {
    const { gateway } = setup()
    const one = await gateway.customers.create({ name: 'One', phone: '01700000001' })
    const two = await gateway.customers.create({
      name: 'Two',
      phone: '01700000002',
      email: 'two@example.com',
    })
    expect([one.id, two.id]).toEqual(['1', '2'])
    expect(one).not.toHaveProperty('email')
    expect(await gateway.customers.retrieve(two.ref)).toEqual(two)
    const first = await gateway.customers.list({ limit: 1 })
    expect(first.data.map((customer) => customer.name)).toEqual(['Two'])
    const second = await gateway.customers.list({ limit: 1, cursor: first.nextCursor as string })
    expect(second).toMatchObject({ hasMore: false, data: [{ name: 'One' }] })
  })

  it('attaches a payment to a customer, and names the field when the customer is unknown', async () => {
    const { gateway, emulator } = setup()
    const customer = await gateway.customers.create({ name: 'Ada', phone: '01712345678' })
    const order = { amount: { amount: 50_000, currency: 'BDT' }, reference: 'ORDER-7' }
    const session = await gateway.sessions.create({
      ...order,
      providerOptions: { fastaar: { customerId: customer.ref } },
    })
    expect((await gateway.payments.retrieve(session.id)).customerId).toBe(customer.id)
    expect(emulator.payment(session.id)?.customer_id).toBe(1)
    const error = await failure(
      gateway.sessions.create({
        ...order,
        reference: 'ORDER-8',
        providerOptions: { fastaar: { customerId: '9' } },
      }),
    )
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues).toEqual([
      { path: 'providerOptions.fastaar.customerId', message: 'The selected customer id is invalid.' },
    ])
  })

  it('answers an unknown customer with NotFoundError', async () => {
    const { gateway } = setup()
    expect(NotFoundError.isInstance(await failure(gateway.customers.retrieve('7')))).toBe(true)
  })
})
