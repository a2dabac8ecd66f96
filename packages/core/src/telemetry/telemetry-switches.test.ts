// The `telemetry` option: `false` (or `enabled: false`) turns one object's
// spans and metrics off and leaves the others' alone; a tracer and a meter
// handed in receive everything instead of the global providers.
import { afterEach, describe, expect, it } from 'vitest'
import { createAcme } from '../adapter-kit/example/acme-gateway.js'
import { createRouter, createWebhookHandler } from '../router/index.js'
import type { TelemetryOption } from './index.js'
import { createOtelSdk, idOf, inAppSpan, parentIdOf, registerOtel, resetOtel } from './otel.test-support.js'
import { createTwin, emulatedFetch, twinDelivery } from './twin-gateway.test-support.js'

afterEach(resetOtel)

const SESSION = {
  amount: { amount: 1999, currency: 'USD' },
  successUrl: 'https://shop.example/thanks',
  reference: 'ORDER-S1',
}

interface Switches {
  readonly gateway?: TelemetryOption
  readonly router?: TelemetryOption
  readonly handler?: TelemetryOption
}

/** A session through the router, and one webhook delivery through a handler on `router.webhooks`. */
async function callEverything(switches: Switches) {
  const { fetch } = emulatedFetch()
  const gateway = switches.gateway === undefined ? {} : { telemetry: switches.gateway }
  const acme = createAcme({ apiKey: 'ak_test_s1', fetch, ...gateway })
  const beta = createTwin('beta', { apiKey: 'ak_test_s2', fetch, ...gateway })
  const router = createRouter({
    gateways: [acme, beta],
    route: 'acme',
    ...(switches.router === undefined ? {} : { telemetry: switches.router }),
  })
  const handler = createWebhookHandler({
    webhooks: router.webhooks,
    onEvent: async () => undefined,
    ...(switches.handler === undefined ? {} : { telemetry: switches.handler }),
  })
  const session = await router.sessions.create(SESSION)
  const response = await handler(await twinDelivery('beta', 'evt_s1'))
  return { session, status: response.status }
}

const GATEWAY_SPANS = ['POST /checkout/sessions', 'paymux.sessions.create', 'paymux.webhooks.verify']
const ROUTER_SPANS = ['paymux.router.sessions.create', 'paymux.webhooks.deliver']
const GATEWAY_METRICS = ['paymux.operation.duration', 'paymux.http.attempts']
const ROUTER_METRICS = ['paymux.router.duration', 'paymux.webhook.deliveries']
const names = (sdk: { spans(): { name: string }[] }) => sdk.spans().map((span) => span.name)

describe('the switches', () => {
  it('the API module handed in: recorded without paymux importing it (a bundle where its import cannot resolve)', async () => {
    const sdk = registerOtel()
    const otel = await import('@opentelemetry/api')
    // A copy of the module's parts, so that the spans can only come from what was handed in.
    const api = { ...otel, trace: otel.trace, context: otel.context, metrics: otel.metrics }
    const { session, status } = await callEverything({ gateway: { api }, router: { api } })
    expect([session.ref, status]).toEqual(['acme:cs_1', 200])
    expect(new Set(names(sdk))).toEqual(new Set([...GATEWAY_SPANS, ...ROUTER_SPANS]))
  })

  it('on by default: every span and metric, no set-up beyond the SDK', async () => {
    const sdk = registerOtel()
    const { session, status } = await callEverything({})
    expect([session.ref, status]).toEqual(['acme:cs_1', 200])
    expect(new Set(names(sdk))).toEqual(new Set([...GATEWAY_SPANS, ...ROUTER_SPANS]))
    expect(new Set(await sdk.metricNames())).toEqual(new Set([...GATEWAY_METRICS, ...ROUTER_METRICS]))
  })

  for (const off of [false, { enabled: false }] as const) {
    it(`the gateways' telemetry ${JSON.stringify(off)}: no gateway span or metric, the router's still there`, async () => {
      const sdk = registerOtel()
      const { session, status } = await callEverything({ gateway: off })
      expect([session.ref, status]).toEqual(['acme:cs_1', 200])
      expect(new Set(names(sdk))).toEqual(new Set(ROUTER_SPANS))
      expect(new Set(await sdk.metricNames())).toEqual(new Set(ROUTER_METRICS))
    })

    it(`the router's telemetry ${JSON.stringify(off)}: no router or delivery span, the gateways' still there`, async () => {
      const sdk = registerOtel()
      await inAppSpan('app', () => callEverything({ router: off }))
      expect(new Set(names(sdk))).toEqual(new Set([...GATEWAY_SPANS, 'app']))
      expect(new Set(await sdk.metricNames())).toEqual(new Set(GATEWAY_METRICS))
      // With no router span between them, the gateway's span joins the app's directly.
      expect(parentIdOf(sdk.only('paymux.sessions.create'))).toBe(idOf(sdk.only('app')))
    })

    it(`the handler's own telemetry ${JSON.stringify(off)} wins over the router's`, async () => {
      const sdk = registerOtel()
      await callEverything({ handler: off })
      expect(sdk.named('paymux.webhooks.deliver')).toEqual([])
      expect(sdk.named('paymux.router.sessions.create')).toHaveLength(1)
      expect(await sdk.points('paymux.webhook.deliveries')).toEqual([])
    })
  }

  it("the handler's own settings win the other way too: on under a router that is off", async () => {
    const sdk = registerOtel()
    await callEverything({ router: false, handler: {} })
    expect(sdk.named('paymux.router.sessions.create')).toEqual([])
    expect(sdk.only('paymux.webhooks.deliver').attributes['paymux.webhook.outcome']).toBe('handled')
    expect(await sdk.points('paymux.webhook.deliveries')).toHaveLength(1)
  })

  it('a tracer and a meter handed in receive every span and metric; the global providers get none', async () => {
    const global = registerOtel()
    const own = createOtelSdk()
    const telemetry = {
      tracer: own.tracerProvider.getTracer('paymux-in-my-app'),
      meter: own.meterProvider.getMeter('paymux-in-my-app'),
    }
    const result = await callEverything({ gateway: telemetry, router: telemetry })
    expect(result.status).toBe(200)
    expect(new Set(names(own))).toEqual(new Set([...GATEWAY_SPANS, ...ROUTER_SPANS]))
    expect(new Set(await own.metricNames())).toEqual(new Set([...GATEWAY_METRICS, ...ROUTER_METRICS]))
    expect(global.spans()).toEqual([])
    expect(await global.metricNames()).toEqual([])
    // The context still links them: the handed-in tracer's spans form one tree.
    expect(parentIdOf(own.only('paymux.sessions.create'))).toBe(
      idOf(own.only('paymux.router.sessions.create')),
    )
  })

  it('a tracer alone handed in: spans there, metrics still to the global meter provider', async () => {
    const global = registerOtel()
    const own = createOtelSdk()
    await callEverything({ gateway: { tracer: own.tracerProvider.getTracer('mine') } })
    expect(own.named('paymux.sessions.create')).toHaveLength(1)
    expect(global.named('paymux.sessions.create')).toEqual([])
    expect(global.named('paymux.router.sessions.create')).toHaveLength(1)
    const durations = await global.points('paymux.operation.duration')
    expect(durations.map((point) => point.attributes['paymux.operation'])).toEqual([
      'sessions.create',
      'webhooks.verify',
    ])
    expect(await own.metricNames()).toEqual([])
  })

  it('metrics follow the global meter provider when it changes under a gateway already in use', async () => {
    const first = registerOtel()
    const { fetch } = emulatedFetch()
    const acme = createAcme({ apiKey: 'ak_test_s1', fetch })
    await acme.sessions.create(SESSION)
    expect(await first.points('paymux.operation.duration')).toHaveLength(1)

    resetOtel()
    const second = registerOtel()
    await acme.sessions.retrieve('cs_1')
    expect((await second.points('paymux.operation.duration')).map((point) => point.attributes)).toEqual([
      { 'paymux.gateway': 'acme', 'paymux.operation': 'sessions.retrieve', 'paymux.outcome': 'success' },
    ])
    expect((await first.points('paymux.operation.duration')).map((point) => point.value)).toEqual([1])
  })
})
