import { invalidRequestOf, recordingFetch } from '@paymux/core/testing'
import { describe, expect, it } from 'vitest'
import type { FastaarGateway } from './fastaar-gateway.js'
import { testGateway } from './fixtures/nock-helpers.js'

// Finding 9 of issue 15: with `refrence: 'order-42'` Fastaar used to create a
// payment without invoice_id, so the create lost its idempotency and its retry
// safety. Every neutral input now refuses an unknown key before any request,
// at the key's own path, suggesting the closest known name, in the same shape
// as FastStar and Paystar (parseInput in core builds it).

const bdt = { amount: 50000, currency: 'BDT' }
const order = { amount: bdt, reference: 'order-42', successUrl: 'https://shop.example/thanks' }

type Call = (g: FastaarGateway, input: never) => Promise<unknown>
const create: Call = (g, input) => g.sessions.create(input)

/** operation, call, input with one misspelt key, the issue path, the expected issue message. */
const CASES: readonly (readonly [string, Call, object, string, string])[] = [
  ['sessions.create', create, { amount: bdt, refrence: 'order-42' }, 'refrence', 'reference'],
  ['sessions.create', create, { ...order, successURL: 'https://x.example' }, 'successURL', 'successUrl'],
  ['sessions.create', create, { ...order, metdata: { a: '1' } }, 'metdata', 'metadata'],
  [
    'sessions.create',
    create,
    { ...order, amount: undefined, lineItems: [{ amount: { ...bdt, curency: 'BDT' } }] },
    'lineItems.0.amount.curency',
    'currency',
  ],
  [
    'sessions.create',
    create,
    { reference: 'o-1', lineItems: [{ amount: bdt, quantiy: 2 }] },
    'lineItems.0.quantiy',
    'quantity',
  ],
  ['sessions.create', create, { ...order, amount: { ...bdt, curency: 'BDT' } }, 'amount.curency', 'currency'],
  [
    'sessions.create',
    create,
    { ...order, providerOptions: { fastar: {} } },
    'providerOptions.fastar',
    'fastaar',
  ],
  ['payments.list', (g, i) => g.payments.list(i), { refernce: 'order-42' }, 'refernce', 'reference'],
  ['payments.list', (g, i) => g.payments.list(i), { limt: 10 }, 'limt', 'limit'],
  ['payments.refund', (g, i) => g.payments.refund('01jxyz', i), { amout: bdt }, 'amout', 'amount'],
  [
    'payments.waitFor',
    (g, i) => g.payments.waitFor('01jxyz', i),
    { timeoutMs: 1000, intialIntervalMs: 10 },
    'intialIntervalMs',
    'initialIntervalMs',
  ],
]

describe.each(CASES)(
  '%s refuses a misspelt key before any request',
  (operation, call, input, path, known) => {
    it(`${path} → ${known}`, async () => {
      const { calls, fetch } = recordingFetch()
      const error = await invalidRequestOf(call(testGateway({ fetch }), input as never))
      expect(calls).toEqual([])
      const expected = `unknown key; did you mean "${known}"?`
      expect({ code: error.code, issues: error.issues, message: error.message }).toEqual({
        code: 'invalid_request',
        issues: [{ path, message: expected }],
        message: `fastaar: invalid ${operation} input: ${path}: ${expected}`,
      })
    })
  },
)

describe('a field Fastaar cannot carry', () => {
  it('is refused as unsupported before its keys are read: customer.emial is not worth a suggestion', async () => {
    const { calls, fetch } = recordingFetch()
    const error = await invalidRequestOf(
      testGateway({ fetch }).sessions.create({ ...order, customer: { emial: 'a@b.example' } } as never),
    )
    expect(calls).toEqual([])
    expect({ code: error.code, issues: error.issues }).toEqual({
      code: 'unsupported_field',
      issues: [{ path: 'customer', message: expect.stringContaining('fastaar cannot carry this field') }],
    })
  })
})

describe('what stays open', () => {
  it('says providerOptions.fastaar takes customerId only', async () => {
    const { calls, fetch } = recordingFetch()
    const error = await invalidRequestOf(
      testGateway({ fetch }).sessions.create({ ...order, providerOptions: { fastaar: { fee: 'merchant' } } }),
    )
    expect(error.issues).toEqual([
      { path: 'providerOptions.fastaar.fee', message: 'unknown key; expected one of: customerId' },
    ])
    expect(calls).toEqual([])
  })

  it("sends metadata keys as they are, and lets other gateways' options through", async () => {
    const bodies: unknown[] = []
    const fetch: typeof globalThis.fetch = async (input) => {
      bodies.push(await (input as Request).json())
      return new Response('{}', { status: 500 })
    }
    await testGateway({ fetch, maxRetries: 0 })
      .sessions.create({
        ...order,
        metadata: { refrence: 'free-form' },
        providerOptions: { faststar: { extraFields: {} }, acmepay: { x: 1 } },
      })
      .catch(() => undefined)
    expect(bodies).toEqual([
      expect.objectContaining({ invoice_id: 'order-42', metadata: { refrence: 'free-form' } }),
    ])
  })
})
