// A broken tracer or meter costs the spans, never the payment: every call
// returns what it returns with telemetry off, and a failing call throws the
// same error.
import { afterEach, describe, expect, it } from 'vitest'
import { createAcme } from '../adapter-kit/example/acme-gateway.js'
import { isPaymentError } from '../errors/index.js'
import { createRouter, createWebhookHandler } from '../router/index.js'
import { paymentErrorOf } from '../testing/index.js'
import type { TelemetryMeter, TelemetryOption, TelemetryTracer } from './index.js'
import { resetOtel } from './otel.test-support.js'
import { createTwin, emulatedFetch, twinDelivery } from './twin-gateway.test-support.js'

afterEach(resetOtel)

const SESSION = {
  amount: { amount: 1999, currency: 'USD' },
  successUrl: 'https://shop.example/t',
  reference: 'ORDER-F',
}

const broken = () => {
  throw new Error('telemetry backend down')
}

/** An object whose every method throws. */
const throwingObject = (methods: readonly string[]) =>
  Object.fromEntries(methods.map((name) => [name, broken]))

const SPAN_METHODS = [
  'spanContext',
  'setAttribute',
  'setAttributes',
  'addEvent',
  'addLink',
  'addLinks',
  'setStatus',
  'updateName',
  'end',
  'isRecording',
  'recordException',
]

const throwingTracer: TelemetryTracer = { startSpan: broken }
const tracerOfBrokenSpans: TelemetryTracer = { startSpan: () => throwingObject(SPAN_METHODS) }
const throwingMeter: TelemetryMeter = { createHistogram: broken, createCounter: broken }
const meterOfBrokenInstruments: TelemetryMeter = {
  createHistogram: () => throwingObject(['record']),
  createCounter: () => throwingObject(['add']),
}

/** Everything a user does, through gateways, a router and a webhook handler with `telemetry`: what came back. */
async function outcomes(telemetry: TelemetryOption) {
  const { fetch } = emulatedFetch(['reset'])
  const settings = { fetch, backoff: { initialDelayMs: 0 }, telemetry }
  const acme = createAcme({ apiKey: 'ak_test_f1', ...settings })
  const beta = createTwin('beta', { apiKey: 'ak_test_f2', ...settings })
  const router = createRouter({ gateways: [acme, beta], route: 'acme', telemetry })
  const handler = createWebhookHandler({
    webhooks: router.webhooks,
    onEvent: async () => undefined,
    telemetry,
  })
  const settle = (promise: Promise<unknown>) =>
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({
        error: isPaymentError(error)
          ? { name: error.name, code: error.code, message: error.message, httpStatus: error.httpStatus }
          : error,
      }),
    )
  const delivery = await twinDelivery('beta', 'evt_f1')
  const status = async (request: Request) => (await handler(request)).status
  return {
    // A retried create, then a read, through the router.
    created: await settle(router.sessions.create(SESSION)),
    read: await settle(router.sessions.retrieve('acme:cs_1')),
    // Failing calls: a 404, an input refused before sending, a direct native 404.
    missing: await settle(router.sessions.retrieve('acme:cs_404')),
    refused: await settle(
      acme.sessions.create({ amount: { amount: 5, currency: 'JPY' }, successUrl: 'https://x.example' }),
    ),
    native: await settle(acme.native.retrievePayment({ params: { paymentId: 'pay_404' } })),
    nativeFound: await settle(acme.native.retrievePayment({ params: { paymentId: 'pay_1' } })),
    webhooks: [
      await status(delivery.clone()),
      await status(delivery.clone()),
      await status(await twinDelivery('beta', 'evt_f2', { secret: 'whsec_wrong' })),
      await status(new Request('https://shop.example/webhooks')),
    ],
  }
}

describe('telemetry never changes an outcome', () => {
  const cases: [string, TelemetryOption][] = [
    ['a tracer whose startSpan throws', { tracer: throwingTracer }],
    ['a tracer whose spans throw from every method', { tracer: tracerOfBrokenSpans }],
    ['a meter whose createHistogram and createCounter throw', { meter: throwingMeter }],
    ['a meter whose instruments throw', { meter: meterOfBrokenInstruments }],
    ['all of them at once', { tracer: tracerOfBrokenSpans, meter: meterOfBrokenInstruments }],
  ]
  for (const [name, telemetry] of cases) {
    it(`${name}: every call answers as it does with telemetry off`, async () => {
      const expected = await outcomes(false)
      // The baseline is what a user sees: a success, the failures, and the webhook answers.
      expect(expected.created).toHaveProperty('value.ref', 'acme:cs_1')
      expect(expected.missing).toHaveProperty('error.code', 'not_found')
      expect(expected.refused).toHaveProperty('error.code', 'invalid_request')
      expect(expected.webhooks).toEqual([200, 200, 400, 405])
      expect(await outcomes(telemetry)).toEqual(expected)
    })
  }

  it('a failing never-retried create under spans whose methods throw: the same error, sent once', async () => {
    const span = new Proxy({}, { get: () => broken })
    const telemetry = { tracer: { startSpan: () => span } }
    const send = async (option: TelemetryOption) => {
      const { fetch, sent } = emulatedFetch([503])
      const acme = createAcme({ apiKey: 'ak_test_f1', fetch, telemetry: option })
      const router = createRouter({ gateways: [acme], route: 'acme', telemetry: option })
      const { reference: _, ...unreferenced } = SESSION
      const error = await paymentErrorOf(router.sessions.create(unreferenced))
      return { error: [error.name, error.code, error.message], sent: sent.length }
    }
    const expected = await send(false)
    expect(expected.sent).toBe(1)
    expect(await send(telemetry)).toEqual(expected)
  })
})
