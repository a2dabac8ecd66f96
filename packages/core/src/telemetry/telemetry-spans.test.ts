// A gateway call as OpenTelemetry sees it: the operation span, one client span
// per HTTP attempt, the latency histogram and the attempt and retry counters,
// all under the application's own active span.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { afterEach, describe, expect, it } from 'vitest'
import { createAcme } from '../adapter-kit/example/acme-gateway.js'
import { createRouter } from '../router/index.js'
import { paymentErrorOf } from '../testing/index.js'
import { idOf, inAppSpan, parentIdOf, registerOtel, resetOtel, traceIdOf } from './otel.test-support.js'
import {
  ACME_CREATE_ATTEMPT,
  acmeWith,
  callOf,
  emulatedFetch,
  failure,
  SESSION,
  spanFailure,
} from './twin-gateway.test-support.js'

afterEach(resetOtel)

describe('a retried call', () => {
  it('through the router: app span → router span → operation span → one client span per attempt', async () => {
    const sdk = registerOtel()
    const { acme, sent } = acmeWith(['reset'])
    const router = createRouter({ gateways: [acme], route: 'acme' })
    const session = await inAppSpan('POST /checkout', () => router.sessions.create(SESSION))
    expect(session.ref).toBe('acme:cs_1')
    expect(sent).toHaveLength(2)

    const app = sdk.only('POST /checkout')
    const routed = sdk.only('paymux.router.sessions.create')
    const operation = sdk.only('paymux.sessions.create')
    const attempts = sdk.named('POST /checkout/sessions')
    expect(parentIdOf(routed)).toBe(idOf(app))
    expect(parentIdOf(operation)).toBe(idOf(routed))
    expect(sdk.children(operation)).toEqual(attempts)
    expect(attempts).toHaveLength(2)
    // One trace: the checkout is found under the request that caused it.
    expect(new Set(sdk.spans().map(traceIdOf))).toEqual(new Set([traceIdOf(app)]))

    expect(routed.kind).toBe(SpanKind.INTERNAL)
    expect(routed.attributes).toEqual({ ...callOf('acme'), 'paymux.outcome': 'success' })
    expect(routed.status.code).toBe(SpanStatusCode.UNSET)
    expect(operation.kind).toBe(SpanKind.INTERNAL)
    expect(operation.attributes).toEqual({ ...callOf('acme'), 'paymux.outcome': 'success' })
    expect(operation.status.code).toBe(SpanStatusCode.UNSET)

    const [first, second] = attempts
    expect(first?.kind).toBe(SpanKind.CLIENT)
    expect(first?.attributes).toEqual({
      ...ACME_CREATE_ATTEMPT,
      'paymux.attempt': 1,
      ...spanFailure('ProviderUnavailableError'),
    })
    expect(first?.status.code).toBe(SpanStatusCode.ERROR)
    expect(second?.kind).toBe(SpanKind.CLIENT)
    expect(second?.attributes).toEqual({
      ...ACME_CREATE_ATTEMPT,
      'paymux.attempt': 2,
      'http.request.resend_count': 1,
      'http.response.status_code': 200,
      'paymux.outcome': 'success',
    })
    expect(second?.status.code).toBe(SpanStatusCode.UNSET)

    const call = callOf('acme')
    expect(await sdk.points('paymux.http.attempts')).toEqual([
      { attributes: { ...call, ...failure('ProviderUnavailableError') }, value: 1 },
      { attributes: { ...call, 'paymux.outcome': 'success', 'http.response.status_code': 200 }, value: 1 },
    ])
    expect(await sdk.points('paymux.http.retries')).toEqual([
      { attributes: { ...call, 'paymux.error.class': 'ProviderUnavailableError' }, value: 1 },
    ])
    expect(await sdk.points('paymux.operation.duration')).toEqual([
      { attributes: { ...call, 'paymux.outcome': 'success' }, value: 1 },
    ])
    expect(await sdk.points('paymux.router.duration')).toEqual([
      { attributes: { ...call, 'paymux.outcome': 'success' }, value: 1 },
    ])
  })

  it('called directly: the operation span is the top paymux span, under the app span', async () => {
    const sdk = registerOtel()
    const { acme } = acmeWith([503])
    await inAppSpan('job', () => acme.sessions.create(SESSION))
    const operation = sdk.only('paymux.sessions.create')
    expect(parentIdOf(operation)).toBe(idOf(sdk.only('job')))
    const attempts = sdk.children(operation)
    expect(attempts.map((span) => span.name)).toEqual(['POST /checkout/sessions', 'POST /checkout/sessions'])
    // A 5xx answered: its status is recorded on the failed attempt.
    expect(attempts[0]?.attributes).toMatchObject({
      'paymux.attempt': 1,
      'http.response.status_code': 503,
      'paymux.outcome': 'error',
      'paymux.error.class': 'ProviderUnavailableError',
    })
    expect(attempts[0]?.attributes).not.toHaveProperty('http.request.resend_count')
    expect(attempts[1]?.attributes).toMatchObject({ 'paymux.attempt': 2, 'http.request.resend_count': 1 })
    expect(sdk.named('paymux.router.sessions.create')).toEqual([])
    expect(await sdk.points('paymux.http.retries')).toEqual([
      { attributes: { ...callOf('acme'), 'paymux.error.class': 'ProviderUnavailableError' }, value: 1 },
    ])
  })

  it('sends each attempt inside its span, so an instrumented fetch nests under it', async () => {
    const sdk = registerOtel()
    const active: (string | undefined)[] = []
    const emulated = emulatedFetch(['reset'])
    const fetch: typeof globalThis.fetch = (input, init) => {
      active.push(trace.getActiveSpan()?.spanContext().spanId)
      return emulated.fetch(input, init)
    }
    const acme = createAcme({ apiKey: 'ak_test_5e2a', fetch, backoff: { initialDelayMs: 0 } })
    await acme.sessions.create(SESSION)
    expect(active).toEqual(sdk.named('POST /checkout/sessions').map(idOf))
  })
})

describe('a call that fails', () => {
  it('an input refused before sending: the operation span fails, and no attempt is made', async () => {
    const sdk = registerOtel()
    const { acme, sent } = acmeWith([])
    const error = await paymentErrorOf(acme.sessions.create({ ...SESSION, description: 'Tea' }))
    expect(error.code).toBe('unsupported_field')
    expect(sent).toEqual([])
    expect(sdk.only('paymux.sessions.create').attributes).toMatchObject({
      'paymux.error.class': 'InvalidRequestError',
    })
    expect(sdk.named('POST /checkout/sessions')).toEqual([])
    expect(await sdk.points('paymux.http.attempts')).toEqual([])
  })
})

describe('direct native calls', () => {
  it('outside an operation: a span paymux.native.<endpoint> with the endpoint, its attempt under it', async () => {
    const sdk = registerOtel()
    const { acme } = acmeWith([])
    await acme.sessions.create(SESSION)
    const answer = await inAppSpan('admin', () =>
      acme.native.retrieveSession({ params: { sessionId: 'cs_1' } }),
    )
    expect(answer.id).toBe('cs_1')
    const native = sdk.only('paymux.native.retrieveSession')
    expect(parentIdOf(native)).toBe(idOf(sdk.only('admin')))
    expect(native.kind).toBe(SpanKind.INTERNAL)
    expect(native.attributes).toEqual({
      ...callOf('acme', 'sessions.retrieve'),
      'paymux.endpoint': 'retrieveSession',
      'paymux.outcome': 'success',
    })
    const [attempt, ...more] = sdk.children(native)
    expect(more).toEqual([])
    // The route template, never the filled path: ids stay out of every attribute.
    expect(attempt?.name).toBe('GET /checkout/sessions/:sessionId')
    expect(attempt?.attributes['url.template']).toBe('/checkout/sessions/:sessionId')
    expect(JSON.stringify(sdk.spans().map((span) => span.attributes))).not.toContain('cs_1')
    expect(await sdk.points('paymux.operation.duration')).toEqual([
      { attributes: { ...callOf('acme'), 'paymux.outcome': 'success' }, value: 1 },
      { attributes: { ...callOf('acme', 'sessions.retrieve'), 'paymux.outcome': 'success' }, value: 1 },
    ])
  })

  it('inside an operation: no native span of its own, the attempt sits under the operation span', async () => {
    const sdk = registerOtel()
    const { acme } = acmeWith([])
    await acme.sessions.create(SESSION)
    expect(sdk.spans().map((span) => span.name)).toEqual([
      'POST /checkout/sessions',
      'paymux.sessions.create',
    ])
  })

  it('a failed direct native call: its span carries the error class', async () => {
    const sdk = registerOtel()
    const { acme } = acmeWith([])
    const error = await paymentErrorOf(acme.native.retrievePayment({ params: { paymentId: 'pay_9' } }))
    expect(sdk.only('paymux.native.retrievePayment').attributes).toEqual({
      ...callOf('acme', 'payments.retrieve'),
      'paymux.endpoint': 'retrievePayment',
      ...spanFailure(error.name),
    })
  })
})
