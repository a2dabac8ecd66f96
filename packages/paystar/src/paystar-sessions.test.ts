import { type CreateSessionInput, InvalidRequestError, ProviderUnavailableError } from '@paymux/core'
import { invalidRequestOf, recordingFetch } from '@paymux/core/testing'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { exactly, interceptOnly, PAYSTAR_DEV_API } from './fixtures/nock-helpers.js'
import { DOCUMENTED_PAYMENT_REQUEST, DOCUMENTED_PAYMENT_RESPONSE } from './fixtures/paystar-documents.js'
import { createPaystar } from './paystar-gateway.js'
import type { PaystarSettings } from './paystar-settings.js'

const API = PAYSTAR_DEV_API
const PATH = '/integrations/embedded/initiate'
const KEY = 'ps_key_sessions'

interceptOnly()

/** The neutral input that stands for the documented payment example. */
const documentedInput: CreateSessionInput = {
  lineItems: [{ amount: { amount: 15000, currency: 'USD' }, description: 'January Water Bill' }],
  customer: { email: 'john@example.com', firstName: 'John', lastName: 'Doe' },
  successUrl: 'https://yoursite.com/payment-success',
  cancelUrl: 'https://yoursite.com/payment-cancelled',
  providerOptions: {
    paystar: {
      accounts: [
        { accountNumber: 'ACC-12345', name: 'John Doe', balance: { amount: 15000, currency: 'USD' } },
      ],
    },
  },
}

describe('sessions.create', () => {
  it('sends the documented example body exactly and maps the documented answer to a neutral session', async () => {
    let headers: Record<string, unknown> = {}
    const scope = nock(API)
      .post(PATH, exactly(DOCUMENTED_PAYMENT_REQUEST))
      .reply(function reply() {
        headers = this.req.headers
        return [200, DOCUMENTED_PAYMENT_RESPONSE]
      })
    const paystar = createPaystar({ apiKey: KEY, businessUnitSlug: 'acme-utilities' })
    const before = Date.now()
    const session = await paystar.sessions.create(documentedInput)
    const after = Date.now()
    expect(scope.isDone()).toBe(true)
    expect(headers['x-paystar-api-key']).toBe(KEY)
    expect(headers['content-type']).toBe('application/json')
    const { expiresAt, ...rest } = session
    expect(rest).toEqual({
      object: 'session',
      id: 'abc123-def456-ghi789',
      provider: 'paystar',
      ref: 'paystar:abc123-def456-ghi789',
      status: 'open',
      nativeStatus: 'RequiresPaymentSource',
      mode: 'payment',
      url: 'https://dev.paystar.io/app/embedded/acme-utilities/session/abc123…',
      amounts: { subtotal: { amount: 15000, currency: 'USD' } },
      raw: DOCUMENTED_PAYMENT_RESPONSE.data,
    })
    // 30 minutes from when the request was sent: never later than Paystar's own expiry.
    expect(expiresAt?.getTime()).toBeGreaterThanOrEqual(before + 30 * 60_000)
    expect(expiresAt?.getTime()).toBeLessThanOrEqual(after + 30 * 60_000)
  })

  it('maps amount + description, reference, descriptor and a POS agent', async () => {
    const body = {
      BusinessUnitSlug: 'acme-utilities',
      Channel: 'POS',
      PosUser: 'agent@acme-utilities.com',
      Charges: [{ Amount: 1079, Description: 'Sewer, March' }],
      ClientReference: 'order-42',
      PaymentDescriptor: 'ACME UTIL',
    }
    const scope = nock(API).post(PATH, exactly(body)).reply(200, DOCUMENTED_PAYMENT_RESPONSE)
    const paystar = createPaystar({ apiKey: KEY, businessUnitSlug: 'acme-utilities', channel: 'POS' })
    const session = await paystar.sessions.create({
      amount: { amount: 1079, currency: 'USD' },
      description: 'Sewer, March',
      reference: 'order-42',
      providerOptions: { paystar: { posUser: 'agent@acme-utilities.com', paymentDescriptor: 'ACME UTIL' } },
    })
    expect(scope.isDone()).toBe(true)
    expect(session.reference).toBe('order-42')
    expect(session.amounts).toEqual({ subtotal: { amount: 1079, currency: 'USD' } })
  })

  it('multi-account: each charge carries its own account, by index; a null leaves a charge accountless', async () => {
    const body = {
      BusinessUnitSlug: 'acme-utilities',
      Channel: 'QuickPay',
      Charges: [
        { Amount: 1001, Description: 'Water', ClientAccount: { AccountNumber: 'W-1' } },
        { Amount: 2002, Description: 'Donation' },
        { Amount: 3003, Description: 'Power', ClientAccount: { AccountNumber: 'P-7', Name: 'Jane Roe' } },
      ],
    }
    const scope = nock(API).post(PATH, exactly(body)).reply(200, DOCUMENTED_PAYMENT_RESPONSE)
    const session = await createPaystar({ apiKey: KEY, businessUnitSlug: 'acme-utilities' }).sessions.create({
      lineItems: [
        { amount: { amount: 1001, currency: 'USD' }, description: 'Water' },
        { amount: { amount: 2002, currency: 'USD' }, description: 'Donation', quantity: 1 },
        { amount: { amount: 3003, currency: 'USD' }, description: 'Power' },
      ],
      // Routing and tax context: accepted, and not sent (Paystar computes no tax).
      buyerCountry: 'US',
      region: 'CA',
      presentation: 'embedded',
      providerOptions: {
        paystar: { accounts: [{ accountNumber: 'W-1' }, null, { accountNumber: 'P-7', name: 'Jane Roe' }] },
        faststar: { ignored: true },
      },
    })
    expect(scope.isDone()).toBe(true)
    expect(session.amounts?.subtotal).toEqual({ amount: 6006, currency: 'USD' })
  })

  it('uses a status word from sessionStatuses, and keeps an unknown one verbatim as open', async () => {
    nock(API)
      .post(PATH)
      .reply(200, {
        ...DOCUMENTED_PAYMENT_RESPONSE,
        data: { ...DOCUMENTED_PAYMENT_RESPONSE.data, Status: 'Paid' },
      })
      .post(PATH)
      .reply(200, {
        ...DOCUMENTED_PAYMENT_RESPONSE,
        data: { ...DOCUMENTED_PAYMENT_RESPONSE.data, Status: 'Brand-new' },
      })
    const paystar = createPaystar({
      apiKey: KEY,
      businessUnitSlug: 'acme-utilities',
      sessionStatuses: { Paid: 'complete' },
    })
    const input = { amount: { amount: 100, currency: 'USD' }, description: 'Bill' }
    expect(await paystar.sessions.create(input)).toMatchObject({ status: 'complete', nativeStatus: 'Paid' })
    expect(await paystar.sessions.create(input)).toMatchObject({ status: 'open', nativeStatus: 'Brand-new' })
  })
})

describe('sessions.create refuses bad input locally, naming every field, and sends nothing', () => {
  const charge = { amount: { amount: 500, currency: 'USD' }, description: 'Bill' }
  const cases: [string, CreateSessionInput, string[], Partial<PaystarSettings>?][] = [
    ['no charges at all', {}, ['lineItems']],
    ['an empty lineItems', { lineItems: [] }, ['lineItems']],
    ['more than 25 charges', { lineItems: Array(26).fill(charge) }, ['lineItems']],
    [
      'fractional cents',
      { lineItems: [{ ...charge, amount: { amount: 10.5, currency: 'USD' } }] },
      ['lineItems.0.amount.amount'],
    ],
    [
      'a zero charge',
      { lineItems: [{ ...charge, amount: { amount: 0, currency: 'USD' } }] },
      ['lineItems.0.amount.amount'],
    ],
    [
      'another currency',
      { lineItems: [{ ...charge, amount: { amount: 5, currency: 'EUR' } }] },
      ['lineItems.0.amount.currency'],
    ],
    ['a charge without description', { lineItems: [{ amount: charge.amount }] }, ['lineItems.0.description']],
    ['amount without description', { amount: charge.amount }, ['description']],
    [
      'both amount and lineItems',
      { amount: charge.amount, description: 'x', lineItems: [charge] },
      ['amount'],
    ],
    ['a quantity', { lineItems: [{ ...charge, quantity: 2 }] }, ['lineItems.0.quantity']],
    [
      'a buyerCountry that is no country code',
      { lineItems: [charge], buyerCountry: 'usa' },
      ['buyerCountry'],
    ],
    ['a region without buyerCountry', { lineItems: [charge], region: 'CA' }, ['region']],
    [
      'a session description beside line items (Paystar shows each charge’s own)',
      { lineItems: [charge], description: 'Order 7' },
      ['description'],
    ],
    [
      'PosUser on QuickPay',
      { lineItems: [charge], providerOptions: { paystar: { posUser: 'agent@acme-utilities.com' } } },
      ['providerOptions.paystar.posUser'],
    ],
    [
      'a customer (ClientUser) on POS',
      { lineItems: [charge], customer: { email: 'john@example.com' } },
      ['customer'],
      { channel: 'POS' },
    ],
    [
      'a customer (ClientUser) on a per-call POS channel',
      {
        lineItems: [charge],
        customer: { email: 'john@example.com' },
        providerOptions: { paystar: { channel: 'POS' } },
      },
      ['customer'],
    ],
    [
      'a customer without email',
      { lineItems: [charge], customer: { firstName: 'John' } },
      ['customer.email'],
    ],
    ['a bad successUrl', { lineItems: [charge], successUrl: 'not a url' }, ['successUrl']],
    ['a non-http cancelUrl', { lineItems: [charge], cancelUrl: 'javascript:alert(1)' }, ['cancelUrl']],
    ['subscription mode', { lineItems: [charge], mode: 'subscription' }, ['mode']],
    ['redirect presentation', { lineItems: [charge], presentation: 'redirect' }, ['presentation']],
    [
      'more accounts than charges',
      {
        lineItems: [charge],
        providerOptions: { paystar: { accounts: [{ accountNumber: 'A' }, { accountNumber: 'B' }] } },
      },
      ['providerOptions.paystar.accounts'],
    ],
    [
      'an account without number',
      { lineItems: [charge], providerOptions: { paystar: { accounts: [{ name: 'John' }] } } },
      ['providerOptions.paystar.accounts.0.accountNumber'],
    ],
    [
      'an unknown Paystar option',
      { lineItems: [charge], providerOptions: { paystar: { chanel: 'POS' } } },
      ['providerOptions.paystar.chanel'],
    ],
  ]
  it.each(cases)('%s', async (_, input, paths, settings) => {
    let sent = 0
    const paystar = createPaystar({
      apiKey: KEY,
      businessUnitSlug: 'acme-utilities',
      ...settings,
      fetch: async () => {
        sent++
        return Response.json(DOCUMENTED_PAYMENT_RESPONSE)
      },
    })
    const error = await paystar.sessions.create(input).catch((e: unknown) => e)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(paths)
    expect((error as InvalidRequestError).provider).toBe('paystar')
    expect((error as InvalidRequestError).message).toMatch(/^paystar: invalid sessions\.create input: /)
    expect(sent).toBe(0)
  })
})

describe('sessions.create refuses what Paystar cannot carry as unsupported_field, and sends nothing', () => {
  const charge = { amount: { amount: 500, currency: 'USD' }, description: 'Bill' }
  // Each was once dropped in silence (a name beside firstName/lastName, an empty metadata) or refused
  // with Paystar's own wording (priceId, productId, a name alone, metadata).
  const cases: [string, CreateSessionInput, string[]][] = [
    ['a catalog price', { lineItems: [{ ...charge, priceId: 'price_1' }] }, ['lineItems.0.priceId']],
    [
      'a catalog product on the second line',
      { lineItems: [charge, { ...charge, productId: 'prod_1' }] },
      ['lineItems.1.productId'],
    ],
    [
      'a full name, even beside firstName and lastName',
      {
        lineItems: [charge],
        customer: { email: 'john@example.com', name: 'John Doe', firstName: 'John', lastName: 'Doe' },
      },
      ['customer.name'],
    ],
    ['metadata', { lineItems: [charge], metadata: { order: '1' } }, ['metadata']],
    ['an empty metadata', { lineItems: [charge], metadata: {} }, ['metadata']],
  ]
  it.each(cases)('%s', async (_, input, paths) => {
    const { calls, fetch } = recordingFetch()
    const paystar = createPaystar({ apiKey: KEY, businessUnitSlug: 'acme-utilities', fetch })
    const error = await invalidRequestOf(paystar.sessions.create(input))
    expect(error.code).toBe('unsupported_field')
    expect(error.issues.map((issue) => issue.path)).toEqual(paths)
    expect(error.message).toContain('paystar cannot carry')
    expect(calls).toEqual([])
  })

  it('declares them in capabilities.unsupportedFields', () => {
    const paystar = createPaystar({ apiKey: KEY, businessUnitSlug: 'acme-utilities' })
    expect(paystar.capabilities.unsupportedFields).toEqual({
      'sessions.create': ['lineItems.priceId', 'lineItems.productId', 'customer.name', 'metadata'],
    })
  })
})

describe('sessions.create after a lost answer', () => {
  const withReference = { ...documentedInput, reference: 'ORDER-7' }
  const refusal = {
    hasErrors: true,
    errors: ["ClientReference 'ORDER-7' has already been used."],
    data: null,
  }
  const gateway = () =>
    createPaystar({
      apiKey: KEY,
      businessUnitSlug: 'acme-utilities',
      backoff: { initialDelayMs: 1, maxDelayMs: 1 },
    })

  it('reports a refused retry as a session that may exist, never as bad input', async () => {
    const scope = nock(API)
      .post(PATH)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .post(PATH)
      .reply(400, refusal)
    const error = await gateway()
      .sessions.create(withReference)
      .catch((e: unknown) => e)
    expect(scope.isDone()).toBe(true)
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({
      code: 'reference_refused_after_lost_answer',
      outcome: 'unknown',
      retryable: false,
    })
    expect((error as Error).message).toContain('create the checkout again with a new reference')
  })

  it('keeps a refusal as InvalidRequestError when no answer was lost, or without a reference', async () => {
    nock(API).post(PATH).reply(400, refusal)
    expect(
      InvalidRequestError.isInstance(
        await gateway()
          .sessions.create(withReference)
          .catch((e: unknown) => e),
      ),
    ).toBe(true)
    nock(API)
      .post(PATH)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .post(PATH)
      .reply(400, { hasErrors: true, errors: ['Charges are required.'], data: null })
    expect(
      InvalidRequestError.isInstance(
        await gateway()
          .sessions.create(documentedInput)
          .catch((e: unknown) => e),
      ),
    ).toBe(true)
  })
})
