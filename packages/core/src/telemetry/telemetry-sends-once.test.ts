// Telemetry must not change what is sent: a failing call is sent exactly as
// often as with telemetry off (once for a create that is never retried, once
// for a 4xx), with or without an SDK registered.
import { SpanStatusCode } from '@opentelemetry/api'
import { afterEach, describe, expect, it } from 'vitest'
import { ProviderUnavailableError } from '../errors/index.js'
import { paymentErrorOf } from '../testing/index.js'
import { inAppSpan, registerOtel, resetOtel } from './otel.test-support.js'
import {
  ACME_CREATE_ATTEMPT,
  acmeWith,
  callOf,
  failure,
  SESSION,
  spanFailure,
} from './twin-gateway.test-support.js'

afterEach(resetOtel)

const { reference: _, ...UNREFERENCED } = SESSION

describe('a call that is never retried is sent once', () => {
  it('a 5xx on a create without a reference: one attempt, the operation span failed with its class', async () => {
    const sdk = registerOtel()
    const { acme, sent } = acmeWith([503])
    const error = await paymentErrorOf(inAppSpan('job', () => acme.sessions.create(UNREFERENCED)))
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(sent).toHaveLength(1)

    const operation = sdk.only('paymux.sessions.create')
    expect(operation.attributes).toEqual({ ...callOf('acme'), ...spanFailure('ProviderUnavailableError') })
    // The class and code, never the message (it may quote input).
    expect(operation.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'ProviderUnavailableError',
    })
    const [attempt, ...more] = sdk.children(operation)
    expect(more).toEqual([])
    expect(attempt?.attributes).toEqual({
      ...ACME_CREATE_ATTEMPT,
      'paymux.attempt': 1,
      'http.response.status_code': 503,
      ...spanFailure('ProviderUnavailableError'),
    })
    expect(attempt?.status.code).toBe(SpanStatusCode.ERROR)

    expect(await sdk.points('paymux.operation.duration')).toEqual([
      { attributes: { ...callOf('acme'), ...failure('ProviderUnavailableError') }, value: 1 },
    ])
    expect(await sdk.points('paymux.http.attempts')).toHaveLength(1)
    expect(await sdk.points('paymux.http.retries')).toEqual([])
  })

  it('a 4xx: one attempt, with the error class of the answer and its status', async () => {
    const sdk = registerOtel()
    const { acme, sent } = acmeWith([])
    const error = await paymentErrorOf(acme.sessions.retrieve('cs_404'))
    expect(sent).toHaveLength(1)
    const operation = sdk.only('paymux.sessions.retrieve')
    expect(operation.attributes).toMatchObject({
      'paymux.outcome': 'error',
      'paymux.error.class': error.name,
      'error.type': error.name,
    })
    expect(operation.status).toEqual({ code: SpanStatusCode.ERROR, message: error.name })
    const [attempt, ...more] = sdk.children(operation)
    expect(more).toEqual([])
    expect(attempt?.name).toBe('GET /checkout/sessions/:sessionId')
    expect(attempt?.attributes).toMatchObject({
      'url.template': '/checkout/sessions/:sessionId',
      'http.response.status_code': 404,
      'paymux.error.class': error.name,
    })
  })

  it('with the API present and no SDK registered: the same error, one request, as with telemetry off', async () => {
    const off = acmeWith([503], { telemetry: false })
    const expected = await paymentErrorOf(off.acme.sessions.create(UNREFERENCED))
    const on = acmeWith([503])
    const error = await paymentErrorOf(on.acme.sessions.create(UNREFERENCED))
    expect([error.name, error.code, error.message]).toEqual([expected.name, expected.code, expected.message])
    expect([off.sent.length, on.sent.length]).toEqual([1, 1])
  })
})
