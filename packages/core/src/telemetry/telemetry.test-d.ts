// The `telemetry` option's types: OpenTelemetry's own tracer and meter fit
// it, and a value that is neither `false` nor settings does not compile.
import { type Meter, metrics, type Tracer, trace } from '@opentelemetry/api'
import { describe, expectTypeOf, it } from 'vitest'
import { createAcme } from '../adapter-kit/example/acme-gateway.js'
import type { AcmeSettings } from '../adapter-kit/example/acme-settings.js'
import type { TelemetryMeter, TelemetryOption, TelemetrySettings, TelemetryTracer } from '../index.js'
import { createRouter, createWebhookHandler } from '../router/index.js'
import { createTwin } from './twin-gateway.test-support.js'

const acme = createAcme({ apiKey: 'ak_test_t1' })
// A gateway that receives webhooks, so the router has `webhooks`.
const beta = createTwin('beta', { apiKey: 'ak_test_t2' })
const onEvent = async () => undefined

describe('the telemetry option', () => {
  it("takes OpenTelemetry's real Tracer and Meter", () => {
    expectTypeOf<Tracer>().toExtend<TelemetryTracer>()
    expectTypeOf<Meter>().toExtend<TelemetryMeter>()
    expectTypeOf({ tracer: trace.getTracer('x'), meter: metrics.getMeter('x') }).toExtend<TelemetrySettings>()
    expectTypeOf<false>().toExtend<TelemetryOption>()
    expectTypeOf<true>().not.toExtend<TelemetryOption>()
    expectTypeOf<'off'>().not.toExtend<TelemetryOption>()
    expectTypeOf<{ enabled: 'yes' }>().not.toExtend<TelemetryOption>()
    expectTypeOf<{ tracer: object }>().not.toExtend<TelemetryOption>()
  })

  it('compiles on a gateway, a router and a webhook handler', () => {
    const tracer = trace.getTracer('x')
    createAcme({ apiKey: 'ak_test_t1', telemetry: false })
    createAcme({ apiKey: 'ak_test_t1', telemetry: { tracer } })
    createAcme({ apiKey: 'ak_test_t1', telemetry: { enabled: false, meter: metrics.getMeter('x') } })
    expectTypeOf<AcmeSettings['telemetry']>().toEqualTypeOf<TelemetryOption | undefined>()
    const router = createRouter({ gateways: [acme, beta], route: 'acme', telemetry: false })
    createRouter({ gateways: [acme], route: 'acme', telemetry: { tracer } })
    createWebhookHandler({ webhooks: router.webhooks, onEvent, telemetry: { tracer } })
    createWebhookHandler({ webhooks: router.webhooks, onEvent, telemetry: false })
  })

  it('refuses a value that is neither false nor settings', () => {
    // @ts-expect-error 'off' is not a telemetry option
    createAcme({ apiKey: 'ak_test_t1', telemetry: 'off' })
    // @ts-expect-error 'off' is not a telemetry option
    createRouter({ gateways: [acme], route: 'acme', telemetry: 'off' })
    // @ts-expect-error true is not a telemetry option: leave it out to keep the default
    createRouter({ gateways: [acme], route: 'acme', telemetry: true })
    // @ts-expect-error a misspelt setting
    createRouter({ gateways: [acme], route: 'acme', telemetry: { enabeld: true } })
    const router = createRouter({ gateways: [acme, beta], route: 'acme' })
    createWebhookHandler({
      webhooks: router.webhooks,
      onEvent,
      // @ts-expect-error a tracer must have startSpan
      telemetry: { tracer: {} },
    })
  })
})
