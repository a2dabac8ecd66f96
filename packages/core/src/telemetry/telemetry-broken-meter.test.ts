// A meter that throws costs the metrics, never the spans: every span is still
// started, recorded and ended under a working tracer.
import { afterEach, describe, expect, it } from 'vitest'
import { createAcme } from '../adapter-kit/example/acme-gateway.js'
import { createRouter, createWebhookHandler } from '../router/index.js'
import type { TelemetryMeter } from './index.js'
import { registerOtel, resetOtel } from './otel.test-support.js'
import { createTwin, emulatedFetch, SESSION, twinDelivery } from './twin-gateway.test-support.js'

afterEach(resetOtel)

describe('a meter that throws under a working tracer', () => {
  it('costs the metrics only: every span is still recorded and ended', async () => {
    const sdk = registerOtel()
    const broken = () => {
      throw new Error('metrics backend down')
    }
    const meter: TelemetryMeter = { createHistogram: broken, createCounter: broken }
    const { fetch } = emulatedFetch(['reset'])
    const settings = { fetch, backoff: { initialDelayMs: 0 }, telemetry: { meter } }
    const acme = createAcme({ apiKey: 'ak_test_f1', ...settings })
    const beta = createTwin('beta', { apiKey: 'ak_test_f2', ...settings })
    const router = createRouter({ gateways: [acme, beta], route: 'acme', telemetry: { meter } })
    const handler = createWebhookHandler({ webhooks: router.webhooks, onEvent: async () => undefined })
    expect((await router.sessions.create(SESSION)).ref).toBe('acme:cs_1')
    expect((await handler(await twinDelivery('beta', 'evt_m1'))).status).toBe(200)
    expect(sdk.spans().map((span) => span.name)).toEqual([
      'POST /checkout/sessions',
      'POST /checkout/sessions',
      'paymux.sessions.create',
      'paymux.router.sessions.create',
      'paymux.webhooks.verify',
      'paymux.webhooks.deliver',
    ])
    expect(await sdk.metricNames()).toEqual([])
  })
})
