import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import type { CreateSessionInput, SessionsFacet, WebhookRequest } from '@paymux/core'
import { createFastaar, FASTAAR_ENDPOINTS } from '@paymux/fastaar'
import { serveFastaarEmulator } from '@paymux/fastaar/testing'
import { createFastStar, FASTSTAR_ENDPOINTS } from '@paymux/faststar'
import { FASTSTAR_EMULATOR_KEYS, serveFastStarEmulator } from '@paymux/faststar/testing'
import { createPaystar, PAYSTAR_ENDPOINTS } from '@paymux/paystar'
import { servePaystarEmulator } from '@paymux/paystar/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type OtelSdk,
  recordedTexts,
  registerOtel,
  resetOtel,
} from '../../core/src/telemetry/otel.test-support.js'

// Issue 11: every gateway is instrumented. Each real gateway, pointed at its emulator on a loopback
// port, with no telemetry option at all (an application's globally registered SDK is enough): one
// neutral call makes the operation span, its HTTP attempt spans (named by the documented route
// template, never the filled path) and the duration metric; one webhook verification makes its span.

/** One gateway against its served emulator, reduced to what the tests call. */
interface Subject {
  readonly id: string
  /** The emulator's host and port, as the attempt spans must name them. */
  readonly host: string
  readonly port: number
  /** The neutral call: `sessions.create`; resolves to the new session's id. */
  createSession(): Promise<string>
  /** The endpoint-table row `sessions.create` is sent by: its method and documented path template. */
  readonly createEndpoint: EndpointRow
  /** `sessions.retrieve` and its row (a path with a `:` parameter), where the gateway has one. */
  readonly retrieve?: { readonly call: (id: string) => Promise<unknown>; readonly endpoint: EndpointRow }
  /** `gateway.webhooks.verify` of a delivery the emulator signed for `sessionId`'s payment. */
  verifyDelivery(sessionId: string): Promise<unknown>
  close(): Promise<void>
}

/** What the tests read of a row of a gateway's endpoint table. */
interface EndpointRow {
  readonly method: string
  readonly path: string
  /** The operation the row serves; its attempt spans carry it. */
  readonly operation: string
}

const WEBHOOK_SECRET = 'whsec_telemetry_gateways_0123'

/** What sets one gateway's subject apart: its id, its emulator, its calls and their endpoint rows. */
interface SubjectParts extends Pick<Subject, 'id' | 'createEndpoint' | 'verifyDelivery'> {
  /** The emulator served on a loopback port. */
  readonly served: { readonly port: number; close(): Promise<void> }
  readonly sessions: Pick<SessionsFacet, 'create'> & Partial<Pick<SessionsFacet, 'retrieve'>>
  /** The order `sessions.create` is called with. */
  readonly order: CreateSessionInput
  /** The row `sessions.retrieve` is sent by, where the gateway has one. */
  readonly retrieveEndpoint?: EndpointRow
}

/** A subject from its parts: on 127.0.0.1 at the emulator's port, its `sessions.create` called with `order`. */
function subjectOf({ served, sessions, order, retrieveEndpoint, ...parts }: SubjectParts): Subject {
  const { retrieve } = sessions
  return {
    ...parts,
    host: '127.0.0.1',
    port: served.port,
    createSession: async () => (await sessions.create(order)).id,
    ...(retrieve === undefined || retrieveEndpoint === undefined
      ? {}
      : { retrieve: { call: (id: string) => retrieve(id), endpoint: retrieveEndpoint } }),
    close: () => served.close(),
  }
}

async function fastStar(): Promise<Subject> {
  const served = await serveFastStarEmulator({ webhooks: { secret: WEBHOOK_SECRET } })
  const gateway = createFastStar({
    apiKey: FASTSTAR_EMULATOR_KEYS.direct,
    merchantType: 'direct',
    baseUrl: served.baseUrl,
    webhookSecret: WEBHOOK_SECRET,
  })
  return subjectOf({
    id: 'faststar',
    served,
    sessions: gateway.sessions,
    order: {
      amount: { amount: 1999, currency: 'USD' },
      successUrl: 'https://shop.example/thanks',
      cancelUrl: 'https://shop.example/cart',
    },
    createEndpoint: FASTSTAR_ENDPOINTS.createCheckoutSession,
    retrieveEndpoint: FASTSTAR_ENDPOINTS.retrieveCheckoutSession,
    verifyDelivery(sessionId) {
      const delivery = served.emulator.webhooks.build('payment.succeeded', {
        payment_id: 'pi_telemetry_1',
        amount: 1999,
        currency: 'USD',
        status: 'succeeded',
        checkout_session_id: sessionId,
      })
      return gateway.webhooks.verify(delivery.request)
    },
  })
}

async function fastaar(): Promise<Subject> {
  const served = await serveFastaarEmulator({ rateLimit: false, webhooks: { secret: WEBHOOK_SECRET } })
  const gateway = createFastaar({
    apiKey: 'fk_test_telemetry_gateways',
    baseUrl: served.baseUrl,
    webhookSecret: WEBHOOK_SECRET,
  })
  return subjectOf({
    id: 'fastaar',
    served,
    sessions: gateway.sessions,
    order: {
      amount: { amount: 107_950, currency: 'BDT' },
      successUrl: 'https://shop.example/thanks',
      cancelUrl: 'https://shop.example/cart',
    },
    createEndpoint: FASTAAR_ENDPOINTS.createPayment,
    // A Fastaar session is a payment: the attempt is made by the retrievePayment row, whose
    // operation is payments.retrieve.
    retrieveEndpoint: FASTAAR_ENDPOINTS.retrievePayment,
    async verifyDelivery(sessionId) {
      await served.emulator.submitTrxId(sessionId, { trxId: 'TRX0000001' })
      const { rawBody, headers } = served.emulator.webhooks.build('payment.completed', sessionId).request
      return gateway.webhooks.verify({ rawBody, headers })
    },
  })
}

async function paystar(): Promise<Subject> {
  const served = await servePaystarEmulator({ webhooks: { secret: WEBHOOK_SECRET } })
  const { emulator } = served
  const gateway = createPaystar({
    apiKey: emulator.apiKey,
    businessUnitSlug: emulator.businessUnitSlug,
    baseUrl: served.url,
    webhookSecret: WEBHOOK_SECRET,
  })
  return subjectOf({
    id: 'paystar',
    served,
    sessions: gateway.sessions,
    order: {
      amount: { amount: 12_550, currency: 'USD' },
      description: 'Water bill, March',
      successUrl: 'https://utility.example/paid',
    },
    createEndpoint: PAYSTAR_ENDPOINTS.initiatePayment,
    // Paystar documents no lookup: every endpoint it has is a path without parameters.
    async verifyDelivery(sessionId) {
      const delivery = emulator.webhooks.build('Payment.Succeeded', {
        sessionIdentifier: sessionId,
        status: 'Succeeded',
        referenceNumber: 'PS-TELEMETRY-1',
        amount: '125.50',
      })
      const request: WebhookRequest = delivery.request
      return gateway.webhooks.verify(request)
    },
  })
}

let otel: OtelSdk
beforeEach(() => {
  otel = registerOtel()
})
afterEach(() => {
  resetOtel()
})

/** The span of `operation` and its HTTP attempt children (sent by `endpoint`), checked against `subject`. */
function expectOperation(subject: Subject, operation: string, endpoint: EndpointRow) {
  const { method, path: route } = endpoint
  const span = otel.only(`paymux.${operation}`)
  expect(span.kind).toBe(SpanKind.INTERNAL)
  expect(span.status.code).not.toBe(SpanStatusCode.ERROR)
  expect(span.attributes).toMatchObject({
    'paymux.gateway': subject.id,
    'paymux.operation': operation,
    'paymux.outcome': 'success',
  })
  const attempts = otel.children(span)
  expect(attempts.length).toBeGreaterThanOrEqual(1)
  for (const attempt of attempts) {
    expect(attempt.name).toBe(`${method} ${route}`)
    expect(attempt.kind).toBe(SpanKind.CLIENT)
    expect(attempt.attributes).toMatchObject({
      'paymux.gateway': subject.id,
      'paymux.operation': endpoint.operation,
      'paymux.attempt': 1,
      'paymux.outcome': 'success',
      'http.request.method': method,
      'url.template': route,
      'server.address': subject.host,
      'server.port': subject.port,
    })
    expect(attempt.attributes['http.response.status_code']).toSatisfy(
      (status: unknown) => typeof status === 'number' && status >= 200 && status < 300,
    )
  }
  return { span, attempts }
}

async function expectDuration(subject: Subject, operation: string) {
  const points = (await otel.allPoints()).filter(
    (point) =>
      point.metric === 'paymux.operation.duration' &&
      point.attributes['paymux.gateway'] === subject.id &&
      point.attributes['paymux.operation'] === operation,
  )
  expect(points).toEqual([
    {
      metric: 'paymux.operation.duration',
      attributes: {
        'paymux.gateway': subject.id,
        'paymux.operation': operation,
        'paymux.outcome': 'success',
      },
      value: 1,
    },
  ])
}

describe.each([
  ['FastStar', fastStar],
  ['Fastaar', fastaar],
  ['Paystar', paystar],
])('%s against its emulator, with a globally registered SDK and no telemetry option', (_name, open) => {
  it('sessions.create: an operation span, HTTP attempt spans by route template, the duration metric', async () => {
    const subject = await open()
    try {
      await subject.createSession()
      expect(subject.createEndpoint).toMatchObject({ method: 'POST', operation: 'sessions.create' })
      expectOperation(subject, 'sessions.create', subject.createEndpoint)
      await expectDuration(subject, 'sessions.create')
    } finally {
      await subject.close()
    }
  })

  it('webhooks.verify: a span of its own, paymux.webhooks.verify', async () => {
    const subject = await open()
    try {
      const id = await subject.createSession()
      otel.resetSpans()
      await subject.verifyDelivery(id)
      const span = otel.only('paymux.webhooks.verify')
      expect(span.kind).toBe(SpanKind.INTERNAL)
      expect(span.attributes).toMatchObject({
        'paymux.gateway': subject.id,
        'paymux.operation': 'webhooks.verify',
        'paymux.outcome': 'success',
      })
      await expectDuration(subject, 'webhooks.verify')
    } finally {
      await subject.close()
    }
  })
})

describe.each([
  ['FastStar', fastStar],
  ['Fastaar', fastaar],
])('%s: an attempt on a path with an id', (_name, open) => {
  it('sessions.retrieve names its attempt by the template with its `:` parameter, not by the id', async () => {
    const subject = await open()
    try {
      const retrieve = subject.retrieve as NonNullable<Subject['retrieve']>
      expect(retrieve.endpoint).toMatchObject({ method: 'GET', path: expect.stringMatching(/\/:[A-Za-z]+/) })
      const id = await subject.createSession()
      otel.resetSpans()
      await retrieve.call(id)
      expectOperation(subject, 'sessions.retrieve', retrieve.endpoint)
      // The filled path, and so the id, is nowhere in what was recorded.
      const texts = recordedTexts(otel.spans(), await otel.allPoints())
      expect(texts.filter(({ text }) => text.includes(id))).toEqual([])
    } finally {
      await subject.close()
    }
  })
})

// Paystar documents no lookup, and none of its endpoints has a path parameter: its templates are
// its paths, which the sessions.create case above checks.
it('Paystar has no path with a parameter for an attempt span to hide', () => {
  expect(Object.values(PAYSTAR_ENDPOINTS).filter((endpoint) => endpoint.path.includes(':'))).toEqual([])
})
