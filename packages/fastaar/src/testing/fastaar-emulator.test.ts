import {
  AuthenticationError,
  InvalidRequestError,
  NotFoundError,
  ProviderUnavailableError,
  RateLimitError,
} from '@paymux/core'
import { verifySignature } from '@paymux/core/adapter-kit'
import { createEmulatorClock } from '@paymux/core/emulator'
import { describe, expect, it } from 'vitest'
import { DuplicateReferenceError } from '../fastaar-duplicate-reference-error.js'
import { createFastaar } from '../fastaar-gateway.js'
import type { FastaarSettings } from '../fastaar-settings.js'
import {
  createFastaarEmulator,
  EXPIRY_MS,
  type FastaarEmulatorOptions,
  WEBHOOK_RETRY_DELAYS_MS,
} from './index.js'

const SECRET = 'whsec_emulator'
const order = {
  amount: { amount: 107_950, currency: 'BDT' },
  reference: 'ORDER-7',
  successUrl: 'https://shop.example.com/thanks?from=fastaar',
  cancelUrl: 'https://shop.example.com/cart',
} as const

function setup(options: FastaarEmulatorOptions = {}, settings: Partial<FastaarSettings> = {}) {
  const received: Request[] = []
  const emulator = createFastaarEmulator({
    webhooks: {
      secret: SECRET,
      url: 'https://shop.example.com/webhooks/fastaar',
      fetch: async (request) => {
        received.push(request)
        return new Response(null, { status: 204 })
      },
    },
    ...options,
  })
  const gateway = createFastaar({
    apiKey: 'fk_test_emulator',
    webhookSecret: SECRET,
    fetch: emulator.fetch,
    backoff: { initialDelayMs: 1, maxDelayMs: 1 },
    ...settings,
  })
  return { emulator, gateway, received }
}

describe('the Fastaar emulator, through the gateway', () => {
  it('runs the live lifecycle: pending → awaiting_verification → completed, with a signed webhook', async () => {
    const { emulator, gateway, received } = setup({}, { apiKey: 'fk_live_emulator' })
    const session = await gateway.sessions.create(order)
    expect(session).toMatchObject({
      status: 'open',
      nativeStatus: 'pending',
      created: true,
      reference: 'ORDER-7',
    })
    expect(session.url).toBe(`https://fastaar.com/pay/${session.id}`)
    expect(session.raw).toMatchObject({ amount: '1079.50', currency: 'BDT', invoice_id: 'ORDER-7' })

    expect(
      await emulator.submitTrxId(session.id, { trxId: '8AB2C3D4EF', senderNumber: '01712345678' }),
    ).toEqual({
      status: 'awaiting_verification',
      redirectUrl: undefined,
    })
    expect(await gateway.payments.retrieve(session.id)).toMatchObject({
      status: 'processing',
      nativeStatus: 'awaiting_verification',
      livemode: true,
    })
    await emulator.matchSms(session.id)
    expect(await gateway.payments.retrieve(session.id)).toMatchObject({
      status: 'succeeded',
      amount: { amount: 107_950, currency: 'BDT' },
    })

    await emulator.webhooks.settle()
    expect(received).toHaveLength(1)
    const request = received[0] as Request
    const event = await gateway.webhooks.verify({ rawBody: await request.text(), headers: request.headers })
    expect(event).toMatchObject({ type: 'payment.succeeded', nativeType: 'payment.completed' })
    expect(event.data).toMatchObject({ id: session.id, status: 'succeeded', reference: 'ORDER-7' })
  })

  it('writes times in Bangladesh time and expires payments 30 minutes after creation', async () => {
    const { gateway } = setup({ clock: createEmulatorClock(new Date('2026-06-12T08:30:00Z')) })
    const session = await gateway.sessions.create(order)
    expect(session.raw).toMatchObject({
      created_at: '2026-06-12T14:30:00+06:00',
      expires_at: '2026-06-12T15:00:00+06:00',
    })
    expect(session.expiresAt).toEqual(new Date('2026-06-12T09:00:00Z'))
    expect((await gateway.payments.retrieve(session.id)).createdAt).toEqual(new Date('2026-06-12T08:30:00Z'))
  })

  it('completes test-key payments on submission and returns the buyer with payment_id and invoice_id', async () => {
    const { emulator, gateway } = setup()
    const session = await gateway.sessions.create(order)
    const outcome = await emulator.submitTrxId(session.id, { trxId: 'TRX12345' })
    expect(outcome.status).toBe('completed')
    expect(outcome.redirectUrl).toBe(
      `https://shop.example.com/thanks?from=fastaar&payment_id=${session.id}&invoice_id=ORDER-7`,
    )
    expect((await gateway.sessions.retrieve(session.id)).status).toBe('complete')
  })

  it('fails a payment whose TrxID already paid another: duplicate_trx_id', async () => {
    const { emulator, gateway } = setup()
    const first = await gateway.sessions.create({ amount: order.amount, reference: 'A' })
    const second = await gateway.sessions.create({
      amount: order.amount,
      reference: 'B',
      cancelUrl: order.cancelUrl,
    })
    await emulator.submitTrxId(first.id, { trxId: 'SAMETRX1' })
    expect(await emulator.submitTrxId(second.id, { trxId: 'SAMETRX1' })).toEqual({
      status: 'failed',
      redirectUrl: `https://shop.example.com/cart?payment_id=${second.id}&invoice_id=B`,
    })
    expect(await gateway.payments.retrieve(second.id)).toMatchObject({
      status: 'failed',
      failureReason: 'duplicate_trx_id',
    })
  })

  it('lets an admin reject a payment: rejected_by_admin', async () => {
    const { emulator, gateway } = setup({ smsMatch: 'manual' })
    const session = await gateway.sessions.create(order)
    await emulator.submitTrxId(session.id, { trxId: 'TRX99999' })
    await emulator.rejectPayment(session.id)
    expect(await gateway.payments.retrieve(session.id)).toMatchObject({
      status: 'failed',
      failureReason: 'rejected_by_admin',
    })
  })

  it('expires an unpaid payment after 30 minutes, then lets the reference make a new one', async () => {
    const { emulator, gateway } = setup()
    const first = await gateway.sessions.create(order)
    emulator.clock.advance(EXPIRY_MS - 1000)
    expect((await gateway.payments.retrieve(first.id)).status).toBe('pending')
    emulator.clock.advance(1000)
    expect((await gateway.payments.retrieve(first.id)).status).toBe('expired')
    expect((await gateway.sessions.retrieve(first.id)).status).toBe('expired')
    const second = await gateway.sessions.create(order)
    expect(second.id).not.toBe(first.id)
    expect(second.created).toBe(true)
    expect(emulator.paymentsCreated).toBe(2)
  })

  it('returns the existing payment for a repeated reference (HTTP 200), never a second one', async () => {
    const { emulator, gateway } = setup()
    const first = await gateway.sessions.create(order)
    const again = await gateway.sessions.create(order)
    expect(again.id).toBe(first.id)
    expect([first.created, again.created]).toEqual([true, false])
    expect(emulator.paymentsCreated).toBe(1)
  })

  it('dropped after the payment was created: the retried create returns the same payment, never two', async () => {
    const { emulator, gateway } = setup()
    emulator.faults.inject({ type: 'drop', when: 'after' })
    const session = await gateway.sessions.create(order)
    expect(emulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /api/v1/payments',
      'POST /api/v1/payments',
    ])
    expect(emulator.paymentsCreated).toBe(1)
    expect(emulator.payments()).toHaveLength(1)
    expect(emulator.payments()[0]?.id).toBe(session.id)
    expect(session.created).toBe(false)
  })

  it('dropped after creation without a reference: not retried, the outcome is reported unknown', async () => {
    const { emulator, gateway } = setup()
    emulator.faults.inject({ type: 'drop', when: 'after' })
    const error = await gateway.sessions.create({ amount: order.amount }).catch((caught: unknown) => caught)
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect((error as ProviderUnavailableError).outcome).toBe('unknown')
    expect((error as ProviderUnavailableError).retryable).toBe(false)
    expect(emulator.requests).toHaveLength(1)
    expect(emulator.requestCount()).toBe(1)
    expect(emulator.paymentsCreated).toBe(1)
  })

  it('refunds in parts, lists the refunds, and refuses more than is left', async () => {
    const { emulator, gateway, received } = setup()
    const session = await gateway.sessions.create(order)
    await emulator.submitTrxId(session.id, { trxId: 'TRXREFUND' })
    const part = await gateway.payments.refund(session.id, { amount: { amount: 7_950, currency: 'BDT' } })
    expect(part).toMatchObject({
      status: 'succeeded',
      nativeStatus: 'partially_refunded',
      amountRefunded: { amount: 7_950, currency: 'BDT' },
    })
    const error = await gateway.payments
      .refund(session.id, { amount: { amount: 100_001, currency: 'BDT' } })
      .catch((caught: unknown) => caught)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).httpStatus).toBe(422)
    const rest = await gateway.payments.refund(session.id)
    expect(rest).toMatchObject({
      nativeStatus: 'refunded',
      amountRefunded: { amount: 107_950, currency: 'BDT' },
    })
    const refunds = await gateway.payments.listRefunds(session.id)
    // Newest first, as the official SDK reads them.
    expect(refunds.map((refund) => refund.amount.amount)).toEqual([100_000, 7_950])
    await emulator.webhooks.settle()
    expect(received.map((request) => request.headers.get('x-fastaar-event'))).toEqual([
      'payment.completed',
      'payment.refunded',
      'payment.refunded',
    ])
  })

  it('refuses to refund a payment that was never paid', async () => {
    const { gateway } = setup()
    const session = await gateway.sessions.create(order)
    const error = await gateway.payments.refund(session.id).catch((caught: unknown) => caught)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).message).toContain('Only completed payments can be refunded')
  })

  it.each(['links_and_meta', 'data_only'] as const)(
    'lists newest first with filters, and pages through everything (%s)',
    async (listPagination) => {
      const { emulator, gateway } = setup({ listPagination })
      const ids: string[] = []
      for (let i = 0; i < 5; i++) {
        ids.push(
          (
            await gateway.sessions.create({
              amount: { amount: 100 + i, currency: 'BDT' },
              reference: `O-${i}`,
            })
          ).id,
        )
        emulator.clock.advance(1000)
      }
      await emulator.submitTrxId(ids[1] as string, { trxId: 'TRXLIST01' })
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const page = await gateway.payments.list({ limit: 2, ...(cursor === undefined ? {} : { cursor }) })
        seen.push(...page.data.map((payment) => payment.id))
        cursor = page.nextCursor
      } while (cursor !== undefined)
      expect(seen).toEqual([...ids].reverse())
      expect((await gateway.payments.list({ status: 'succeeded' })).data.map((p) => p.id)).toEqual([ids[1]])
      expect((await gateway.payments.list({ reference: 'O-3' })).data.map((p) => p.id)).toEqual([ids[3]])
    },
  )

  it('limits each key to 120 requests a minute, with Retry-After, and can be switched off', async () => {
    const { emulator, gateway } = setup({}, { maxRetries: 0 })
    const session = await gateway.sessions.create(order)
    for (let i = 0; i < 119; i++) await gateway.payments.retrieve(session.id)
    const error = await gateway.payments.retrieve(session.id).catch((caught: unknown) => caught)
    expect(RateLimitError.isInstance(error)).toBe(true)
    expect((error as RateLimitError).retryAfterMs).toBe(60_000)
    emulator.clock.advance(60_000)
    expect((await gateway.payments.retrieve(session.id)).id).toBe(session.id)
    emulator.setRateLimit(false)
    for (let i = 0; i < 130; i++) await gateway.payments.retrieve(session.id)
  })

  it('refuses an unknown key, and keeps test and live payments apart', async () => {
    const { emulator, gateway } = setup({ apiKeys: ['fk_test_emulator', 'fk_live_emulator'] })
    const session = await gateway.sessions.create(order)
    const stranger = createFastaar({ apiKey: 'fk_test_stranger', fetch: emulator.fetch })
    expect(
      AuthenticationError.isInstance(await stranger.payments.retrieve(session.id).catch((e: unknown) => e)),
    ).toBe(true)
    const live = createFastaar({ apiKey: 'fk_live_emulator', fetch: emulator.fetch })
    expect(NotFoundError.isInstance(await live.payments.retrieve(session.id).catch((e: unknown) => e))).toBe(
      true,
    )
  })

  it('answers 409 duplicate_invoice_number in the newer invoice_number mode', async () => {
    const { gateway } = setup(
      { referenceField: 'invoice_number', onDuplicateInvoice: 'conflict' },
      { referenceField: 'invoice_number' },
    )
    const first = await gateway.sessions.create(order)
    expect(first.reference).toBe('ORDER-7')
    const error = await gateway.sessions.create(order).catch((caught: unknown) => caught)
    expect(DuplicateReferenceError.isInstance(error)).toBe(true)
    expect((error as DuplicateReferenceError).paymentId).toBe(first.id)
  })

  it('validates bodies as Fastaar would (422 with field errors)', async () => {
    // Sent by hand: the gateway's native client refuses this body itself, before sending.
    const { emulator, gateway } = setup()
    const body = { amount: '12.345', success_url: 'nope' }
    const response = await emulator.fetch('https://fastaar.com/api/v1/payments', {
      method: 'POST',
      headers: { authorization: 'Bearer fk_test_emulator', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(response.status).toBe(422)
    expect(Object.keys(((await response.json()) as { errors: object }).errors)).toEqual([
      'amount',
      'success_url',
    ])
    const refused = await gateway.native.createPayment({ body }).catch((caught: unknown) => caught)
    expect(InvalidRequestError.isInstance(refused)).toBe(true)
    expect((refused as InvalidRequestError).issues.map((issue) => issue.path)).toEqual([
      'amount',
      'success_url',
    ])
    expect(emulator.requestCount()).toBe(1)
  })

  it('retries a failed webhook delivery on the documented schedule: 1 min, 5 min, 30 min, 2 h, 12 h', async () => {
    const statuses: number[] = []
    const { emulator, gateway } = setup({
      webhooks: {
        secret: SECRET,
        url: 'https://shop.example.com/webhooks/fastaar',
        fetch: async (request) => {
          // Every attempt is freshly signed, on the emulator's (advanced) clock, and verifies.
          await verifySignature({
            provider: 'fastaar',
            rawBody: await request.text(),
            header: request.headers.get('x-fastaar-signature'),
            headerName: 'X-Fastaar-Signature',
            secret: SECRET,
            toleranceSeconds: 0,
            now: () => emulator.clock.now(),
          })
          statuses.push(500)
          return new Response('down', { status: 500 })
        },
      },
    })
    const session = await gateway.sessions.create(order)
    // The first attempt leaves at once: the control resolves once it ended.
    await emulator.submitTrxId(session.id, { trxId: 'TRXHOOKS1' })
    expect(statuses).toHaveLength(1)
    for (const delay of WEBHOOK_RETRY_DELAYS_MS) {
      const before = statuses.length
      await emulator.advance(delay - 1000)
      expect(statuses).toHaveLength(before)
      await emulator.advance(1000)
      expect(statuses).toHaveLength(before + 1)
    }
    await emulator.advance(48 * 60 * 60 * 1000)
    const [delivery] = emulator.webhooks.deliveries
    expect(statuses).toHaveLength(6)
    // The emulator's clock also follows real time, so allow the milliseconds the test itself takes.
    const gaps = (delivery?.attempts ?? [])
      .slice(1)
      .map((attempt, i) => attempt.at - (delivery?.attempts[i]?.at ?? 0))
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(WEBHOOK_RETRY_DELAYS_MS[i] ?? 0)
      expect(gap).toBeLessThan((WEBHOOK_RETRY_DELAYS_MS[i] ?? 0) + 500)
    })
    expect(delivery?.state).toBe('failed')
    expect(delivery?.nextAttemptAt).toBeUndefined()
  })
})
