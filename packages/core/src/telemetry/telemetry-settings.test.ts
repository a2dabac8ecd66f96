// A bad `telemetry` option is refused where it is given (a gateway, a router,
// a webhook handler) with InvalidRequestError `invalid_settings` naming the
// field, before anything is sent.
import * as otel from '@opentelemetry/api'
import { metrics, trace } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { createAcme } from '../adapter-kit/example/acme-gateway.js'
import { InvalidRequestError } from '../errors/index.js'
import { createRouter, createWebhookHandler } from '../router/index.js'
import type { TelemetryOption } from './index.js'
import { createTwin, emulatedFetch } from './twin-gateway.test-support.js'

/** Bad values, each with the path the error must name. */
const BAD: [string, unknown, string][] = [
  ['a string', 'off', 'telemetry'],
  ['true', true, 'telemetry'],
  ['null', null, 'telemetry'],
  ['an array', [], 'telemetry'],
  ['a number', 0, 'telemetry'],
  ['a tracer without startSpan', { tracer: {} }, 'telemetry.tracer'],
  ['a tracer whose startSpan is not a function', { tracer: { startSpan: 'yes' } }, 'telemetry.tracer'],
  ['a meter that is a number', { meter: 1 }, 'telemetry.meter'],
  ['a meter without createCounter', { meter: { createHistogram: () => ({}) } }, 'telemetry.meter'],
  ['a misspelt key', { enabeld: true }, 'telemetry.enabeld'],
  ['enabled as a string', { enabled: 'yes' }, 'telemetry.enabled'],
  ['an api that is not the module', { api: { trace: {} } }, 'telemetry.api'],
]

/** The error `make` throws, or a failure if it throws none. */
function thrownBy(make: () => unknown): InvalidRequestError {
  try {
    make()
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected an InvalidRequestError, but nothing was thrown')
}

function expectRefused(error: InvalidRequestError, path: string) {
  expect(error.code).toBe('invalid_settings')
  expect(error.issues.map((issue) => issue.path)).toEqual([path])
  expect(error.message).toContain(path)
}

describe('a bad telemetry option', () => {
  for (const [name, telemetry, path] of BAD) {
    it(`${name}: refused by a gateway, a router and a webhook handler, naming ${path}`, () => {
      const { fetch, sent } = emulatedFetch()
      const option = telemetry as TelemetryOption
      expectRefused(
        thrownBy(() => createAcme({ apiKey: 'ak_test_b1', fetch, telemetry: option })),
        path,
      )
      expectRefused(
        thrownBy(() => createTwin('beta', { apiKey: 'ak_test_b2', fetch, telemetry: option })),
        path,
      )
      const acme = createAcme({ apiKey: 'ak_test_b1', fetch })
      const beta = createTwin('beta', { apiKey: 'ak_test_b2', fetch })
      expectRefused(
        thrownBy(() => createRouter({ gateways: [acme, beta], route: 'acme', telemetry: option })),
        path,
      )
      const router = createRouter({ gateways: [acme, beta], route: 'acme' })
      expectRefused(
        thrownBy(() =>
          createWebhookHandler({
            webhooks: router.webhooks,
            onEvent: async () => undefined,
            telemetry: option,
          }),
        ),
        path,
      )
      expect(sent).toEqual([])
    })
  }

  it('several mistakes at once: each one named', () => {
    const error = thrownBy(() =>
      createRouter({
        gateways: [createAcme({ apiKey: 'ak_test_b1' })],
        route: 'acme',
        telemetry: { enabled: 1, tracer: 2, meter: 3, extra: 4 } as never,
      }),
    )
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(
      ['telemetry.enabled', 'telemetry.extra', 'telemetry.meter', 'telemetry.tracer'].sort(),
    )
  })
})

describe('a good telemetry option', () => {
  const GOOD: [string, TelemetryOption][] = [
    ['false', false],
    ['an empty object', {}],
    ['enabled true', { enabled: true }],
    ['enabled false', { enabled: false }],
    ['a tracer and a meter', { tracer: trace.getTracer('x'), meter: metrics.getMeter('x') }],
    ['the API module itself', { api: otel }],
  ]
  for (const [name, telemetry] of GOOD) {
    it(`${name}: taken by a gateway, a router and a webhook handler`, async () => {
      const { fetch } = emulatedFetch()
      const acme = createAcme({ apiKey: 'ak_test_g1', fetch, telemetry })
      const router = createRouter({
        gateways: [acme, createTwin('beta', { apiKey: 'ak_test_g2', fetch, telemetry })],
        route: 'acme',
        telemetry,
      })
      createWebhookHandler({ webhooks: router.webhooks, onEvent: async () => undefined, telemetry })
      expect(
        (
          await router.sessions.create({
            amount: { amount: 1, currency: 'USD' },
            successUrl: 'https://x.example',
          })
        ).ref,
      ).toBe('acme:cs_1')
    })
  }
})
