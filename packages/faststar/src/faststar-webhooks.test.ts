import { createHmac } from 'node:crypto'
import { type WebhookEvent, WebhookVerificationError } from '@paymux/core'
import { describe, expect, it } from 'vitest'
import { FASTSTAR_EVENT_TYPES } from './faststar-event-types.js'
import { signFastStarTestWebhook } from './faststar-webhooks.js'
import { envelope, guideEventTypes, guideWebhookBody } from './fixtures/faststar-examples.js'
import { faststar, gateway, PREFIX, rejection, useNock } from './test-support.js'

useNock()

const SECRET = 'whsec_test_0123456789'
const SIGNED_AT = guideWebhookBody.created
const now = () => SIGNED_AT * 1000 + 30_000

/** Signs as the webhooks guide describes, with node:crypto, independently of the code under test. */
function sign(rawBody: string, timestamp = SIGNED_AT, secret = SECRET) {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')
  return {
    'X-Webhook-Signature': `t=${timestamp},v1=${v1}`,
    'X-Webhook-ID': 'evt_1',
    'X-Webhook-Timestamp': String(timestamp),
  }
}

const client = (settings = {}) => gateway({ webhookSecret: SECRET, now, ...settings })
const rawBody = JSON.stringify(guideWebhookBody)

describe('webhooks.verify', () => {
  it('accepts the guide’s delivery and normalizes it exactly', async () => {
    const event = await client().webhooks.verify({ rawBody, headers: sign(rawBody) })
    expect(event).toEqual({
      type: 'payment.succeeded',
      id: 'evt_1',
      provider: 'faststar',
      ref: 'faststar:evt_1',
      occurredAt: new Date(1769900000 * 1000),
      nativeType: 'payment.succeeded',
      livemode: true,
      webhookId: 'evt_1',
      data: {
        object: 'payment',
        id: 'pi_1',
        provider: 'faststar',
        ref: 'faststar:pi_1',
        status: 'succeeded',
        nativeStatus: 'succeeded',
        amount: { amount: 1999, currency: 'USD' },
        livemode: true,
        raw: guideWebhookBody.data,
      },
      raw: guideWebhookBody,
    })
  })

  it('accepts bytes as well as text, and any header casing', async () => {
    const headers = Object.fromEntries(
      Object.entries(sign(rawBody)).map(([name, value]) => [name.toLowerCase(), value]),
    )
    const event = await client().webhooks.verify({ rawBody: new TextEncoder().encode(rawBody), headers })
    expect(event.id).toBe('evt_1')
  })

  it.each([
    [
      'a tampered body',
      { rawBody: rawBody.replace('1999', '9999'), headers: sign(rawBody) },
      'signature_mismatch',
    ],
    ['another secret', { rawBody, headers: sign(rawBody, SIGNED_AT, 'whsec_other') }, 'signature_mismatch'],
    ['no signature header', { rawBody, headers: {} }, 'missing_header'],
    ['a malformed header', { rawBody, headers: { 'X-Webhook-Signature': 'v1=abc' } }, 'malformed_header'],
    [
      'a stale delivery (6 minutes old)',
      { rawBody, headers: sign(rawBody, SIGNED_AT - 330) },
      'timestamp_out_of_tolerance',
    ],
    [
      'a delivery from the future',
      { rawBody, headers: sign(rawBody, SIGNED_AT + 400) },
      'timestamp_out_of_tolerance',
    ],
    [
      'a parsed body instead of the raw one',
      { rawBody: guideWebhookBody, headers: sign(rawBody) },
      'invalid_body',
    ],
  ])('refuses %s', async (_name, request, reason) => {
    const error = await rejection(client().webhooks.verify(request as never))
    expect(WebhookVerificationError.isInstance(error)).toBe(true)
    expect((error as WebhookVerificationError).reason).toBe(reason)
  })

  it('honours a configured tolerance', async () => {
    const old = sign(rawBody, SIGNED_AT - 330)
    await expect(
      client({ webhookToleranceSeconds: 600 }).webhooks.verify({ rawBody, headers: old }),
    ).resolves.toBeDefined()
  })

  it('without a secret, refuses and says how to fix it, naming the real setting', async () => {
    for (const webhookSecret of [undefined, '', '  ']) {
      const settings = webhookSecret === undefined ? { now } : { now, webhookSecret }
      const error = await rejection(gateway(settings).webhooks.verify({ rawBody, headers: sign(rawBody) }))
      expect(error).toMatchObject({ reason: 'missing_secret' })
      expect((error as Error).message).toContain('createFastStar({ webhookSecret })')
      expect((error as Error).message).not.toContain('`secret`')
    }
  })

  it('a signed body that is not the documented shape is invalid_payload', async () => {
    const body = JSON.stringify({ ...guideWebhookBody, data: { amount: 1999 } })
    const error = await rejection(client().webhooks.verify({ rawBody: body, headers: sign(body) }))
    expect(error).toMatchObject({ reason: 'invalid_payload' })
    expect((error as Error).message).toContain('data.payment_id')
  })

  it.each([
    ['an array', []],
    ['a string', 'pi_1'],
    ['null', null],
  ])('a signed body whose data is %s is invalid_payload, naming data', async (_name, data) => {
    const body = JSON.stringify({ ...guideWebhookBody, type: 'payout.paid', data })
    const error = await rejection(client().webhooks.verify({ rawBody: body, headers: sign(body) }))
    expect(error).toMatchObject({ reason: 'invalid_payload' })
    expect((error as Error).message).toContain('data: must be an object')
  })

  it('signFastStarTestWebhook makes headers your endpoint can verify', async () => {
    const headers = await signFastStarTestWebhook({ secret: SECRET, rawBody, timestamp: SIGNED_AT })
    expect(headers).toEqual({ 'Content-Type': 'application/json', ...sign(rawBody) })
    expect((await client().webhooks.verify({ rawBody, headers })).id).toBe('evt_1')
  })
})

describe('every documented event type', () => {
  const data: Record<string, Record<string, unknown>> = {
    payment: { payment_id: 'pi_1', amount: 500, currency: 'EUR' },
    subscription: { subscription_id: 'sub_1', status: 'active', customer_id: 'cus_1' },
    dispute: {
      dispute_id: 'dp_1',
      payment_id: 'pi_1',
      amount: 500,
      currency: 'EUR',
      status: 'open',
      reason: 'fraudulent',
    },
    other: { id: 'obj_1' },
  }

  it.each(guideEventTypes)('%s', async (type) => {
    const family = type.split('.')[0] ?? ''
    const body = JSON.stringify({ ...guideWebhookBody, type, data: data[family] ?? data.other })
    const event: WebhookEvent = await client().webhooks.verify({ rawBody: body, headers: sign(body) })
    expect(event.type).toBe(FASTSTAR_EVENT_TYPES[type])
    expect(event.nativeType).toBe(type)
    switch (event.type) {
      case 'payment.succeeded':
      case 'payment.refunded':
        expect(event.data).toMatchObject({
          id: 'pi_1',
          status: 'succeeded',
          amount: { amount: 500, currency: 'EUR' },
        })
        break
      case 'payment.failed':
        expect(event.data.status).toBe('failed')
        break
      case 'payment.canceled':
        expect(event.data.status).toBe('canceled')
        break
      case 'subscription.created':
      case 'subscription.updated':
      case 'subscription.canceled':
        expect(event.data).toMatchObject({
          object: 'subscription',
          id: 'sub_1',
          status: 'active',
          customerId: 'cus_1',
        })
        break
      case 'dispute.created':
      case 'dispute.updated':
      case 'dispute.closed':
        expect(event.data).toMatchObject({
          object: 'dispute',
          id: 'dp_1',
          paymentId: 'pi_1',
          amount: { amount: 500, currency: 'EUR' },
          reason: 'fraudulent',
        })
        break
      default:
        expect(event).toMatchObject({ type: 'unknown', data: data.other })
    }
  })

  it('an event type FastStar adds later arrives as unknown, not as an error', async () => {
    const body = JSON.stringify({ ...guideWebhookBody, type: 'payout.paid', data: { id: 'po_1' } })
    expect(await client().webhooks.verify({ rawBody: body, headers: sign(body) })).toMatchObject({
      type: 'unknown',
      nativeType: 'payout.paid',
    })
  })

  it('payment.refunded keeps the payment succeeded: refunds do not undo it', async () => {
    const body = JSON.stringify({
      ...guideWebhookBody,
      type: 'payment.refunded',
      data: { payment_id: 'pi_1', amount: 1999, currency: 'USD', status: 'refunded' },
    })
    const event = await client().webhooks.verify({ rawBody: body, headers: sign(body) })
    expect(event.data).toMatchObject({ status: 'succeeded', nativeStatus: 'refunded' })
  })
})

describe('webhooks.verifyRemote', () => {
  it('sends the raw body and the whole signature header to /public/verify-signature', async () => {
    const headers = sign(rawBody)
    faststar()
      .post(`${PREFIX}/public/verify-signature`, {
        provider_name: 'acme',
        payload: rawBody,
        signature: headers['X-Webhook-Signature'],
      })
      .reply(200, envelope({ valid: true }))
    expect(await client().webhooks.verifyRemote({ rawBody, headers, providerName: 'acme' })).toBe(true)
  })

  it('refuses locally when there is no signature header', async () => {
    const error = await rejection(
      client().webhooks.verifyRemote({ rawBody, headers: {}, providerName: 'acme' }),
    )
    expect(error).toMatchObject({ reason: 'missing_header' })
  })
})

describe('webhooks.recognizes', () => {
  it('recognizes a delivery by its X-Webhook-Signature header, without checking it', () => {
    expect(
      client().webhooks.recognizes({ rawBody, headers: sign(rawBody, SIGNED_AT, 'another secret') }),
    ).toBe(true)
    expect(client().webhooks.recognizes({ rawBody, headers: { 'X-Fastaar-Signature': 't=1,v1=00' } })).toBe(
      false,
    )
  })
})
