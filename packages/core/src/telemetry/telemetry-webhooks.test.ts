// The webhook handler as OpenTelemetry sees it: one span per delivery, saying
// what became of it, the gateway's verify span and the user's own work under
// it, and the deliveries counter by outcome and refusal.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { afterEach, describe, expect, it } from 'vitest'
import { createRouter, createWebhookHandler, type WebhookHandlerOptions } from '../router/index.js'
import { idOf, inAppSpan, parentIdOf, registerOtel, resetOtel, traceIdOf } from './otel.test-support.js'
import { createTwin, emulatedFetch, twinDelivery } from './twin-gateway.test-support.js'

afterEach(resetOtel)

function handlerFor(options: Partial<WebhookHandlerOptions> = {}) {
  const beta = createTwin('beta', { apiKey: 'ak_test_b2', fetch: emulatedFetch().fetch })
  const router = createRouter({ gateways: [beta], route: 'beta' })
  const handled: string[] = []
  const handler = createWebhookHandler({
    webhooks: router.webhooks,
    onEvent: async (event) => {
      handled.push(event.id)
    },
    ...options,
  })
  return { handler, handled }
}

const DELIVER = 'paymux.webhooks.deliver'

/** The deliveries counter as `[attributes, count]` pairs. */
async function deliveries(sdk: ReturnType<typeof registerOtel>) {
  return (await sdk.points('paymux.webhook.deliveries')).map((point) => [point.attributes, point.value])
}

describe('a refused webhook', () => {
  it('a bad signature: refused by the gateway, its reason recorded, 400, status ERROR, counted', async () => {
    const sdk = registerOtel()
    const { handler, handled } = handlerFor()
    const response = await inAppSpan('POST /webhooks', async () =>
      handler(await twinDelivery('beta', 'evt_1', { secret: 'whsec_someone_else' })),
    )
    expect(response.status).toBe(400)
    expect(handled).toEqual([])

    const delivery = sdk.only(DELIVER)
    expect(parentIdOf(delivery)).toBe(idOf(sdk.only('POST /webhooks')))
    expect(delivery.kind).toBe(SpanKind.INTERNAL)
    expect(delivery.attributes).toEqual({
      'paymux.gateway': 'beta',
      'paymux.webhook.outcome': 'refused',
      'paymux.webhook.refusal': 'signature_mismatch',
      'paymux.webhook.verified': false,
      'paymux.webhook.duplicate': false,
      'http.response.status_code': 400,
      'paymux.outcome': 'error',
    })
    expect(delivery.status).toEqual({ code: SpanStatusCode.ERROR, message: 'signature_mismatch' })
    const [verify, ...more] = sdk.children(delivery)
    expect(more).toEqual([])
    expect(verify?.name).toBe('paymux.webhooks.verify')
    expect(verify?.attributes).toMatchObject({
      'paymux.gateway': 'beta',
      'paymux.outcome': 'error',
      'paymux.error.class': 'WebhookVerificationError',
    })
    expect(await deliveries(sdk)).toEqual([
      [
        {
          'paymux.gateway': 'beta',
          'paymux.webhook.outcome': 'refused',
          'paymux.webhook.refusal': 'signature_mismatch',
        },
        1,
      ],
    ])
  })

  it('a delivery no gateway recognizes: refused without a gateway', async () => {
    const sdk = registerOtel()
    const { handler } = handlerFor()
    const unsigned = new Request('https://shop.example/webhooks', { method: 'POST', body: '{"id":"evt_2"}' })
    expect((await handler(unsigned)).status).toBe(400)
    const delivery = sdk.only(DELIVER)
    expect(delivery.attributes).toMatchObject({
      'paymux.webhook.outcome': 'refused',
      'paymux.webhook.refusal': 'unrecognized_delivery',
      'paymux.webhook.verified': false,
    })
    expect(delivery.attributes).not.toHaveProperty('paymux.gateway')
    // No gateway was asked: nothing under the delivery span.
    expect(sdk.children(delivery)).toEqual([])
    expect(await deliveries(sdk)).toEqual([
      [{ 'paymux.webhook.outcome': 'refused', 'paymux.webhook.refusal': 'unrecognized_delivery' }, 1],
    ])
  })

  it('a GET (405) and a body over the limit (413): refused by the handler, each with its code', async () => {
    const sdk = registerOtel()
    const { handler } = handlerFor({ maxBodyBytes: 64 })
    expect((await handler(new Request('https://shop.example/webhooks'))).status).toBe(405)
    expect((await handler(await twinDelivery('beta', 'evt_3'))).status).toBe(413)
    const [get, large] = sdk.named(DELIVER)
    expect(get?.attributes).toEqual({
      'paymux.webhook.outcome': 'refused',
      'paymux.webhook.refusal': 'method_not_allowed',
      'paymux.webhook.verified': false,
      'paymux.webhook.duplicate': false,
      'http.response.status_code': 405,
      'paymux.outcome': 'error',
    })
    expect(get?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'method_not_allowed' })
    expect(large?.attributes).toMatchObject({
      'paymux.webhook.outcome': 'refused',
      'paymux.webhook.refusal': 'body_too_large',
      'http.response.status_code': 413,
    })
    expect(large?.status.code).toBe(SpanStatusCode.ERROR)
    expect(await deliveries(sdk)).toEqual([
      [{ 'paymux.webhook.outcome': 'refused', 'paymux.webhook.refusal': 'method_not_allowed' }, 1],
      [{ 'paymux.webhook.outcome': 'refused', 'paymux.webhook.refusal': 'body_too_large' }, 1],
    ])
  })
})

describe('a duplicate webhook', () => {
  it('handled once, then answered as a duplicate: two spans, two outcomes, counted apart', async () => {
    const sdk = registerOtel()
    const beta = createTwin('beta', { apiKey: 'ak_test_b2', fetch: emulatedFetch().fetch })
    const router = createRouter({ gateways: [beta], route: 'beta' })
    const handled: string[] = []
    const handler = createWebhookHandler({
      webhooks: router.webhooks,
      // The user's own work, traced as they would: it belongs under the delivery.
      onEvent: (event) =>
        trace.getTracer('test-app').startActiveSpan('fulfil order', async (span) => {
          handled.push(event.id)
          span.end()
        }),
    })
    const delivery = await twinDelivery('beta', 'evt_7')
    const first = await inAppSpan('POST /webhooks', () => handler(delivery.clone()))
    const second = await handler(delivery.clone())
    expect([first.status, second.status]).toEqual([200, 200])
    expect(handled).toEqual(['evt_7'])

    const [handledSpan, duplicateSpan] = sdk.named(DELIVER) as [ReadableSpan, ReadableSpan]
    expect(handledSpan.attributes).toEqual({
      'paymux.gateway': 'beta',
      'paymux.webhook.event_type': 'payment.succeeded',
      'paymux.webhook.event_id': 'evt_7',
      'paymux.webhook.verified': true,
      'paymux.webhook.duplicate': false,
      'paymux.webhook.outcome': 'handled',
      'http.response.status_code': 200,
      'paymux.outcome': 'success',
    })
    expect(handledSpan.status.code).toBe(SpanStatusCode.UNSET)
    expect(parentIdOf(handledSpan)).toBe(idOf(sdk.only('POST /webhooks')))
    expect(sdk.children(handledSpan).map((span) => span.name)).toEqual([
      'paymux.webhooks.verify',
      'fulfil order',
    ])
    expect(traceIdOf(sdk.only('fulfil order'))).toBe(traceIdOf(sdk.only('POST /webhooks')))

    expect(duplicateSpan.attributes).toEqual({
      'paymux.gateway': 'beta',
      'paymux.webhook.event_type': 'payment.succeeded',
      'paymux.webhook.event_id': 'evt_7',
      'paymux.webhook.verified': true,
      'paymux.webhook.duplicate': true,
      'paymux.webhook.outcome': 'duplicate',
      'http.response.status_code': 200,
      'paymux.outcome': 'success',
    })
    expect(duplicateSpan.status.code).toBe(SpanStatusCode.UNSET)
    // Not handled again: only the verify span under it.
    expect(sdk.children(duplicateSpan).map((span) => span.name)).toEqual(['paymux.webhooks.verify'])
    expect(await deliveries(sdk)).toEqual([
      [{ 'paymux.gateway': 'beta', 'paymux.webhook.outcome': 'handled' }, 1],
      [{ 'paymux.gateway': 'beta', 'paymux.webhook.outcome': 'duplicate' }, 1],
    ])
  })

  it('a failing onEvent: outcome failed, handler_failed, 500, status ERROR; its redelivery is handled', async () => {
    const sdk = registerOtel()
    let fail = true
    const { handler } = handlerFor({
      onEvent: async () => {
        if (fail) throw new Error('the order table is locked for alice@example.com')
      },
    })
    const delivery = await twinDelivery('beta', 'evt_8')
    expect((await handler(delivery.clone())).status).toBe(500)
    fail = false
    expect((await handler(delivery.clone())).status).toBe(200)
    const [failed, redelivered] = sdk.named(DELIVER)
    expect(failed?.attributes).toEqual({
      'paymux.gateway': 'beta',
      'paymux.webhook.event_type': 'payment.succeeded',
      'paymux.webhook.event_id': 'evt_8',
      'paymux.webhook.verified': true,
      'paymux.webhook.duplicate': false,
      'paymux.webhook.outcome': 'failed',
      'paymux.webhook.refusal': 'handler_failed',
      'http.response.status_code': 500,
      'paymux.outcome': 'error',
    })
    // The code, never the handler's message (it may quote personal data).
    expect(failed?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: expect.stringContaining('handler_failed'),
    })
    expect(JSON.stringify([failed?.attributes, failed?.status, failed?.events])).not.toContain('alice')
    expect(redelivered?.attributes['paymux.webhook.outcome']).toBe('handled')
    expect(await deliveries(sdk)).toEqual([
      [
        {
          'paymux.gateway': 'beta',
          'paymux.webhook.outcome': 'failed',
          'paymux.webhook.refusal': 'handler_failed',
        },
        1,
      ],
      [{ 'paymux.gateway': 'beta', 'paymux.webhook.outcome': 'handled' }, 1],
    ])
  })
})
