import { createEmulatorClock } from '@paymux/core/emulator'
import { describe, expect, it } from 'vitest'
import {
  createPaymentRequest,
  createPaymentResponse,
  paymentCompletedWebhook,
} from '../fixtures/fastaar-documents.js'
import { createFastaarEmulator, type FastaarEmulator, type FastaarEmulatorOptions } from './index.js'

// The documents' own example requests, sent to the emulator, and its answers compared with the
// documents' examples field by field: exactly where the example fixes a value, by shape where it
// cannot (the id, generated; times, which follow the clock). The official SDK's requests are in
// fastaar-sdk-reader.test.ts.

const LIVE_KEY = 'fk_live_fidelity'
// The document's example payment was made at 14:30 Bangladesh time.
const DOCUMENT_TIME = new Date('2026-06-12T08:30:00Z')
const ID = /^[0-9a-hjkmnp-tv-z]{26}$/
const DHAKA_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+06:00$/

function call(emulator: FastaarEmulator, method: string, path: string, body?: unknown, key = LIVE_KEY) {
  return emulator.fetch(`https://fastaar.com/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

function documentEmulator(options: FastaarEmulatorOptions = {}) {
  const sent: string[] = []
  const emulator = createFastaarEmulator({
    clock: createEmulatorClock({ start: DOCUMENT_TIME, frozen: true }),
    smsMatch: 'manual',
    webhooks: {
      secret: 'whsec_fidelity',
      url: 'https://shop.example.com/webhooks',
      fetch: async (request) => {
        sent.push(await request.text())
        return new Response(null, { status: 200 })
      },
    },
    ...options,
  })
  return { emulator, sent }
}

describe('the Fastaar emulator against the payments document', () => {
  it('answers the documented create request with the documented 201, field by field', async () => {
    const { emulator } = documentEmulator()
    const response = await call(emulator, 'POST', '/payments', createPaymentRequest)
    expect(response.status).toBe(201)
    const { data } = (await response.json()) as { data: Record<string, unknown> }
    const documented: Record<string, unknown> = createPaymentResponse.data
    const { id, checkout_url: _checkoutUrl, ...exact } = documented
    // Every documented field is there, and every value the example fixes is the same.
    expect(Object.keys(data)).toEqual(expect.arrayContaining(Object.keys(documented)))
    expect(data).toMatchObject(exact)
    // Shape only: the id is generated (`01jxyz...` in the document), and the checkout URL carries it.
    expect(typeof id).toBe('string')
    expect(data.id).toMatch(ID)
    expect(data.checkout_url).toBe(`https://fastaar.com/pay/${data.id}`)
  })

  it('returns the existing payment (HTTP 200) for a repeated invoice_id, and a new one once it failed', async () => {
    const { emulator } = documentEmulator()
    const first = (await (await call(emulator, 'POST', '/payments', createPaymentRequest)).json()) as {
      data: { id: string }
    }
    const repeat = await call(emulator, 'POST', '/payments', createPaymentRequest)
    expect(repeat.status).toBe(200)
    expect(((await repeat.json()) as { data: { id: string } }).data.id).toBe(first.data.id)
    await emulator.rejectPayment(first.data.id)
    const fresh = await call(emulator, 'POST', '/payments', createPaymentRequest)
    expect(fresh.status).toBe(201)
    expect(emulator.paymentsCreated).toBe(2)
  })

  it('expires a payment 30 minutes after creation, with no TrxID submitted', async () => {
    const { emulator } = documentEmulator()
    const { data } = (await (await call(emulator, 'POST', '/payments', createPaymentRequest)).json()) as {
      data: { id: string; created_at: string; expires_at: string }
    }
    expect(Date.parse(data.expires_at) - Date.parse(data.created_at)).toBe(30 * 60_000)
    emulator.clock.advance(30 * 60_000 - 1)
    expect(emulator.payment(data.id)?.status).toBe('pending')
    emulator.clock.advance(1)
    expect(emulator.payment(data.id)?.status).toBe('expired')
  })

  it('answers the documented list requests: by status and per_page, and by invoice_id, newest first', async () => {
    const { emulator } = documentEmulator()
    const ids: string[] = []
    for (const invoice of ['ORDER-41', 'ORDER-42', 'ORDER-43']) {
      const created = await call(emulator, 'POST', '/payments', {
        ...createPaymentRequest,
        invoice_id: invoice,
      })
      ids.push(((await created.json()) as { data: { id: string } }).data.id)
      emulator.clock.advance(1000)
    }
    await emulator.submitTrxId(ids[0] as string, { trxId: '8AB2C3D4E1' })
    await emulator.matchSms(ids[0] as string)
    await emulator.submitTrxId(ids[2] as string, { trxId: '8AB2C3D4E3' })
    await emulator.matchSms(ids[2] as string)
    const listOf = async (query: string) =>
      (
        (await (await call(emulator, 'GET', `/payments?${query}`)).json()) as { data: { id: string }[] }
      ).data.map((payment) => payment.id)
    expect(await listOf('status=completed&per_page=25')).toEqual([ids[2], ids[0]])
    expect(await listOf('invoice_id=ORDER-42')).toEqual([ids[1]])
    expect((await call(emulator, 'GET', '/payments?per_page=101')).status).toBe(422)
  })

  it('sends the documented payment.completed body, field by field, with the documented headers', async () => {
    const { emulator, sent } = documentEmulator()
    const { data } = (await (await call(emulator, 'POST', '/payments', createPaymentRequest)).json()) as {
      data: { id: string }
    }
    emulator.clock.advance(5 * 60_000)
    await emulator.submitTrxId(data.id, { trxId: '8AB2C3D4EF', wallet: 'bkash', senderNumber: '01712345678' })
    emulator.clock.advance(60_000)
    await emulator.matchSms(data.id)
    await emulator.webhooks.settle()
    const body = JSON.parse(sent[0] ?? '{}') as {
      event: string
      created_at: string
      data: Record<string, unknown>
    }
    const documented: Record<string, unknown> = paymentCompletedWebhook.data
    expect(body.event).toBe(paymentCompletedWebhook.event)
    expect(body.created_at).toBe(paymentCompletedWebhook.created_at)
    expect(Object.keys(body.data)).toEqual(expect.arrayContaining(Object.keys(documented)))
    // verified_at is elided in the document (the fixture's value is invented): shape only.
    const { id: _id, verified_at: _verifiedAt, ...exact } = documented
    expect(body.data).toMatchObject(exact)
    expect(body.data.id).toBe(data.id)
    expect(body.data.verified_at).toMatch(DHAKA_TIME)
  })
})

describe('the Fastaar emulator against the documented error table', () => {
  const created = async (emulator: FastaarEmulator) =>
    (
      (await (await call(emulator, 'POST', '/payments', createPaymentRequest)).json()) as {
        data: { id: string }
      }
    ).data.id

  it.each([
    [
      401,
      'authentication_error',
      async (emulator: FastaarEmulator) => call(emulator, 'GET', '/payments', undefined, 'sk_wrong'),
    ],
    [
      401,
      'authentication_error',
      async (emulator: FastaarEmulator) => call(emulator, 'GET', '/payments', undefined, 'fk_live_expired'),
    ],
    [
      402,
      'subscription_required',
      async (emulator: FastaarEmulator) => {
        emulator.setMerchant({ subscription: 'inactive' })
        return call(emulator, 'GET', '/payments')
      },
    ],
    [
      402,
      'transaction_limit_reached',
      async (emulator: FastaarEmulator) => {
        emulator.setMerchant({ transactionLimitReached: true })
        return call(emulator, 'POST', '/payments', createPaymentRequest)
      },
    ],
    [
      403,
      'merchant_suspended',
      async (emulator: FastaarEmulator) => {
        emulator.setMerchant({ suspended: true })
        return call(emulator, 'GET', '/payments')
      },
    ],
    [
      403,
      'domain_not_allowed',
      async (emulator: FastaarEmulator) => {
        emulator.setMerchant({ allowedDomains: ['other.example.org'] })
        return call(emulator, 'POST', '/payments', createPaymentRequest)
      },
    ],
    [
      403,
      'ability_denied',
      async (emulator: FastaarEmulator) =>
        call(emulator, 'POST', '/payments', createPaymentRequest, 'fk_live_reader'),
    ],
    [404, 'not_found', async (emulator: FastaarEmulator) => call(emulator, 'GET', '/payments/01jxyz')],
    [
      409,
      'duplicate_invoice_number',
      async (emulator: FastaarEmulator) => {
        const body = { ...createPaymentRequest, invoice_id: undefined, invoice_number: 'ORDER-42' }
        await call(emulator, 'POST', '/payments', body)
        return call(emulator, 'POST', '/payments', body)
      },
      { referenceField: 'invoice_number', onDuplicateInvoice: 'conflict' } as const,
    ],
    [
      422,
      'validation_error',
      async (emulator: FastaarEmulator) => call(emulator, 'POST', '/payments', { amount: 0 }),
    ],
    [
      429,
      'rate_limit_error',
      async (emulator: FastaarEmulator) => {
        await created(emulator)
        return call(emulator, 'GET', '/payments')
      },
      { rateLimit: 1 } as const,
    ],
  ] as const)(
    'HTTP %i %s, in the documented body',
    async (status, type, cause, options: FastaarEmulatorOptions = {}) => {
      const { emulator } = documentEmulator({
        apiKeys: [
          LIVE_KEY,
          { key: 'fk_live_expired', expiresAt: DOCUMENT_TIME },
          { key: 'fk_live_reader', abilities: ['payments:read'] },
        ],
        ...options,
      })
      const response = await cause(emulator)
      expect(response.status).toBe(status)
      expect(response.headers.get('content-type')).toBe('application/json')
      const body = (await response.json()) as { error: { type: string; message: string }; errors?: object }
      expect(body.error).toEqual({ type, message: expect.any(String) })
      expect(body.error.message).not.toBe('')
      if (status === 422) expect(Object.keys(body.errors ?? {})).toEqual(['amount'])
    },
  )
})
