import { createHash } from 'node:crypto'
import { WebhookVerificationError } from '@paymux/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DOCUMENTED_WEBHOOK_BODY } from './fixtures/paystar-documents.js'
import { createPaystar } from './paystar-gateway.js'
import type { PaystarSettings } from './paystar-settings.js'
import type { PaystarWebhookRequest } from './paystar-webhooks.js'

const SECRET = 'whsec_paystar_shared_secret'
const raw = JSON.stringify(DOCUMENTED_WEBHOOK_BODY)

function verify(request: PaystarWebhookRequest, settings: Partial<PaystarSettings> = {}) {
  return createPaystar({
    apiKey: 'ps_key',
    businessUnitSlug: 'acme-utilities',
    webhookSecret: SECRET,
    ...settings,
  }).webhooks.verify(request)
}

async function refusal(request: PaystarWebhookRequest, settings: Partial<PaystarSettings> = {}) {
  const error = await verify(request, settings).catch((e: unknown) => e)
  if (!WebhookVerificationError.isInstance(error)) throw new Error(`expected a refusal, got ${String(error)}`)
  return error
}

const withSecret = (body: string = raw) => ({
  rawBody: body,
  headers: { 'x-paystar-webhook-secret': SECRET },
})

describe('webhooks.verify: the documented Payment.Succeeded example', () => {
  it('becomes payment.succeeded with "300.34" as exactly 30034 cents', async () => {
    const before = Date.now()
    const event = await verify(withSecret())
    expect(event).toEqual({
      type: 'payment.succeeded',
      id: 'Payment.Succeeded:NYDVNT-WSQPG',
      ref: 'paystar:Payment.Succeeded:NYDVNT-WSQPG',
      provider: 'paystar',
      occurredAt: expect.any(Date),
      nativeType: 'Payment.Succeeded',
      raw: DOCUMENTED_WEBHOOK_BODY,
      data: {
        object: 'payment',
        id: 'NYDVNT-WSQPG',
        provider: 'paystar',
        ref: 'paystar:NYDVNT-WSQPG',
        status: 'succeeded',
        nativeStatus: 'Succeeded',
        amount: { amount: 30034, currency: 'USD' },
        raw: DOCUMENTED_WEBHOOK_BODY.payload,
      },
    })
    expect(event.occurredAt.getTime()).toBeGreaterThanOrEqual(before)
  })

  it('turns any dollar string into the exact cents, never through a float', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000_000_000 }), async (cents) => {
        const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
        const body = JSON.stringify({
          action: 'Payment.Succeeded',
          payload: { referenceNumber: 'R', amount },
        })
        const event = await verify(withSecret(body))
        expect(event.type === 'payment.succeeded' && event.data.amount).toEqual({
          amount: cents,
          currency: 'USD',
        })
      }),
      { numRuns: 200 },
    )
  })

  it('accepts the body as a Buffer and as an ArrayBuffer', async () => {
    const bytes = Buffer.from(raw)
    const headers = { 'X-Paystar-Webhook-Secret': SECRET }
    expect((await verify({ rawBody: bytes, headers })).id).toBe('Payment.Succeeded:NYDVNT-WSQPG')
    const copy = new Uint8Array(bytes).buffer
    expect((await verify({ rawBody: copy, headers: new Headers(headers) })).type).toBe('payment.succeeded')
  })

  it('reads clientReference as the neutral reference when the template sends it', async () => {
    const body = JSON.stringify({
      action: 'Payment.Succeeded',
      payload: { ...DOCUMENTED_WEBHOOK_BODY.payload, clientReference: 'order-42' },
    })
    const event = await verify(withSecret(body))
    expect(event.type === 'payment.succeeded' && event.data.reference).toBe('order-42')
  })
})

describe('webhooks.verify: the shared secret', () => {
  it('is accepted from the endpoint URL token', async () => {
    const event = await verify({ rawBody: raw, headers: {}, url: `/hooks/paystar?token=${SECRET}` })
    expect(event.type).toBe('payment.succeeded')
    const absolute = new URL(`https://shop.example/hooks?token=${SECRET}`)
    expect((await verify({ rawBody: raw, headers: {}, url: absolute })).type).toBe('payment.succeeded')
  })

  it('honours a custom header and query parameter name, and can refuse one place', async () => {
    const webhooks = { secretHeader: 'X-Hook-Key', secretQueryParameter: false } as const
    expect((await verify({ rawBody: raw, headers: { 'x-hook-key': SECRET } }, { webhooks })).type).toBe(
      'payment.succeeded',
    )
    const error = await refusal({ rawBody: raw, headers: {}, url: `/h?token=${SECRET}` }, { webhooks })
    expect(error.reason).toBe('missing_header')
    expect(error.message).toBe(
      'paystar: no shared secret in the delivery: expected it in the X-Hook-Key header',
    )
  })

  it('a wrong secret is refused', async () => {
    const error = await refusal({ rawBody: raw, headers: { 'x-paystar-webhook-secret': 'guess' } })
    expect(error.reason).toBe('signature_mismatch')
    expect(error.message).not.toContain(SECRET)
  })

  it('a secret with stray whitespace is refused, and the message says so', async () => {
    const error = await refusal({ rawBody: raw, headers: { 'x-paystar-webhook-secret': `${SECRET} ` } })
    expect(error.message).toContain('surrounding whitespace')
  })

  it('no secret in the delivery says where it was looked for', async () => {
    const error = await refusal({ rawBody: raw, headers: {} })
    expect(error.reason).toBe('missing_header')
    expect(error.message).toBe(
      'paystar: no shared secret in the delivery: expected it in the X-Paystar-Webhook-Secret header or the "token" query parameter of the URL (pass url to verify())',
    )
  })

  it('without webhookSecret nothing is accepted', async () => {
    const paystar = createPaystar({ apiKey: 'ps_key', businessUnitSlug: 'acme-utilities' })
    const error = await paystar.webhooks.verify(withSecret()).catch((e: unknown) => e)
    expect(WebhookVerificationError.isInstance(error) && error.reason).toBe('missing_secret')
  })

  it('a parsed body is refused with a hint about body parsers', async () => {
    const error = await refusal({ rawBody: DOCUMENTED_WEBHOOK_BODY as never, headers: withSecret().headers })
    expect(error.reason).toBe('invalid_body')
    expect(error.message).toContain('body parser')
  })
})

describe('webhooks.verify: normalizing actions', () => {
  it('AutoPay.Enrolled and AutoPay.Unenrolled become subscription events keyed by the account', async () => {
    const enrolled = JSON.stringify({ action: 'AutoPay.Enrolled', payload: { accountNumber: 'ACC-12345' } })
    const event = await verify(withSecret(enrolled))
    const digest = createHash('sha256').update(enrolled).digest('hex')
    expect(event).toMatchObject({
      type: 'subscription.created',
      id: `AutoPay.Enrolled:${digest}`,
      nativeType: 'AutoPay.Enrolled',
      data: { object: 'subscription', id: 'ACC-12345', ref: 'paystar:ACC-12345', status: 'Enrolled' },
    })
    const unenrolled = JSON.stringify({
      action: 'AutoPay.Unenrolled',
      payload: { accountNumber: 'ACC-12345' },
    })
    expect(await verify(withSecret(unenrolled))).toMatchObject({
      type: 'subscription.canceled',
      data: { id: 'ACC-12345', status: 'Unenrolled' },
    })
  })

  it('any other action arrives as unknown with its payload, never as an error', async () => {
    const body = JSON.stringify({ action: 'Paperless.Enrolled', payload: { accountNumber: 'A' } })
    expect(await verify(withSecret(body))).toMatchObject({
      type: 'unknown',
      nativeType: 'Paperless.Enrolled',
      data: { accountNumber: 'A' },
    })
  })

  it('the same delivery twice has the same id (for deduplication)', async () => {
    const body = JSON.stringify({ action: 'AutoPay.Enrolled', payload: {} })
    expect((await verify(withSecret(body))).id).toBe((await verify(withSecret(body))).id)
  })

  it.each([
    ['not JSON', '{"action":', 'invalid_body'],
    ['no action', '{"payload":{}}', 'invalid_payload'],
    [
      'a payment without amount',
      '{"action":"Payment.Succeeded","payload":{"referenceNumber":"R"}}',
      'invalid_payload',
    ],
    ['a payment without id', '{"action":"Payment.Succeeded","payload":{"amount":"1.00"}}', 'invalid_payload'],
    [
      'a fraction of a cent',
      '{"action":"Payment.Succeeded","payload":{"referenceNumber":"R","amount":"300.345"}}',
      'invalid_payload',
    ],
    [
      'a formatted amount',
      '{"action":"Payment.Succeeded","payload":{"referenceNumber":"R","amount":"$300.34"}}',
      'invalid_payload',
    ],
  ])('an authenticated delivery with %s is refused, never guessed', async (_, body, reason) => {
    const error = await refusal(withSecret(body))
    expect(error.reason).toBe(reason)
  })

  it.each([
    ['no action', '{"payload":{}}', 'action'],
    [
      'a payment without amount',
      '{"action":"Payment.Succeeded","payload":{"referenceNumber":"R"}}',
      'payload.amount',
    ],
    [
      'a payment without id',
      '{"action":"Payment.Succeeded","payload":{"amount":"1.00"}}',
      'payload.referenceNumber',
    ],
    [
      'a payment with a blank id',
      '{"action":"Payment.Succeeded","payload":{"referenceNumber":" ","amount":"1"}}',
      'payload.referenceNumber',
    ],
  ])('the delivery schema names what %s lacks', async (_, body, field) => {
    const error = await refusal(withSecret(body))
    expect(error.reason).toBe('invalid_payload')
    expect(error.message).toContain(`${field}: `)
  })

  it('another action’s payload passes untouched, whatever it holds', async () => {
    const body = JSON.stringify({ action: 'Paperless.Enrolled', payload: ['not', 'an', 'object'] })
    expect(await verify(withSecret(body))).toMatchObject({ type: 'unknown', data: ['not', 'an', 'object'] })
  })

  it('a bad amount names the field', async () => {
    const body = '{"action":"Payment.Succeeded","payload":{"referenceNumber":"R","amount":"300.345"}}'
    expect((await refusal(withSecret(body))).message).toContain('payload.amount')
  })
})

describe('webhooks.recognizes', () => {
  const gateway = (settings: Partial<PaystarSettings> = {}) =>
    createPaystar({
      apiKey: 'ps_key',
      businessUnitSlug: 'acme-utilities',
      webhookSecret: SECRET,
      ...settings,
    })

  it('recognizes the secret header or the URL token, whatever their value', () => {
    expect(
      gateway().webhooks.recognizes({ rawBody: raw, headers: { 'X-Paystar-Webhook-Secret': 'wrong' } }),
    ).toBe(true)
    expect(gateway().webhooks.recognizes({ rawBody: raw, headers: {}, url: '/hooks?token=x' })).toBe(true)
    expect(
      gateway().webhooks.recognizes({ rawBody: raw, headers: { 'X-Webhook-Signature': 't=1,v1=0' } }),
    ).toBe(false)
  })

  it('looks only where it is configured to look', () => {
    const headerOnly = gateway({ webhooks: { secretQueryParameter: false } })
    expect(headerOnly.webhooks.recognizes({ rawBody: raw, headers: {}, url: '/hooks?token=x' })).toBe(false)
  })
})
