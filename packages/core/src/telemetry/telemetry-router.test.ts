// The router as OpenTelemetry sees it: a span per router call over the gateway
// spans it makes, failover and breaker events on it, and their counters.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { afterEach, describe, expect, it } from 'vitest'
import { createAcme } from '../adapter-kit/example/acme-gateway.js'
import { ProviderUnavailableError } from '../errors/index.js'
import { createRouter } from '../router/index.js'
import { paymentErrorOf } from '../testing/index.js'
import { idOf, inAppSpan, parentIdOf, registerOtel, resetOtel } from './otel.test-support.js'
import { callOf, createTwin, emulatedFetch, failure, spanFailure } from './twin-gateway.test-support.js'

afterEach(resetOtel)

const session = (reference: string) => ({
  amount: { amount: 1999, currency: 'USD' },
  successUrl: 'https://shop.example/thanks',
  reference,
})

/** Acme (first choice) and the twin `beta` (second), each on an emulator of its own; `acme.state.down` takes Acme down. */
function twoGateways(breaker: { failureThreshold: number; cooldownMs: number } | false = false) {
  const acmeFetch = emulatedFetch()
  const betaFetch = emulatedFetch()
  const common = { backoff: { initialDelayMs: 0 }, maxRetries: 0 }
  const acme = createAcme({ apiKey: 'ak_test_a1', fetch: acmeFetch.fetch, ...common })
  const beta = createTwin('beta', { apiKey: 'ak_test_b2', fetch: betaFetch.fetch, ...common })
  const clock = { now: 1_000_000 }
  const router = createRouter({
    gateways: [acme, beta],
    route: ['acme', 'beta'],
    breaker,
    now: () => clock.now,
  })
  return { router, acme: acmeFetch, beta: betaFetch, clock }
}

const eventsOf = (span: ReadableSpan) => span.events.map((event) => [event.name, event.attributes])

describe('a failover', () => {
  it('the router span records the move, its two gateway spans sit under it, the counter counts it', async () => {
    const sdk = registerOtel()
    const { router, acme } = twoGateways()
    acme.state.down = true
    const created = await inAppSpan('POST /checkout', () => router.sessions.create(session('ORDER-F1')))
    expect(created.provider).toBe('beta')

    const routed = sdk.only('paymux.router.sessions.create')
    expect(parentIdOf(routed)).toBe(idOf(sdk.only('POST /checkout')))
    expect(routed.kind).toBe(SpanKind.INTERNAL)
    expect(routed.attributes).toEqual({
      ...callOf('beta'),
      'paymux.failover.to': 'beta',
      'paymux.outcome': 'success',
    })
    expect(routed.status.code).toBe(SpanStatusCode.UNSET)
    expect(eventsOf(routed)).toEqual([
      [
        'paymux.failover',
        { ...callOf('acme'), 'paymux.failover.to': 'beta', 'paymux.error.class': 'ProviderUnavailableError' },
      ],
    ])
    const tried = sdk.children(routed)
    expect(tried.map((span) => [span.name, span.attributes])).toEqual([
      ['paymux.sessions.create', { ...callOf('acme'), ...spanFailure('ProviderUnavailableError') }],
      ['paymux.sessions.create', { ...callOf('beta'), 'paymux.outcome': 'success' }],
    ])
    // Each gateway's attempts sit under its own operation span.
    for (const operation of tried) {
      const attempts = sdk.children(operation)
      expect(attempts.length).toBeGreaterThan(0)
      for (const attempt of attempts) {
        expect(attempt.attributes['paymux.gateway']).toBe(operation.attributes['paymux.gateway'])
      }
    }

    expect(await sdk.points('paymux.router.failovers')).toEqual([
      { attributes: { ...callOf('acme'), 'paymux.failover.to': 'beta' }, value: 1 },
    ])
    expect(await sdk.points('paymux.router.duration')).toEqual([
      { attributes: { ...callOf('beta'), 'paymux.outcome': 'success' }, value: 1 },
    ])
  })

  it('every gateway down: the router span fails with the last error, naming the last gateway tried', async () => {
    const sdk = registerOtel()
    const { router, acme, beta } = twoGateways()
    acme.state.down = true
    beta.state.down = true
    const error = await paymentErrorOf(router.sessions.create(session('ORDER-F2')))
    expect(ProviderUnavailableError.isInstance(error) && error.provider).toBe('beta')
    const routed = sdk.only('paymux.router.sessions.create')
    expect(routed.attributes).toEqual({
      ...callOf('beta'),
      'paymux.failover.to': 'beta',
      ...spanFailure('ProviderUnavailableError'),
    })
    expect(routed.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'ProviderUnavailableError',
    })
    expect(sdk.children(routed).map((span) => span.attributes['paymux.outcome'])).toEqual(['error', 'error'])
    expect(await sdk.points('paymux.router.duration')).toEqual([
      { attributes: { ...callOf('beta'), ...failure('ProviderUnavailableError') }, value: 1 },
    ])
  })

  it('no failover: neither the event, nor the attribute, nor the counter', async () => {
    const sdk = registerOtel()
    const { router } = twoGateways()
    await router.sessions.create(session('ORDER-F3'))
    const routed = sdk.only('paymux.router.sessions.create')
    expect(routed.events).toEqual([])
    expect(routed.attributes).not.toHaveProperty('paymux.failover.to')
    expect(routed.attributes['paymux.gateway']).toBe('acme')
    expect(await sdk.points('paymux.router.failovers')).toEqual([])
  })
})

describe('a breaker trip', () => {
  it('opens on the call that reaches the threshold, skips the gateway, and closes after a good probe', async () => {
    const sdk = registerOtel()
    const { router, acme, clock } = twoGateways({ failureThreshold: 2, cooldownMs: 1_000 })
    acme.state.down = true
    const call = async (reference: string) => (await router.sessions.create(session(reference))).provider
    const routerSpan = (index: number) => sdk.named('paymux.router.sessions.create')[index] as ReadableSpan
    const changes = (span: ReadableSpan) =>
      eventsOf(span).filter(([name]) => name === 'paymux.breaker.change')

    expect(await call('ORDER-B1')).toBe('beta')
    expect(changes(routerSpan(0))).toEqual([])
    expect(await sdk.points('paymux.breaker.changes')).toEqual([])

    expect(await call('ORDER-B2')).toBe('beta')
    // The call whose failure tripped it carries the change, before it failed over.
    expect(eventsOf(routerSpan(1)).map(([name]) => name)).toEqual([
      'paymux.breaker.change',
      'paymux.failover',
    ])
    expect(changes(routerSpan(1))).toEqual([
      ['paymux.breaker.change', { 'paymux.gateway': 'acme', 'paymux.breaker.state': 'open' }],
    ])
    expect(await sdk.points('paymux.breaker.changes')).toEqual([
      { attributes: { 'paymux.gateway': 'acme', 'paymux.breaker.state': 'open' }, value: 1 },
    ])

    // While open, Acme is skipped: no Acme span, no failover, an event saying why.
    expect(await call('ORDER-B3')).toBe('beta')
    const skipping = routerSpan(2)
    expect(eventsOf(skipping)).toEqual([
      ['paymux.gateway.skipped', { 'paymux.gateway': 'acme', 'paymux.breaker.state': 'open' }],
    ])
    expect(skipping.attributes).not.toHaveProperty('paymux.failover.to')
    expect(sdk.children(skipping).map((span) => span.attributes['paymux.gateway'])).toEqual(['beta'])

    // After the cool-down one probe goes to Acme, up again: the circuit closes.
    clock.now += 1_001
    acme.state.down = false
    expect(await call('ORDER-B4')).toBe('acme')
    expect(eventsOf(routerSpan(3))).toEqual([
      ['paymux.breaker.change', { 'paymux.gateway': 'acme', 'paymux.breaker.state': 'closed' }],
    ])
    expect(routerSpan(3).attributes['paymux.gateway']).toBe('acme')
    expect(await sdk.points('paymux.breaker.changes')).toEqual([
      { attributes: { 'paymux.gateway': 'acme', 'paymux.breaker.state': 'open' }, value: 1 },
      { attributes: { 'paymux.gateway': 'acme', 'paymux.breaker.state': 'closed' }, value: 1 },
    ])
    expect(await sdk.points('paymux.router.failovers')).toEqual([
      { attributes: { ...callOf('acme'), 'paymux.failover.to': 'beta' }, value: 2 },
    ])
  })
})
