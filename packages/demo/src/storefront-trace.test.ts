import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_WEBHOOK_SECRETS } from './shop.js'
import { runStorefront, type StorefrontReport } from './storefront.js'
import { type DemoTracing, startTracing } from './tracing.js'

// SpanKind of @opentelemetry/api.
const INTERNAL = 0
const CLIENT = 2

describe('the storefront with tracing on (pnpm demo --trace)', () => {
  let tracing: DemoTracing
  let report: StorefrontReport
  let spans: readonly ReadableSpan[]
  const lines: string[] = []

  beforeAll(async () => {
    tracing = await startTracing()
    report = await runStorefront((line) => lines.push(line), { inOrder: tracing.inOrder })
    spans = tracing.spans()
  })
  afterAll(() => tracing?.stop())

  const childrenOf = (parent: ReadableSpan) =>
    spans
      .filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId)
      .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])
  const order = (reference: string) => {
    const span = spans.find((candidate) => candidate.name === `demo.order ${reference}`)
    if (span === undefined) throw new Error(`no span for ${reference}`)
    return span
  }
  const only = (list: readonly ReadableSpan[]) => {
    expect(list).toHaveLength(1)
    return list[0] as ReadableSpan
  }

  it('runs as it does without tracing, each request sent as often as without', () => {
    expect(report.problems).toEqual([])
    expect(report.failovers).toHaveLength(2)
    // The first try and two retries, as without tracing: telemetry must never send a request again.
    expect(lines.filter((line) => line.includes('FastStar received 3 requests for it'))).toHaveLength(2)
    const charge = spans.find((span) => span.name === 'paymux.payments.charge')
    expect(charge && childrenOf(charge).map((span) => span.attributes['paymux.attempt'])).toEqual([1])
  })

  it('prints each order as a tree of its own, in the order they ran', () => {
    const tops = tracing
      .report()
      .split('\n')
      .filter((line) => line.startsWith('demo.order '))
      .map((line) => line.replace(/ {2}\d+\.\d ms$/, ''))
    expect(tops).toEqual(
      [
        'order-1001',
        'order-1002',
        'bill-ACC-12345-2026-03',
        'order-1003',
        'order-1004',
        'order-1005',
        'renewal-2026-06',
        'order-1001 (resent)',
      ].map((order) => `demo.order ${order}`),
    )
  })

  it('nests order-1001: the router call, the FastStar operation under it, the HTTP attempt under that', () => {
    const router = only(childrenOf(order('order-1001')))
    expect(router).toMatchObject({ name: 'paymux.router.sessions.create', kind: INTERNAL })
    expect(router.attributes).toMatchObject({
      'paymux.operation': 'sessions.create',
      'paymux.gateway': 'faststar',
      'paymux.outcome': 'success',
    })
    const operation = only(childrenOf(router))
    expect(operation).toMatchObject({ name: 'paymux.sessions.create', kind: INTERNAL })
    expect(operation.attributes).toMatchObject({ 'paymux.gateway': 'faststar', 'paymux.outcome': 'success' })
    const attempt = only(childrenOf(operation))
    expect(attempt.kind).toBe(CLIENT)
    expect(attempt.name).toBe(`POST ${attempt.attributes['url.template']}`)
    expect(attempt.attributes).toMatchObject({
      'paymux.gateway': 'faststar',
      'paymux.attempt': 1,
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'server.address': '127.0.0.1',
    })
  })

  it('prints order-1001 as that tree', () => {
    const tree = tracing
      .report()
      .split('\n\n')
      .find((group) => group.startsWith('demo.order order-1001 '))
    const lines = tree?.replace(/\d+\.\d ms/g, 'n ms').split('\n')
    expect(lines?.slice(0, 4)).toEqual([
      'demo.order order-1001  n ms',
      '└─ paymux.router.sessions.create  n ms  paymux.gateway=faststar paymux.outcome=success',
      '   └─ paymux.sessions.create  n ms  paymux.gateway=faststar paymux.outcome=success',
      '      └─ POST /public/checkout/sessions  n ms  paymux.gateway=faststar paymux.attempt=1 http.response.status_code=200 paymux.outcome=success',
    ])
  })

  it('shows the failover of order-1003: three 503 attempts at FastStar, then Paystar, and the event', () => {
    const router = only(childrenOf(order('order-1003')))
    const [faststar, paystar, ...more] = childrenOf(router)
    expect(more).toEqual([])
    expect(faststar?.attributes).toMatchObject({
      'paymux.gateway': 'faststar',
      'paymux.outcome': 'error',
      'paymux.error.class': 'ProviderUnavailableError',
    })
    const attempts = childrenOf(faststar as ReadableSpan).map((span) => [
      span.attributes['paymux.attempt'],
      span.attributes['http.response.status_code'],
    ])
    expect(attempts).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
    ])
    expect(paystar?.attributes).toMatchObject({ 'paymux.gateway': 'paystar', 'paymux.outcome': 'success' })
    expect(router.attributes).toMatchObject({ 'paymux.gateway': 'paystar', 'paymux.failover.to': 'paystar' })
    expect(router.events.map((event) => [event.name, event.attributes])).toContainEqual([
      'paymux.failover',
      {
        'paymux.operation': 'sessions.create',
        'paymux.gateway': 'faststar',
        'paymux.failover.to': 'paystar',
        'paymux.error.class': 'ProviderUnavailableError',
      },
    ])
  })

  it('prints the failover event of order-1003 between the two gateways, where it happened', () => {
    const tree = tracing
      .report()
      .split('\n\n')
      .find((group) => group.startsWith('demo.order order-1003 '))
    const steps = (tree ?? '')
      .split('\n')
      .filter((line) => /^ {3}[├└]─ /.test(line))
      .map((line) => `${line.slice(6).split('  ')[0]} ${/ paymux\.gateway=(\w+)/.exec(line)?.[1]}`)
    expect(steps).toEqual([
      'paymux.sessions.create faststar',
      'event paymux.failover faststar',
      'paymux.sessions.create paystar',
    ])
  })

  it('records the breaker: opened in order-1004, FastStar skipped in order-1005, closed in the renewal', () => {
    const eventsOf = (reference: string) =>
      childrenOf(order(reference)).flatMap((router) =>
        router.events.map((event) => [event.name, event.attributes] as const),
      )
    expect(eventsOf('order-1004')).toContainEqual([
      'paymux.breaker.change',
      { 'paymux.gateway': 'faststar', 'paymux.breaker.state': 'open' },
    ])
    expect(eventsOf('order-1005')).toContainEqual([
      'paymux.gateway.skipped',
      { 'paymux.gateway': 'faststar', 'paymux.breaker.state': 'open' },
    ])
    expect(eventsOf('renewal-2026-06')).toContainEqual([
      'paymux.breaker.change',
      { 'paymux.gateway': 'faststar', 'paymux.breaker.state': 'closed' },
    ])
  })

  it('has one delivery span per webhook, with its outcome, the verification beneath it', () => {
    const deliveries = spans.filter((span) => span.name === 'paymux.webhooks.deliver')
    const outcomes = deliveries.map((span) => span.attributes['paymux.webhook.outcome'])
    const count = (outcome: string) => outcomes.filter((one) => one === outcome).length
    const handled = Object.values(report.webhooks).reduce((sum, tally) => sum + tally.handled, 0)
    const duplicates = Object.values(report.webhooks).reduce((sum, tally) => sum + tally.duplicates, 0)
    expect([count('handled'), count('duplicate'), count('refused')]).toEqual([handled, duplicates, 1])
    expect(deliveries).toHaveLength(handled + duplicates + 1)
    for (const delivery of deliveries) {
      expect(childrenOf(delivery).map((span) => span.name)).toContain('paymux.webhooks.verify')
    }
    const refused = deliveries.find((span) => span.attributes['paymux.webhook.outcome'] === 'refused')
    expect(refused?.attributes).toMatchObject({
      'paymux.gateway': 'faststar',
      'paymux.webhook.verified': false,
      'paymux.webhook.refusal': 'signature_mismatch',
      'http.response.status_code': 400,
    })
  })

  it("records none of the shop's secrets, e-mail addresses, names or references in a paymux span", () => {
    const forbidden = [
      ...Object.values(DEMO_WEBHOOK_SECRETS),
      'fk_test_demo_shop',
      'jane@example.com',
      'john@example.com',
      'sam@example.com',
      'Jane Buyer',
      'John',
      'Doe',
      'order-10',
      'ACC-12345',
      'renewal-2026',
      'Coffee',
      'Espresso',
      'water bill',
    ]
    const paymux = spans.filter((span) => span.instrumentationScope.name === '@paymux/core')
    expect(paymux.length).toBeGreaterThan(20)
    const recorded = JSON.stringify(
      paymux.map((span) => [span.name, span.attributes, span.events, span.status.message]),
    )
    for (const value of forbidden) expect(recorded).not.toContain(value)
  })
})

describe('pnpm demo (src/main.ts)', () => {
  const demo = fileURLToPath(new URL('..', import.meta.url))
  // Refuses the demo's own code any OpenTelemetry package, and everyone the SDK's: a plain run must
  // need none of them (paymux itself may load the API, which records nothing without an SDK).
  const refuseOtel = `export async function resolve(specifier, context, next) {
    const own = context.parentURL?.includes('/packages/demo/src/')
    if (/^@opentelemetry\\//.test(specifier) && (own || !specifier.startsWith('@opentelemetry/api')))
      throw new Error('the demo loaded ' + specifier)
    return next(specifier, context)
  }`
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(refuseOtel)}`)})`

  const runMain = (args: string[], nodeFlags: string[] = []) =>
    new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--conditions=@paymux/source', ...nodeFlags, 'src/main.ts', ...args],
        { cwd: demo, stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let out = ''
      child.stdout.on('data', (chunk) => {
        out += chunk
      })
      child.stderr.on('data', (chunk) => {
        out += chunk
      })
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, out }))
    })

  it('prints each order’s trace tree with --trace', async () => {
    const { code, out } = await runMain(['--trace'])
    expect(out).toContain('The trace tree of each order (--trace):')
    expect(out).toMatch(/\ndemo\.order order-1001 {2}\d+\.\d ms\n└─ paymux\.router\.sessions\.create /)
    expect(out).toMatch(/\ndemo\.order order-1005 {2}/)
    expect(code).toBe(0)
  }, 60_000)

  it('loads no OpenTelemetry package of its own without --trace, and prints no tree', async () => {
    const { code, out } = await runMain([], [`--import=data:text/javascript,${encodeURIComponent(register)}`])
    expect(out).not.toContain('the demo loaded')
    expect(out).not.toContain('demo.order')
    expect(out).toContain('Every step went as expected')
    expect(code).toBe(0)
  }, 60_000)

  it('is refused an OpenTelemetry package by the same hook with --trace (the hook works)', async () => {
    const { code, out } = await runMain(
      ['--trace'],
      [`--import=data:text/javascript,${encodeURIComponent(register)}`],
    )
    expect(out).toContain('the demo loaded @opentelemetry/')
    expect(code).toBe(1)
  }, 60_000)
})
