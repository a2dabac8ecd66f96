import {
  InvalidRequestError,
  NotFoundError,
  ProviderUnavailableError,
  RequestAbortedError,
} from '@paymux/core'
import { describe, expect, it } from 'vitest'
import { createFastaar } from './fastaar-gateway.js'
import { createFastaarEmulator } from './testing/index.js'

function setup() {
  const emulator = createFastaarEmulator({ smsMatch: 'manual', rateLimit: false })
  const gateway = createFastaar({ apiKey: 'fk_test_wait', fetch: emulator.fetch })
  return { emulator, gateway }
}

const pace = { initialIntervalMs: 5, maxIntervalMs: 20 }

describe('payments.waitFor', () => {
  it('polls until the payment is terminal', async () => {
    const { emulator, gateway } = setup()
    const session = await gateway.sessions.create({
      amount: { amount: 50000, currency: 'BDT' },
      reference: 'W-1',
    })
    emulator.submitTrxId(session.id, { trxId: 'TRXWAIT01' })
    setTimeout(() => emulator.matchSms(session.id), 40)
    const payment = await gateway.payments.waitFor(session.id, { timeoutMs: 2000, ...pace })
    expect(payment).toMatchObject({ id: session.id, status: 'succeeded', nativeStatus: 'completed' })
    expect(emulator.requests.filter((r) => r.method === 'GET').length).toBeGreaterThan(1)
  })

  it('stops at a status named in until', async () => {
    const { emulator, gateway } = setup()
    const session = await gateway.sessions.create({
      amount: { amount: 50000, currency: 'BDT' },
      reference: 'W-2',
    })
    setTimeout(() => emulator.submitTrxId(session.id, { trxId: 'TRXWAIT02' }), 30)
    const payment = await gateway.payments.waitFor(session.id, {
      until: ['processing'],
      timeoutMs: 2000,
      ...pace,
    })
    expect(payment.status).toBe('processing')
  })

  it('gives up after timeoutMs with the last status it saw', async () => {
    const { gateway } = setup()
    const session = await gateway.sessions.create({
      amount: { amount: 50000, currency: 'BDT' },
      reference: 'W-3',
    })
    const started = Date.now()
    const error = await gateway.payments
      .waitFor(session.id, { timeoutMs: 80, ...pace })
      .catch((e: unknown) => e)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'wait_timeout', retryable: false })
    expect((error as Error).message).toContain('last status pending (pending)')
  })

  it('stops when the signal aborts', async () => {
    const { gateway } = setup()
    const session = await gateway.sessions.create({
      amount: { amount: 50000, currency: 'BDT' },
      reference: 'W-4',
    })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 30)
    const error = await gateway.payments
      .waitFor(session.id, { timeoutMs: 5000, signal: controller.signal, ...pace })
      .catch((e: unknown) => e)
    expect(RequestAbortedError.isInstance(error)).toBe(true)
  })

  it('keeps polling through a transient failure, but not through a missing payment', async () => {
    const { emulator, gateway } = setup()
    const session = await gateway.sessions.create({
      amount: { amount: 50000, currency: 'BDT' },
      reference: 'W-5',
    })
    emulator.submitTrxId(session.id, { trxId: 'TRXWAIT05' })
    emulator.matchSms(session.id)
    emulator.faults.inject({ type: 'status', status: 503, body: { message: 'busy' } }, { count: 3 })
    const flaky = createFastaar({ apiKey: 'fk_test_wait', fetch: emulator.fetch, maxRetries: 0 })
    expect((await flaky.payments.waitFor(session.id, { timeoutMs: 2000, ...pace })).status).toBe('succeeded')
    const missing = await gateway.payments
      .waitFor('nope', { timeoutMs: 2000, ...pace })
      .catch((e: unknown) => e)
    expect(NotFoundError.isInstance(missing)).toBe(true)
  })

  it('refuses a missing timeoutMs before polling', async () => {
    const { emulator, gateway } = setup()
    const error = await gateway.payments.waitFor('p1', {} as never).catch((e: unknown) => e)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(['timeoutMs'])
    expect(emulator.requests).toHaveLength(0)
  })
})
