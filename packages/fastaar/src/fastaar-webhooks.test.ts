import { createHmac } from 'node:crypto'
import { WebhookVerificationError } from '@paymux/core'
import { describe, expect, it } from 'vitest'
import { createFastaar } from './fastaar-gateway.js'
import { paymentCompletedWebhook } from './fixtures/fastaar-documents.js'

const SECRET = 'whsec_fastaar_test'
const gateway = createFastaar({ apiKey: 'fk_test_abc', webhookSecret: SECRET })

// Signed independently of core's verifier, as the documents describe: HMAC-SHA256 of "{t}.{raw_body}".
function sign(rawBody: string, secret = SECRET, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex')}`
}

function delivery(body: unknown, options: { secret?: string; t?: number; event?: string } = {}) {
  const rawBody = JSON.stringify(body)
  const event = options.event ?? (body as { event: string }).event
  return {
    rawBody,
    headers: { 'X-Fastaar-Event': event, 'X-Fastaar-Signature': sign(rawBody, options.secret, options.t) },
  }
}

async function refusal(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.catch((caught: unknown) => caught)
  if (WebhookVerificationError.isInstance(error)) return error
  throw new Error(`expected a WebhookVerificationError, got ${String(error)}`)
}

describe('webhooks.verify', () => {
  it('verifies the documented payment.completed delivery and normalizes it exactly', async () => {
    const event = await gateway.webhooks.verify(delivery(paymentCompletedWebhook))
    expect(event).toEqual({
      type: 'payment.succeeded',
      id: '01jxyz...:payment.completed',
      provider: 'fastaar',
      ref: 'fastaar:01jxyz...:payment.completed',
      occurredAt: new Date('2026-06-12T08:36:00.000Z'),
      nativeType: 'payment.completed',
      data: {
        object: 'payment',
        id: '01jxyz...',
        provider: 'fastaar',
        ref: 'fastaar:01jxyz...',
        status: 'succeeded',
        nativeStatus: 'completed',
        amount: { amount: 50000, currency: 'BDT' },
        metadata: { channel: 'web' },
        createdAt: new Date('2026-06-12T08:30:00.000Z'),
        raw: paymentCompletedWebhook.data,
      },
      raw: paymentCompletedWebhook,
    })
  })

  it('accepts the raw body as bytes, and headers in any case', async () => {
    const { rawBody, headers } = delivery(paymentCompletedWebhook)
    const event = await gateway.webhooks.verify({
      rawBody: new TextEncoder().encode(rawBody),
      headers: new Headers({ 'x-fastaar-signature': headers['X-Fastaar-Signature'] }),
    })
    expect(event.type).toBe('payment.succeeded')
  })

  it.each([
    ['payment.failed', 'failed', 'payment.failed'],
    ['payment.expired', 'expired', 'payment.expired'],
  ])('maps %s to %s', async (nativeEvent, status, type) => {
    const body = {
      ...paymentCompletedWebhook,
      event: nativeEvent,
      data: { ...paymentCompletedWebhook.data, status },
    }
    const event = await gateway.webhooks.verify(delivery(body))
    expect(event.type).toBe(type)
    expect(event.id).toBe(`01jxyz...:${nativeEvent}`)
  })

  it('keys each partial refund apart, so a second one is not taken for a redelivery', async () => {
    const refunded = (amount: string) => ({
      ...paymentCompletedWebhook,
      event: 'payment.refunded',
      data: {
        ...paymentCompletedWebhook.data,
        status: 'partially_refunded',
        refunded_amount: amount,
        livemode: false,
      },
    })
    const first = await gateway.webhooks.verify(delivery(refunded('100.00')))
    const second = await gateway.webhooks.verify(delivery(refunded('250.00')))
    expect(first.type).toBe('payment.refunded')
    expect(first.id).toBe('01jxyz...:payment.refunded:100.00')
    expect(second.id).toBe('01jxyz...:payment.refunded:250.00')
    expect(first.livemode).toBe(false)
    if (second.type !== 'payment.refunded') throw new Error('narrowing')
    expect(second.data.amountRefunded).toEqual({ amount: 25000, currency: 'BDT' })
  })

  it('delivers an event paymux does not know as unknown, never as an error', async () => {
    const body = { event: 'payment.awaiting_verification', data: { id: '01jxyz...', anything: true } }
    const event = await gateway.webhooks.verify(delivery(body))
    expect(event).toMatchObject({
      type: 'unknown',
      nativeType: 'payment.awaiting_verification',
      data: body.data,
    })
  })

  it('refuses a delivery older than 5 minutes, and one from the future', async () => {
    const now = Math.floor(Date.now() / 1000)
    expect((await gateway.webhooks.verify(delivery(paymentCompletedWebhook, { t: now - 290 }))).type).toBe(
      'payment.succeeded',
    )
    for (const t of [now - 310, now + 310]) {
      const error = await refusal(gateway.webhooks.verify(delivery(paymentCompletedWebhook, { t })))
      expect(error.reason).toBe('timestamp_out_of_tolerance')
    }
  })

  it('checks timestamps against the clock it is given, such as an emulator’s', async () => {
    const emulatorNow = Date.parse('2026-01-01T00:00:00Z')
    const t = emulatorNow / 1000
    const onEmulatorTime = createFastaar({
      apiKey: 'fk_test_abc',
      webhookSecret: SECRET,
      now: () => emulatorNow,
    })
    expect((await onEmulatorTime.webhooks.verify(delivery(paymentCompletedWebhook, { t }))).type).toBe(
      'payment.succeeded',
    )
    const error = await refusal(gateway.webhooks.verify(delivery(paymentCompletedWebhook, { t })))
    expect(error.reason).toBe('timestamp_out_of_tolerance')
  })

  it('refuses a tampered body and a wrong secret', async () => {
    const signed = delivery(paymentCompletedWebhook)
    const tampered = { ...signed, rawBody: signed.rawBody.replace('500.00', '5000.00') }
    expect((await refusal(gateway.webhooks.verify(tampered))).reason).toBe('signature_mismatch')
    const wrong = delivery(paymentCompletedWebhook, { secret: 'whsec_other' })
    expect((await refusal(gateway.webhooks.verify(wrong))).reason).toBe('signature_mismatch')
  })

  it('refuses when no secret is configured, and explains a parsed body', async () => {
    for (const webhookSecret of [undefined, '', '  ']) {
      const unconfigured = createFastaar({
        apiKey: 'fk_test_abc',
        ...(webhookSecret === undefined ? {} : { webhookSecret }),
      })
      const missing = await refusal(unconfigured.webhooks.verify(delivery(paymentCompletedWebhook)))
      expect(missing.reason).toBe('missing_secret')
      // The setting is webhookSecret; core's verifySignature would say `secret`, its own option.
      expect(missing.message).toContain('createFastaar({ webhookSecret })')
      expect(missing.message).not.toContain('`secret`')
    }
    const { headers } = delivery(paymentCompletedWebhook)
    const parsed = await refusal(
      gateway.webhooks.verify({ rawBody: paymentCompletedWebhook as never, headers }),
    )
    expect(parsed.reason).toBe('invalid_body')
    expect(parsed.message).toContain('not the parsed JSON object')
  })

  it('refuses an X-Fastaar-Event header that contradicts the signed body', async () => {
    const error = await refusal(
      gateway.webhooks.verify(delivery(paymentCompletedWebhook, { event: 'payment.refunded' })),
    )
    expect(error.reason).toBe('invalid_payload')
  })

  it('refuses a signed body that is not a Fastaar event', async () => {
    const noData = await refusal(gateway.webhooks.verify(delivery({ event: 'payment.completed' })))
    expect(noData.reason).toBe('invalid_payload')
    const badPayment = { ...paymentCompletedWebhook, data: { id: '01jxyz...', status: 'completed' } }
    expect((await refusal(gateway.webhooks.verify(delivery(badPayment)))).reason).toBe('invalid_payload')
  })
})

describe('webhooks.recognizes', () => {
  it('recognizes a delivery by its X-Fastaar-Signature header, without checking it', () => {
    expect(
      gateway.webhooks.recognizes?.({ rawBody: '{}', headers: { 'x-fastaar-signature': 't=1,v1=00' } }),
    ).toBe(true)
    expect(
      gateway.webhooks.recognizes?.({ rawBody: '{}', headers: { 'X-Webhook-Signature': 't=1,v1=00' } }),
    ).toBe(false)
  })
})
