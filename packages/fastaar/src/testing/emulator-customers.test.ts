import { createEmulatorClock } from '@paymux/core/emulator'
import { describe, expect, it } from 'vitest'
import { createFastaarEmulator, type FastaarEmulatorOptions } from './index.js'

// The customers routes of the emulator, as the official SDK sends them: `GET/POST /api/v1/customers`,
// `GET/PATCH /api/v1/customers/{id}`, and `customer_id` on a payment. Each documented request and
// each refusal, sent as raw HTTP.

const START = Date.parse('2026-06-12T08:30:00Z') // 14:30 in Dhaka
const TEST_KEY = 'fk_test_customers'
const LIVE_KEY = 'fk_live_customers'

function setup(options: FastaarEmulatorOptions = {}) {
  const clock = createEmulatorClock({ start: START, frozen: true })
  const emulator = createFastaarEmulator({ clock, ...options })
  const call = async (method: string, path: string, body?: unknown, key = TEST_KEY) => {
    const response = await emulator.fetch(`https://fastaar.com/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
    return { status: response.status, body: (await response.json()) as Json }
  }
  return { emulator, clock, call }
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field, each asserted exactly
type Json = Record<string, any>

const ada = { name: 'Ada Lovelace', phone: '01712345678' }

describe('Fastaar emulator: POST /customers', () => {
  it('creates a customer with a numeric id and every SDK field, times in Dhaka on the emulator clock', async () => {
    const { call, emulator } = setup()
    const created = await call('POST', '/customers', {
      ...ada,
      email: 'ada@example.com',
      address: 'Dhanmondi, Dhaka',
      notes: 'VIP',
    })
    expect(created).toEqual({
      status: 201,
      body: {
        data: {
          id: 1,
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          phone: '01712345678',
          address: 'Dhanmondi, Dhaka',
          notes: 'VIP',
          created_at: '2026-06-12T14:30:00+06:00',
          updated_at: '2026-06-12T14:30:00+06:00',
        },
      },
    })
    expect((await call('POST', '/customers', { name: 'Bob', phone: '+880 1812-345678' })).body.data).toEqual({
      id: 2,
      name: 'Bob',
      phone: '+880 1812-345678',
      created_at: '2026-06-12T14:30:00+06:00',
      updated_at: '2026-06-12T14:30:00+06:00',
    })
    expect(emulator.customersCreated).toBe(2)
  })

  it.each<[string, unknown, Record<string, string[]>]>([
    [
      'no name and no phone',
      {},
      { name: ['The name field is required.'], phone: ['The phone field is required.'] },
    ],
    ['a null name', { ...ada, name: null }, { name: ['The name field is required.'] }],
    ['a blank name', { ...ada, name: '  ' }, { name: ['Must be text of at most 255 characters.'] }],
    [
      'a name too long',
      { ...ada, name: 'A'.repeat(256) },
      { name: ['Must be text of at most 255 characters.'] },
    ],
    [
      'a numeric phone',
      { ...ada, phone: 1712345678 },
      { phone: ['Must be a phone number: digits, optionally a leading +.'] },
    ],
    [
      'a phone with letters',
      { ...ada, phone: '017-CALL-ME' },
      { phone: ['Must be a phone number: digits, optionally a leading +.'] },
    ],
    [
      'a phone too short',
      { ...ada, phone: '1234' },
      { phone: ['Must be a phone number: digits, optionally a leading +.'] },
    ],
    ['an email that is not one', { ...ada, email: 'ada' }, { email: ['Must be a valid email address.'] }],
    [
      'notes that are not text',
      { ...ada, notes: 5 },
      { notes: ['Must be text of at most 2000 characters.'] },
    ],
    [
      'an address too long',
      { ...ada, address: 'x'.repeat(256) },
      { address: ['Must be text of at most 255 characters.'] },
    ],
    ['a body that is no JSON object', '[1]', { body: ['The request body must be a JSON object.'] }],
    ['a body that is no JSON', 'name=Ada', { body: ['The request body must be a JSON object.'] }],
  ])('answers 422 with errors for %s, and creates nothing', async (_name, body, errors) => {
    const { call, emulator } = setup()
    expect(await call('POST', '/customers', body)).toEqual({
      status: 422,
      body: { error: { type: 'validation_error', message: 'The given data was invalid.' }, errors },
    })
    expect(emulator.customersCreated).toBe(0)
  })

  it('takes a null email, address or notes on create as left out', async () => {
    const { call } = setup()
    const { body } = await call('POST', '/customers', { ...ada, email: null, address: null, notes: null })
    expect(Object.keys(body.data)).toEqual(['id', 'name', 'phone', 'created_at', 'updated_at'])
  })
})

describe('Fastaar emulator: GET /customers/{id}', () => {
  it('returns the customer', async () => {
    const { call } = setup()
    const { body } = await call('POST', '/customers', ada)
    expect(await call('GET', `/customers/${body.data.id}`)).toEqual({ status: 200, body })
  })

  it.each([
    ['an unknown id', '/customers/99'],
    ['a non-numeric id', '/customers/abc'],
    ['a zero-padded id', '/customers/01'],
    ['a negative id', '/customers/-1'],
  ])('answers 404 for %s', async (_name, path) => {
    const { call } = setup()
    await call('POST', '/customers', ada)
    expect(await call('GET', path)).toEqual({
      status: 404,
      body: { error: { type: 'not_found', message: 'Customer not found.' } },
    })
  })

  it('keeps test and live customers apart', async () => {
    const { call, emulator } = setup()
    const test = (await call('POST', '/customers', ada)).body.data
    const live = (await call('POST', '/customers', { ...ada, name: 'Live Ada' }, LIVE_KEY)).body.data
    expect((await call('GET', `/customers/${test.id}`, undefined, LIVE_KEY)).status).toBe(404)
    expect((await call('GET', `/customers/${live.id}`)).status).toBe(404)
    expect((await call('GET', '/customers')).body.data.map((c: { id: number }) => c.id)).toEqual([test.id])
    expect(emulator.customers(true).map((customer) => customer.id)).toEqual([live.id])
    expect(emulator.customers().map((customer) => customer.id)).toEqual([test.id])
  })

  it('answers 405 to a method the routes lack, and 404 below a customer', async () => {
    const { call } = setup()
    await call('POST', '/customers', ada)
    expect((await call('DELETE', '/customers/1')).status).toBe(405)
    expect((await call('PUT', '/customers')).status).toBe(405)
    expect((await call('GET', '/customers/1/payments')).status).toBe(404)
  })
})

describe('Fastaar emulator: GET /customers', () => {
  async function three(options: FastaarEmulatorOptions = {}) {
    const context = setup(options)
    for (const [name, phone, email] of [
      ['One', '01700000001', 'one@example.com'],
      ['Two', '01700000002', 'shared@example.com'],
      ['Three', '01700000003', 'shared@example.com'],
    ] as const) {
      await context.call('POST', '/customers', { name, phone, email })
    }
    return context
  }
  const names = (body: Json) => body.data.map((customer: { name: string }) => customer.name)

  it('lists newest first, with Laravel links and meta', async () => {
    const { call } = await three()
    const { status, body } = await call('GET', '/customers?per_page=2')
    expect(status).toBe(200)
    expect(names(body)).toEqual(['Three', 'Two'])
    expect(body.meta).toEqual({ current_page: 1, last_page: 2, per_page: 2, total: 3 })
    expect(body.links).toEqual({
      first: 'https://fastaar.com/api/v1/customers?per_page=2&page=1',
      last: 'https://fastaar.com/api/v1/customers?per_page=2&page=2',
      prev: null,
      next: 'https://fastaar.com/api/v1/customers?per_page=2&page=2',
    })
    const second = (await call('GET', '/customers?per_page=2&page=2')).body
    expect(names(second)).toEqual(['One'])
    expect(second.links.next).toBeNull()
  })

  it('filters by email and by phone, exactly', async () => {
    const { call } = await three()
    expect(names((await call('GET', '/customers?email=shared%40example.com')).body)).toEqual(['Three', 'Two'])
    expect(names((await call('GET', '/customers?phone=01700000001')).body)).toEqual(['One'])
    expect(
      names((await call('GET', '/customers?email=shared%40example.com&phone=01700000001')).body),
    ).toEqual([])
    expect(names((await call('GET', '/customers?email=SHARED%40example.com')).body)).toEqual([])
  })

  it('answers only data where list pagination is data_only', async () => {
    const { call } = await three({ listPagination: 'data_only' })
    const { body } = await call('GET', '/customers')
    expect(Object.keys(body)).toEqual(['data'])
    expect(names(body)).toEqual(['Three', 'Two', 'One'])
  })

  it.each([
    ['per_page=0', { per_page: ['Must be a whole number from 1 to 100.'] }],
    ['per_page=101', { per_page: ['Must be a whole number from 1 to 100.'] }],
    ['per_page=ten', { per_page: ['Must be a whole number from 1 to 100.'] }],
    ['page=0', { page: ['Must be a whole number from 1.'] }],
    ['page=1.5', { page: ['Must be a whole number from 1.'] }],
  ])('answers 422 to %s', async (query, errors) => {
    const { call } = await three()
    const { status, body } = await call('GET', `/customers?${query}`)
    expect({ status, errors: body.errors }).toEqual({ status: 422, errors })
  })
})

describe('Fastaar emulator: PATCH /customers/{id}', () => {
  it('sets the given fields, clears optional ones given null, and moves updated_at on the emulator clock', async () => {
    const { call, clock } = setup()
    await call('POST', '/customers', { ...ada, email: 'ada@example.com', address: 'Dhaka', notes: 'VIP' })
    clock.advance(90_000)
    const patched = await call('PATCH', '/customers/1', { phone: '01811111111', email: null, notes: null })
    expect(patched).toEqual({
      status: 200,
      body: {
        data: {
          id: 1,
          name: 'Ada Lovelace',
          phone: '01811111111',
          address: 'Dhaka',
          created_at: '2026-06-12T14:30:00+06:00',
          updated_at: '2026-06-12T14:31:30+06:00',
        },
      },
    })
    expect((await call('GET', '/customers/1')).body).toEqual(patched.body)
    expect((await call('PATCH', '/customers/1', { email: 'new@example.com' })).body.data.email).toBe(
      'new@example.com',
    )
  })

  it.each<[string, unknown, Record<string, string[]>]>([
    [
      'a null name (required, so it cannot be cleared)',
      { name: null },
      { name: ['The name field is required.'] },
    ],
    ['a null phone', { phone: null }, { phone: ['The phone field is required.'] }],
    ['a bad phone', { phone: 'x' }, { phone: ['Must be a phone number: digits, optionally a leading +.'] }],
    ['a bad email', { email: 'no' }, { email: ['Must be a valid email address.'] }],
  ])('answers 422 to %s and changes nothing', async (_name, body, errors) => {
    const { call } = setup()
    const before = (await call('POST', '/customers', { ...ada, email: 'ada@example.com' })).body
    const { status, body: answer } = await call('PATCH', '/customers/1', body)
    expect({ status, errors: answer.errors }).toEqual({ status: 422, errors })
    expect((await call('GET', '/customers/1')).body).toEqual(before)
  })

  it('answers 404 to an unknown or non-numeric id', async () => {
    const { call } = setup()
    expect((await call('PATCH', '/customers/7', { name: 'X' })).status).toBe(404)
    expect((await call('PATCH', '/customers/x', { name: 'X' })).status).toBe(404)
  })
})

describe('Fastaar emulator: customer_id on a payment', () => {
  const payment = { amount: 500, invoice_id: 'ORDER-1', success_url: 'https://shop.example/thanks' }

  it('carries the customer id on the payment, given as a number or as digits', async () => {
    const { call, emulator } = setup()
    await call('POST', '/customers', ada)
    const created = await call('POST', '/payments', { ...payment, customer_id: 1 })
    expect(created.status).toBe(201)
    expect(created.body.data.customer_id).toBe(1)
    expect((await call('GET', `/payments/${created.body.data.id}`)).body.data.customer_id).toBe(1)
    const other = await call('POST', '/payments', { ...payment, invoice_id: 'ORDER-2', customer_id: '1' })
    expect(other.body.data.customer_id).toBe(1)
    expect(emulator.payment(other.body.data.id)?.customer_id).toBe(1)
  })

  it('writes no customer_id on a payment without one', async () => {
    const { call } = setup()
    expect((await call('POST', '/payments', payment)).body.data).not.toHaveProperty('customer_id')
  })

  it.each<[string, unknown]>([
    ['an unknown id', 2],
    ['a non-numeric id', 'cus_1'],
    ['a fractional id', 1.5],
    ['an id of the other mode', 'live'],
    ['an object', { id: 1 }],
  ])('answers 422 errors.customer_id to %s, and creates no payment', async (_name, customerId) => {
    const { call, emulator } = setup()
    await call('POST', '/customers', ada)
    const live = (await call('POST', '/customers', ada, LIVE_KEY)).body.data.id
    const answer = await call('POST', '/payments', {
      ...payment,
      customer_id: customerId === 'live' ? live : customerId,
    })
    expect({ status: answer.status, errors: answer.body.errors }).toEqual({
      status: 422,
      errors: { customer_id: ['The selected customer id is invalid.'] },
    })
    expect(emulator.paymentsCreated).toBe(0)
  })
})

describe('Fastaar emulator: customers and abilities', () => {
  it('needs customers:read to list and customers:write to create or update', async () => {
    const { call } = setup({
      apiKeys: [
        { key: 'fk_test_reader', abilities: ['customers:read'] },
        { key: 'fk_test_writer', abilities: ['customers:write'] },
      ],
    })
    expect((await call('POST', '/customers', ada, 'fk_test_reader')).status).toBe(403)
    expect((await call('POST', '/customers', ada, 'fk_test_writer')).status).toBe(201)
    expect((await call('GET', '/customers/1', undefined, 'fk_test_writer')).status).toBe(403)
    expect((await call('GET', '/customers/1', undefined, 'fk_test_reader')).status).toBe(200)
    expect((await call('PATCH', '/customers/1', { name: 'X' }, 'fk_test_reader')).status).toBe(403)
  })
})
