import { inspect } from 'node:util'
import { InvalidRequestError, type RequestEvent } from '@paymux/core'
import { checkGatewayContract } from '@paymux/core/testing'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFastaar, FASTAAR_CAPABILITIES } from './fastaar-gateway.js'
import type { FastaarSettings } from './fastaar-settings.js'
import { createPaymentResponse } from './fixtures/fastaar-documents.js'
import { fastaarApi, TEST_KEY } from './fixtures/nock-helpers.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

function settingsError(settings: unknown): InvalidRequestError {
  try {
    createFastaar(settings as FastaarSettings)
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected createFastaar to refuse the settings')
}

describe('createFastaar', () => {
  it.each([
    ['missing', {}],
    ['blank', { apiKey: '   ' }],
    ['not a string', { apiKey: 42 }],
  ])('refuses a %s key, saying how to pass one', (_label, settings) => {
    const error = settingsError(settings)
    expect(error.code).toBe('invalid_settings')
    expect(error.issues[0]?.path).toBe('apiKey')
    expect(error.message).toContain('createFastaar({ apiKey: process.env.FASTAAR_API_KEY })')
  })

  it('refuses a key with stray whitespace without printing it', () => {
    const error = settingsError({ apiKey: `${TEST_KEY}\n` })
    expect(error.message).toBe(
      'fastaar: invalid client settings: apiKey has leading or trailing whitespace: copy the key without it',
    )
  })

  it('refuses a bad baseUrl, referenceField, amountFormat or webhook tolerance', () => {
    expect(settingsError({ apiKey: TEST_KEY, webhookToleranceSeconds: -1 }).issues[0]?.path).toBe(
      'webhookToleranceSeconds',
    )
    expect(settingsError({ apiKey: TEST_KEY, baseUrl: 'fastaar.com' }).issues[0]?.path).toBe('baseUrl')
    expect(settingsError({ apiKey: TEST_KEY, referenceField: 'order_id' }).issues[0]?.path).toBe(
      'referenceField',
    )
    expect(settingsError({ apiKey: TEST_KEY, amountFormat: 'float' }).issues[0]?.path).toBe('amountFormat')
  })

  it.each([
    ['apiKy', 'apiKey'],
    ['webhookSecrets', 'webhookSecret'],
    ['refrenceField', 'referenceField'],
    ['timeout', 'timeoutMs'],
  ])('refuses an unknown setting %s, suggesting %s, without printing the key', (key, known) => {
    const error = settingsError({ apiKey: TEST_KEY, [key]: 'x' })
    expect(error.code).toBe('invalid_settings')
    expect(error.issues).toEqual([{ path: key, message: `unknown key; did you mean "${known}"?` }])
    expect(error.message).not.toContain(TEST_KEY)
  })

  it('names every bad setting at once', () => {
    const error = settingsError({ apiKey: ' ', amountFormat: 'float', now: 1 })
    expect(error.issues.map((issue) => issue.path)).toEqual(['apiKey', 'amountFormat', 'now'])
  })

  it.each([
    ['fk_test_abc', false],
    ['fk_live_abc', true],
    ['legacy_abc', undefined],
  ])('recognises %s as livemode %s', (apiKey, livemode) => {
    expect(createFastaar({ apiKey }).livemode).toBe(livemode)
  })

  it('keeps its contract: the declared operations are exactly its methods', () => {
    const gateway = createFastaar({ apiKey: TEST_KEY })
    expect(checkGatewayContract(gateway)).toEqual([])
    expect(gateway.capabilities).toEqual({
      operations: [
        'sessions.create',
        'sessions.retrieve',
        'payments.retrieve',
        'payments.list',
        'payments.refund',
        'payments.listRefunds',
        'payments.waitFor',
        'customers.create',
        'customers.retrieve',
        'customers.list',
        'webhooks.verify',
      ],
      currencies: ['BDT'],
      sessionModes: ['payment'],
      presentations: ['redirect'],
      partialRefunds: true,
      unsupportedFields: {
        'sessions.create': [
          'description',
          'customer',
          'lineItems.priceId',
          'lineItems.productId',
          'lineItems.description',
        ],
      },
    })
    expect(gateway.capabilities).toEqual(FASTAAR_CAPABILITIES)
  })

  it('never shows its key: not in inspect, JSON, or its own properties', () => {
    const gateway = createFastaar({ apiKey: TEST_KEY, webhookSecret: 'whsec_abc' })
    expect(inspect(gateway, { depth: Infinity, showHidden: true })).not.toContain(TEST_KEY)
    expect(inspect(gateway)).toBe(
      "FastaarGateway { id: 'fastaar', livemode: false, baseUrl: 'https://fastaar.com/api/v1' }",
    )
    expect(JSON.stringify(gateway)).not.toContain(TEST_KEY)
    expect(inspect(gateway.native, { depth: Infinity, showHidden: true })).not.toContain(TEST_KEY)
  })

  it('hands hooks the request with the Authorization header redacted', async () => {
    const { scope, captured } = fastaarApi()
    scope.post('/api/v1/payments').reply(201, createPaymentResponse)
    const events: RequestEvent[] = []
    const gateway = createFastaar({ apiKey: TEST_KEY, hooks: { onRequest: (event) => events.push(event) } })
    await gateway.sessions.create({ amount: { amount: 50000, currency: 'BDT' }, reference: 'ORDER-42' })
    expect(captured[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`)
    expect(events).toHaveLength(1)
    expect(events[0]?.headers.authorization).toBe('[redacted]')
    expect(JSON.stringify(events)).not.toContain(TEST_KEY)
  })

  it('sends to a replaced baseUrl in full', async () => {
    const scope = nock('http://127.0.0.1:4010').get('/v9/payments/p1').reply(200, createPaymentResponse)
    const gateway = createFastaar({ apiKey: TEST_KEY, baseUrl: 'http://127.0.0.1:4010/v9/' })
    expect((await gateway.payments.retrieve('p1')).id).toBe('01jxyz...')
    expect(scope.isDone()).toBe(true)
  })
})
