import { createHmac, timingSafeEqual } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import {
  createFastaarEmulator,
  EXPIRY_MS,
  type FastaarEmulator,
  type FastaarEmulatorOptions,
} from './index.js'

// The official Fastaar Next.js SDK (github.com/fastaar/fastaar-nextjs) is a second reader of the
// API. It cannot be installed here (not on the registry; its root pulls in Next and React), so its
// requests and its reading of answers are restated below from its source, HEAD v0.1.4 (the
// `invoice_number` generation) and its first commit v0.1.0 (the `invoice_id` generation), and its
// TYPES are restated as zod schemas: every required key present, with the type the SDK declares.

const optionalString = z.optional(z.string())

/** HEAD `Payment` (src/types.ts). */
const sdkPayment = z.object({
  id: z.string(),
  amount: z.string(),
  amount_due: z.string(),
  refunded_amount: z.string(),
  gateway_charge: z.string(),
  gateway_charge_type: z.union([z.literal('percentage'), z.literal('fixed'), z.null()]),
  gateway_charge_value: z.nullable(z.string()),
  currency: z.string(),
  livemode: z.boolean(),
  source: z.string(),
  status: z.string(),
  invoice_number: z.string(),
  customer_id: z.optional(z.number()),
  provider: optionalString,
  payment_method: optionalString,
  customer_trx_id: optionalString,
  customer_sender_number: optionalString,
  metadata: z.optional(z.record(z.string(), z.string())),
  failure_reason: optionalString,
  success_url: optionalString,
  cancel_url: optionalString,
  checkout_url: z.string(),
  expires_at: z.string(),
  verified_at: optionalString,
  created_at: z.string(),
})

/** HEAD `Refund`. */
const sdkRefund = z.object({
  id: z.number(),
  amount: z.string(),
  source: z.union([z.literal('api'), z.literal('panel')]),
  created_at: z.string(),
})

/** HEAD `WebhookEvent`. */
const sdkWebhookEvent = z.object({ event: z.string(), livemode: z.boolean(), data: sdkPayment })

/** HEAD `Customer`. */
const sdkCustomer = z.object({
  id: z.number(),
  name: z.string(),
  email: optionalString,
  phone: z.string(),
  address: optionalString,
  notes: optionalString,
  created_at: z.string(),
  updated_at: z.string(),
})

/** v0.1.0 `Payment`: the `invoice_id` generation. */
const sdkPaymentV010 = z.object({
  id: z.string(),
  amount: z.string(),
  invoice_id: optionalString,
  status: z.string(),
  checkout_url: z.string(),
  wallet_number: optionalString,
  payment_method: optionalString,
  trx_id: optionalString,
  livemode: z.boolean(),
  metadata: z.optional(z.record(z.string(), z.string())),
  created_at: z.string(),
  completed_at: optionalString,
})

/** v0.1.0 `WebhookEvent`. */
const sdkWebhookEventV010 = z.object({ event: z.string(), livemode: z.boolean(), data: sdkPaymentV010 })

/** How the SDK fails: its `FastaarError` carries the message, `errorType` and `statusCode`. */
class SdkError extends Error {
  constructor(
    message: string,
    readonly errorType: string,
    readonly statusCode: number,
  ) {
    super(message)
  }
}

/**
 * The SDK's private `request`: Bearer key and `Accept: application/json` always,
 * `Content-Type` only with a body; any answer that is not JSON, or not 2xx, is
 * an error read from `error.message` / `error.type`; success unwraps `data`.
 */
function sdkClient(emulator: FastaarEmulator, apiKey: string) {
  const sent: Request[] = []
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const outgoing = new Request(`https://fastaar.com${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${apiKey}`,
        Accept: 'application/json',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
    sent.push(outgoing.clone())
    const response = await emulator.fetch(outgoing)
    const payload = (await response.json().catch(() => null)) as {
      data?: unknown
      error?: { message?: string; type?: string }
    } | null
    if (!response.ok || payload === null) {
      throw new SdkError(
        payload?.error?.message ?? `Fastaar API returned HTTP ${response.status}.`,
        payload?.error?.type ?? 'api_error',
        response.status,
      )
    }
    return (payload.data ?? payload) as T
  }
  const query = (params: Record<string, string | number | undefined>) => {
    const defined = Object.entries(params).filter(
      (entry): entry is [string, string | number] => entry[1] !== undefined,
    )
    const text = new URLSearchParams(defined.map(([key, value]) => [key, String(value)])).toString()
    return text === '' ? '' : `?${text}`
  }
  const payments = (path = '') => `/api/v1/payments${path}`
  return {
    sent,
    createPayment: (params: Record<string, unknown>) => request<unknown>('POST', payments(), params),
    getPayment: (id: string) => request<unknown>('GET', payments(`/${encodeURIComponent(id)}`)),
    listPayments: (params: Record<string, string | number | undefined> = {}) =>
      request<unknown[]>('GET', payments(query(params))),
    /** HEAD's `findByInvoiceNumber`: the first of the list, "the most recent". */
    findByInvoiceNumber: async (invoice: string) =>
      (await request<{ id: string }[]>('GET', payments(query({ invoice_number: invoice }))))[0] ?? null,
    /** v0.1.0's `findByInvoiceId`. */
    findByInvoiceId: async (invoice: string) =>
      (await request<{ id: string }[]>('GET', payments(query({ invoice_id: invoice }))))[0] ?? null,
    refundPayment: (id: string, amount?: number | string) =>
      request<unknown>(
        'POST',
        payments(`/${encodeURIComponent(id)}/refund`),
        amount !== undefined ? { amount } : undefined,
      ),
    listRefunds: (id: string) => request<unknown[]>('GET', payments(`/${encodeURIComponent(id)}/refunds`)),
    listCustomers: (params: Record<string, string | number | undefined> = {}) =>
      request<unknown[]>('GET', `/api/v1/customers${query(params)}`),
    createCustomer: (params: Record<string, unknown>) =>
      request<unknown>('POST', '/api/v1/customers', params),
    getCustomer: (id: number) => request<unknown>('GET', `/api/v1/customers/${id}`),
    updateCustomer: (id: number, params: Record<string, unknown>) =>
      request<unknown>('PATCH', `/api/v1/customers/${id}`, params),
  }
}

/** The SDK's `verifyWebhookSignature`: the header's form, 300 s against the wall clock, HMAC of `t.body`. */
function sdkVerifies(secret: string, rawBody: string, header: string | null): boolean {
  const match = /^t=(\d+),v1=([a-f0-9]{64})$/.exec(header ?? '')
  if (match === null) return false
  const timestamp = Number(match[1])
  if (Math.abs(Date.now() / 1000 - timestamp) > 300) return false
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')
  return timingSafeEqual(Buffer.from(expected), Buffer.from(match[2] as string))
}

const SECRET = 'whsec_sdk_reader'

function emulatorFor(options: FastaarEmulatorOptions) {
  const received: { rawBody: string; signature: string | null; event: string | null }[] = []
  const emulator = createFastaarEmulator({
    rateLimit: false,
    smsMatch: 'manual',
    webhooks: {
      secret: SECRET,
      url: 'https://shop.example.com/api/fastaar/webhook',
      fetch: async (request) => {
        received.push({
          rawBody: await request.text(),
          signature: request.headers.get('x-fastaar-signature'),
          event: request.headers.get('x-fastaar-event'),
        })
        return new Response(null, { status: 200 })
      },
    },
    ...options,
  })
  return { emulator, received }
}

const HEAD_MODE = { referenceField: 'invoice_number', onDuplicateInvoice: 'conflict' } as const

describe('the official SDK, HEAD (invoice_number), against the emulator', () => {
  it('creates, gets and lists payments whose answers its Payment type accepts', async () => {
    const { emulator } = emulatorFor(HEAD_MODE)
    const sdk = sdkClient(emulator, 'fk_test_sdk')
    const created = sdkPayment.parse(
      await sdk.createPayment({
        amount: 1079.5,
        invoice_number: 'INV-1001',
        success_url: 'https://shop.example.com/thanks',
        cancel_url: 'https://shop.example.com/cart',
        metadata: { order: '1001' },
      }),
    )
    expect(created).toMatchObject({
      amount: '1079.50',
      invoice_number: 'INV-1001',
      status: 'pending',
      livemode: false,
    })
    // A decimal string amount, no return URLs, no metadata: the optional keys stay absent, never null.
    sdkPayment.parse(await sdk.createPayment({ amount: '25.50', invoice_number: 'INV-1002' }))
    expect(sdkPayment.parse(await sdk.getPayment(created.id)).id).toBe(created.id)
    const listed = await sdk.listPayments({
      status: 'pending',
      invoice_number: undefined,
      per_page: 10,
      page: 1,
    })
    expect(
      z
        .array(sdkPayment)
        .parse(listed)
        .map((payment) => payment.invoice_number),
    ).toEqual(['INV-1002', 'INV-1001'])
    // The SDK's own request shape: Content-Type only with a body.
    expect(sdk.sent.map((request) => [request.method, request.headers.get('content-type')])).toEqual([
      ['POST', 'application/json'],
      ['POST', 'application/json'],
      ['GET', null],
      ['GET', null],
    ])
  })

  it('findByInvoiceNumber gets the newest payment for that number; a repeat while active is 409 duplicate_invoice_number', async () => {
    const { emulator } = emulatorFor(HEAD_MODE)
    const sdk = sdkClient(emulator, 'fk_test_sdk')
    const first = sdkPayment.parse(await sdk.createPayment({ amount: 500, invoice_number: 'INV-7' }))
    await sdk.createPayment({ amount: 500, invoice_number: 'INV-8' })
    const conflict = await sdk
      .createPayment({ amount: 500, invoice_number: 'INV-7' })
      .catch((error: unknown) => error)
    expect(conflict).toBeInstanceOf(SdkError)
    expect(conflict).toMatchObject({ errorType: 'duplicate_invoice_number', statusCode: 409 })
    emulator.clock.advance(EXPIRY_MS)
    const second = sdkPayment.parse(await sdk.createPayment({ amount: 500, invoice_number: 'INV-7' }))
    expect(second.id).not.toBe(first.id)
    expect((await sdk.findByInvoiceNumber('INV-7'))?.id).toBe(second.id)
    expect(await sdk.findByInvoiceNumber('INV-NONE')).toBeNull()
  })

  it('refunds in full or in part (no body without an amount) and lists refunds newest first as its Refund type', async () => {
    const { emulator } = emulatorFor(HEAD_MODE)
    const sdk = sdkClient(emulator, 'fk_test_sdk')
    const payment = sdkPayment.parse(await sdk.createPayment({ amount: 500, invoice_number: 'INV-R' }))
    await emulator.submitTrxId(payment.id, { trxId: 'SDKREFUND1' })
    await emulator.matchSms(payment.id)
    const partial = sdkPayment.parse(await sdk.refundPayment(payment.id, '120.50'))
    expect(partial).toMatchObject({ status: 'partially_refunded', refunded_amount: '120.50' })
    await emulator.refundFromPanel(payment.id, 100)
    const full = sdkPayment.parse(await sdk.refundPayment(payment.id))
    expect(full).toMatchObject({ status: 'refunded', refunded_amount: '500.00' })
    const refundCall = sdk.sent.at(-1) as Request
    expect([refundCall.headers.get('content-type'), await refundCall.text()]).toEqual([null, ''])
    const refunds = z.array(sdkRefund).parse(await sdk.listRefunds(payment.id))
    expect(refunds.map((refund) => [refund.amount, refund.source])).toEqual([
      ['279.50', 'api'],
      ['100.00', 'panel'],
      ['120.50', 'api'],
    ])
    const refused = await sdk.refundPayment(payment.id, 1).catch((error: unknown) => error)
    expect(refused).toMatchObject({ statusCode: 422 })
  })

  it('creates, gets, updates and lists customers, and attaches one to a payment, as its Customer type reads them', async () => {
    const { emulator } = emulatorFor(HEAD_MODE)
    const sdk = sdkClient(emulator, 'fk_test_sdk')
    const created = sdkCustomer.parse(
      await sdk.createCustomer({ name: 'Rahim Uddin', phone: '01712345678', email: 'rahim@example.com' }),
    )
    sdkCustomer.parse(await sdk.createCustomer({ name: 'Karim', phone: '01812345678' }))
    expect(sdkCustomer.parse(await sdk.getCustomer(created.id))).toEqual(created)
    const updated = sdkCustomer.parse(await sdk.updateCustomer(created.id, { notes: 'VIP', email: null }))
    expect(updated).toMatchObject({ notes: 'VIP', name: 'Rahim Uddin' })
    expect(Object.keys(updated)).not.toContain('email')
    const listed = z
      .array(sdkCustomer)
      .parse(await sdk.listCustomers({ phone: '01712345678', per_page: 10, page: 1 }))
    expect(listed.map((customer) => customer.id)).toEqual([created.id])
    const payment = sdkPayment.parse(
      await sdk.createPayment({ amount: 500, invoice_number: 'INV-C', customer_id: created.id }),
    )
    expect(payment.customer_id).toBe(created.id)
  })

  it('gets JSON errors it can read: unknown payment, expired key, missing ability', async () => {
    const { emulator } = emulatorFor({
      ...HEAD_MODE,
      apiKeys: [
        { key: 'fk_test_old', expiresAt: 0 },
        { key: 'fk_test_reader', abilities: ['payments:read'] },
      ],
    })
    const missing = await sdkClient(emulator, 'fk_test_reader')
      .getPayment('01nope')
      .catch((error: unknown) => error)
    expect(missing).toMatchObject({ statusCode: 404, errorType: 'not_found', message: 'Payment not found.' })
    const expired = await sdkClient(emulator, 'fk_test_old')
      .listPayments()
      .catch((error: unknown) => error)
    expect(expired).toMatchObject({ statusCode: 401, errorType: 'authentication_error' })
    const denied = await sdkClient(emulator, 'fk_test_reader')
      .createPayment({ amount: 5, invoice_number: 'X' })
      .catch((error: unknown) => error)
    expect(denied).toMatchObject({ statusCode: 403, errorType: 'ability_denied' })
  })

  it('receives webhooks its verifier accepts and its WebhookEvent type reads', async () => {
    const { emulator, received } = emulatorFor(HEAD_MODE)
    const sdk = sdkClient(emulator, 'fk_live_sdk')
    const payment = sdkPayment.parse(await sdk.createPayment({ amount: 500, invoice_number: 'INV-W' }))
    await emulator.submitTrxId(payment.id, { trxId: 'SDKHOOK001', senderNumber: '01712345678' })
    await emulator.matchSms(payment.id)
    await sdk.refundPayment(payment.id)
    await emulator.webhooks.settle()
    expect(received.map((delivery) => delivery.event)).toEqual(['payment.completed', 'payment.refunded'])
    for (const delivery of received) {
      expect(sdkVerifies(SECRET, delivery.rawBody, delivery.signature)).toBe(true)
      const event = sdkWebhookEvent.parse(JSON.parse(delivery.rawBody))
      expect(event).toMatchObject({ livemode: true, data: { id: payment.id, invoice_number: 'INV-W' } })
    }
    expect(sdkVerifies('whsec_other', received[0]?.rawBody ?? '', received[0]?.signature ?? null)).toBe(false)
  })
})

describe('the official SDK, v0.1.0 (invoice_id), against the default emulator', () => {
  it('creates with an optional invoice_id, gets the existing payment back on a repeat, and finds it by invoice_id', async () => {
    const { emulator, received } = emulatorFor({})
    const sdk = sdkClient(emulator, 'fk_test_sdk')
    const first = sdkPaymentV010.parse(await sdk.createPayment({ amount: 500, invoice_id: 'ORDER-42' }))
    const repeat = sdkPaymentV010.parse(await sdk.createPayment({ amount: 500, invoice_id: 'ORDER-42' }))
    expect(repeat.id).toBe(first.id)
    sdkPaymentV010.parse(await sdk.createPayment({ amount: 700 }))
    expect((await sdk.findByInvoiceId('ORDER-42'))?.id).toBe(first.id)
    expect(z.array(sdkPaymentV010).parse(await sdk.listPayments())).toHaveLength(2)
    await emulator.submitTrxId(first.id, { trxId: 'SDKV010001' })
    await emulator.matchSms(first.id)
    await emulator.webhooks.settle()
    const [delivery] = received
    expect(sdkVerifies(SECRET, delivery?.rawBody ?? '', delivery?.signature ?? null)).toBe(true)
    expect(sdkWebhookEventV010.parse(JSON.parse(delivery?.rawBody ?? '')).data.id).toBe(first.id)
  })

  it("keeps the other generation's invoice_number: a retry is idempotent and findByInvoiceNumber finds only it", async () => {
    const { emulator } = emulatorFor({})
    const sdk = sdkClient(emulator, 'fk_test_sdk')
    const mine = (await sdk.createPayment({ amount: 500, invoice_number: 'INV-MINE' })) as { id: string }
    await sdk.createPayment({ amount: 500, invoice_number: 'INV-OTHER' })
    const again = (await sdk.createPayment({ amount: 500, invoice_number: 'INV-MINE' })) as { id: string }
    expect(again.id).toBe(mine.id)
    expect(emulator.paymentsCreated).toBe(2)
    expect((await sdk.findByInvoiceNumber('INV-MINE'))?.id).toBe(mine.id)
    expect(await sdk.findByInvoiceNumber('INV-NOBODY')).toBeNull()
  })
})
