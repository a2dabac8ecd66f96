import { AuthenticationError, type PaymentError, RateLimitError } from '@paymux/core'
import { createEmulatorClock } from '@paymux/core/emulator'
import { describe, expect, it } from 'vitest'
import { createFastaar } from '../fastaar-gateway.js'
import { createFastaarEmulator, type FastaarEmulator, type FastaarEmulatorOptions } from './index.js'

// The documented 401 (expired key), 402 and 403 answers, caused by key and merchant state and
// read through the gateway's error classes.

const order = {
  amount: { amount: 50_000, currency: 'BDT' },
  successUrl: 'https://shop.example.com/thanks',
} as const

function setup(options: FastaarEmulatorOptions = {}, apiKey = 'fk_test_access') {
  const emulator = createFastaarEmulator(options)
  const gateway = createFastaar({ apiKey, fetch: emulator.fetch, maxRetries: 0 })
  return { emulator, gateway }
}

async function failure(call: Promise<unknown>): Promise<PaymentError> {
  return call.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (error: PaymentError) => error,
  )
}

function expectRefusal(error: PaymentError, status: number, code: string) {
  expect(AuthenticationError.isInstance(error)).toBe(true)
  expect({ status: error.httpStatus, code: error.code }).toEqual({ status, code })
}

async function paidPayment(emulator: FastaarEmulator, gateway: ReturnType<typeof setup>['gateway']) {
  const session = await gateway.sessions.create(order)
  await emulator.submitTrxId(session.id, { trxId: `TRX${session.id.slice(-8)}` })
  return session.id
}

describe('Fastaar emulator: keys, abilities and the merchant account', () => {
  it('401 authentication_error once a key has expired, on the emulator clock', async () => {
    const clock = createEmulatorClock({ start: new Date('2026-06-12T08:30:00Z'), frozen: true })
    const { emulator, gateway } = setup({
      clock,
      apiKeys: [{ key: 'fk_test_access', expiresAt: new Date('2026-06-12T08:31:00Z') }],
    })
    const session = await gateway.sessions.create(order)
    clock.advance(59_999)
    expect((await gateway.payments.retrieve(session.id)).id).toBe(session.id)
    clock.advance(1)
    const error = await failure(gateway.payments.retrieve(session.id))
    expectRefusal(error, 401, 'authentication_error')
    expect(error.message).toContain('expired')
    expect(emulator.requestCount()).toBe(3)
  })

  it('402 subscription_required while the subscription is inactive, for every call', async () => {
    const { emulator, gateway } = setup()
    const session = await gateway.sessions.create(order)
    emulator.setMerchant({ subscription: 'inactive' })
    expectRefusal(await failure(gateway.payments.retrieve(session.id)), 402, 'subscription_required')
    expectRefusal(await failure(gateway.sessions.create(order)), 402, 'subscription_required')
    emulator.setMerchant({ subscription: 'active' })
    expect((await gateway.payments.retrieve(session.id)).id).toBe(session.id)
  })

  it('402 transaction_limit_reached refuses new payments only', async () => {
    const { emulator, gateway } = setup({ merchant: { transactionLimitReached: true } })
    expectRefusal(await failure(gateway.sessions.create(order)), 402, 'transaction_limit_reached')
    expect(emulator.paymentsCreated).toBe(0)
    expect((await gateway.payments.list()).data).toEqual([])
    emulator.setMerchant({ transactionLimitReached: false })
    expect((await gateway.sessions.create(order)).created).toBe(true)
  })

  it('403 merchant_suspended for every call, before the subscription is looked at', async () => {
    const { emulator, gateway } = setup()
    const session = await gateway.sessions.create(order)
    emulator.setMerchant({ suspended: true, subscription: 'inactive' })
    expect(emulator.merchant).toEqual({ suspended: true, subscription: 'inactive' })
    expectRefusal(await failure(gateway.payments.retrieve(session.id)), 403, 'merchant_suspended')
    emulator.setMerchant({ suspended: false })
    expectRefusal(await failure(gateway.payments.retrieve(session.id)), 402, 'subscription_required')
  })

  it('403 domain_not_allowed for a return URL outside the allowed domains (subdomains allowed)', async () => {
    const { emulator, gateway } = setup({ merchant: { allowedDomains: ['example.com'] } })
    expect((await gateway.sessions.create(order)).created).toBe(true)
    const error = await failure(
      gateway.sessions.create({ ...order, cancelUrl: 'https://evil.example.net/cart', reference: 'O-2' }),
    )
    expectRefusal(error, 403, 'domain_not_allowed')
    expect(error.message).toContain('evil.example.net')
    // The domain check comes before validation: a refused domain is refused even with a bad amount.
    const raw = await emulator.fetch('https://fastaar.com/api/v1/payments', {
      method: 'POST',
      headers: { authorization: 'Bearer fk_test_access', 'content-type': 'application/json' },
      body: JSON.stringify({ amount: -1, success_url: 'https://notexample.com/x' }),
    })
    expect(raw.status).toBe(403)
    expect(emulator.paymentsCreated).toBe(1)
  })

  it("403 domain_not_allowed checked against the request's Origin when so configured", async () => {
    const { emulator } = setup({ merchant: { allowedDomains: ['shop.example.com'], domainCheck: 'origin' } })
    const post = (origin: string) =>
      emulator.fetch('https://fastaar.com/api/v1/payments', {
        method: 'POST',
        headers: { authorization: 'Bearer fk_test_access', 'content-type': 'application/json', origin },
        body: JSON.stringify({ amount: 5, success_url: 'https://anywhere.example.org/' }),
      })
    expect((await post('https://shop.example.com')).status).toBe(201)
    const refused = await post('https://evil.example.net')
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { error: { type: string } }).error.type).toBe('domain_not_allowed')
  })

  it('403 ability_denied for a call outside the key’s abilities; each route needs its own', async () => {
    const { emulator, gateway } = setup({
      apiKeys: ['fk_test_access', { key: 'fk_test_reader', abilities: ['payments:read'] }],
    })
    const id = await paidPayment(emulator, gateway)
    const reader = createFastaar({ apiKey: 'fk_test_reader', fetch: emulator.fetch, maxRetries: 0 })
    expect((await reader.payments.retrieve(id)).id).toBe(id)
    expect(await reader.payments.listRefunds(id)).toEqual([])
    expect((await reader.payments.list()).data).toHaveLength(1)
    const denied = await failure(reader.sessions.create(order))
    expectRefusal(denied, 403, 'ability_denied')
    expect(denied.message).toContain('payments:write')
    expectRefusal(await failure(reader.payments.refund(id)), 403, 'ability_denied')
    expect(emulator.refundsCreated).toBe(0)
    const customers = await emulator.fetch('https://fastaar.com/api/v1/customers', {
      headers: { authorization: 'Bearer fk_test_reader' },
    })
    expect(customers.status).toBe(403)
  })

  it('does not count refused calls against the rate limit', async () => {
    const { emulator, gateway } = setup({ rateLimit: 2, merchant: { suspended: true } })
    for (let i = 0; i < 5; i++) await failure(gateway.payments.list())
    emulator.setMerchant({ suspended: false })
    await gateway.payments.list()
    await gateway.payments.list()
    expect(RateLimitError.isInstance(await failure(gateway.payments.list()))).toBe(true)
  })

  it.each([
    [['fk_prod_1'], /^apiKeys\[0\] must be a key/],
    [['fk_test_ok', { key: 'nope' }], /^apiKeys\[1\] must be a key/],
    [[{ key: 'fk_test_ok', abilities: ['payments:delete'] }], /^apiKeys\[0\]\.abilities: "payments:delete"/],
    [[{ key: 'fk_test_ok', expiresAt: 'tomorrow' }], /^apiKeys\[0\]\.expiresAt/],
  ])('refuses the apiKeys %o, naming the entry and never echoing a key', (apiKeys, message) => {
    const attempt = () => createFastaarEmulator({ apiKeys: apiKeys as never })
    expect(attempt).toThrow(TypeError)
    expect(attempt).toThrow(message)
    expect(() => attempt()).not.toThrow(/fk_prod_1|nope/)
  })
})
