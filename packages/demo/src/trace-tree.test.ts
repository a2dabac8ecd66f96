import { type HrTime, ROOT_CONTEXT, type Span, SpanStatusCode, trace } from '@opentelemetry/api'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { formatTraceTrees } from './trace-tree.js'

/** A provider of its own, not the global one: parents are handed in, so no context manager is needed. */
function recorder() {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const tracer = provider.getTracer('trace-tree.test')
  /** `at` and `until` in ms after a fixed second, so durations are exact. */
  const start = (name: string, at: number, parent?: Span) =>
    tracer.startSpan(
      name,
      { startTime: time(at) },
      parent === undefined ? ROOT_CONTEXT : trace.setSpan(ROOT_CONTEXT, parent),
    )
  return { exporter, start, time }
}

function time(ms: number): HrTime {
  return [1_700_000_000, ms * 1_000_000]
}

describe('formatTraceTrees', () => {
  it('puts children under their parents, by start time, with durations, the key attributes and events', () => {
    const { exporter, start } = recorder()
    const order = start('demo.order order-1003', 0)
    const router = start('paymux.router.sessions.create', 1, order)
    router.setAttributes({
      'paymux.operation': 'sessions.create',
      'paymux.outcome': 'success',
      'paymux.gateway': 'paystar',
      'paymux.failover.to': 'paystar',
    })
    // Started in the opposite order of their start times, and the later one ends first.
    const paystar = start('paymux.sessions.create', 30, router)
    paystar.setAttributes({ 'paymux.gateway': 'paystar', 'paymux.outcome': 'success' })
    paystar.end(time(36.5))
    const faststar = start('paymux.sessions.create', 2, router)
    faststar.setAttributes({
      'paymux.outcome': 'error',
      'paymux.gateway': 'faststar',
      'paymux.error.class': 'ProviderUnavailableError',
      'error.type': 'ProviderUnavailableError',
    })
    faststar.setStatus({
      code: SpanStatusCode.ERROR,
      message: 'ProviderUnavailableError: provider_unavailable',
    })
    for (const attempt of [2, 1]) {
      const http = start('POST /checkout/sessions', attempt * 10, faststar)
      http.setAttributes({
        'http.response.status_code': 503,
        'paymux.attempt': attempt,
        'url.template': '/checkout/sessions',
        ...(attempt > 1 ? { 'http.request.resend_count': attempt - 1 } : {}),
      })
      http.end(time(attempt * 10 + 4))
    }
    faststar.end(time(25))
    router.addEvent(
      'paymux.failover',
      {
        'paymux.gateway': 'faststar',
        'paymux.failover.to': 'paystar',
        'paymux.error.class': 'ProviderUnavailableError',
      },
      time(26),
    )
    router.addEvent(
      'paymux.breaker.change',
      { 'paymux.gateway': 'faststar', 'paymux.breaker.state': 'open' },
      time(26),
    )
    router.end(time(37))
    order.end(time(40.25))

    expect(formatTraceTrees(exporter.getFinishedSpans()).split('\n')).toEqual([
      'demo.order order-1003  40.3 ms',
      '└─ paymux.router.sessions.create  36.0 ms  paymux.gateway=paystar paymux.outcome=success paymux.failover.to=paystar',
      '   ├─ paymux.sessions.create  23.0 ms  paymux.gateway=faststar paymux.outcome=error paymux.error.class=ProviderUnavailableError status=ERROR',
      '   │  ├─ POST /checkout/sessions  4.0 ms  paymux.attempt=1 http.response.status_code=503',
      '   │  └─ POST /checkout/sessions  4.0 ms  paymux.attempt=2 http.request.resend_count=1 http.response.status_code=503',
      '   ├─ event paymux.failover  at +25.0 ms  paymux.gateway=faststar paymux.failover.to=paystar paymux.error.class=ProviderUnavailableError',
      '   ├─ event paymux.breaker.change  at +25.0 ms  paymux.gateway=faststar paymux.breaker.state=open',
      '   └─ paymux.sessions.create  6.5 ms  paymux.gateway=paystar paymux.outcome=success',
    ])
  })

  it('prints the traces that started while an earlier one was open beneath it, and a later one apart', () => {
    const { exporter, start } = recorder()
    const first = start('demo.order order-1001', 0)
    const delivery = start('paymux.webhooks.deliver', 5)
    delivery.setAttributes({
      'paymux.gateway': 'faststar',
      'paymux.webhook.event_type': 'payment.succeeded',
      'paymux.webhook.outcome': 'handled',
      'paymux.webhook.verified': true,
      'paymux.webhook.duplicate': false,
    })
    start('paymux.webhooks.verify', 5.5, delivery).end(time(6))
    delivery.end(time(7))
    const refused = start('paymux.webhooks.deliver', 8)
    refused.setAttributes({ 'paymux.webhook.outcome': 'refused', 'paymux.webhook.refusal': 'invalid body' })
    refused.end(time(8.5))
    first.end(time(10))
    const second = start('demo.order order-1002', 10)
    second.end(time(12))

    expect(formatTraceTrees(exporter.getFinishedSpans())).toBe(
      [
        'demo.order order-1001  10.0 ms',
        'started meanwhile, in traces of their own:',
        '  paymux.webhooks.deliver  2.0 ms  paymux.gateway=faststar paymux.webhook.event_type=payment.succeeded paymux.webhook.verified=true paymux.webhook.duplicate=false paymux.webhook.outcome=handled',
        '  └─ paymux.webhooks.verify  0.5 ms',
        // A value with a space in it is quoted, so the pairs stay apart.
        '  paymux.webhooks.deliver  0.5 ms  paymux.webhook.outcome=refused paymux.webhook.refusal="invalid body"',
        '',
        'demo.order order-1002  2.0 ms',
      ].join('\n'),
    )
  })

  it('makes a root of a span whose parent it was not given', () => {
    const { exporter, start } = recorder()
    const parent = start('never ended', 0)
    start('POST /payments', 1, parent).end(time(3))
    const child = start('GET /payments/:paymentId', 5, parent)
    child.end(time(6))
    expect(formatTraceTrees(exporter.getFinishedSpans())).toBe(
      ['POST /payments  2.0 ms', '', 'GET /payments/:paymentId  1.0 ms'].join('\n'),
    )
  })

  it('prints nothing for no spans', () => {
    expect(formatTraceTrees([])).toBe('')
  })
})
