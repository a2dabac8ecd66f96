import type { HrTime } from '@opentelemetry/api'
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base'
import type { OrderScope } from './storefront.js'
import { formatTraceTrees, type TreeSpan } from './trace-tree.js'

/** The demo's OpenTelemetry set-up under `--trace`: spans kept in memory, printed as trees at the end. */
export interface DemoTracing {
  /** Runs one order of the storefront inside a span of its own, `demo.order <reference>`. */
  readonly inOrder: OrderScope
  /** Every span finished so far. */
  spans(): readonly ReadableSpan[]
  /** The finished spans as text trees, one per order (see `formatTraceTrees`). */
  report(): string
  /** Unregisters the tracer provider and the context manager (a test's clean-up). */
  stop(): Promise<void>
}

/**
 * Registers a global tracer provider that keeps every span in memory, and an
 * AsyncLocalStorage context manager, without which no span would find its
 * parent. Call it before the shop builds its gateways and router. The
 * OpenTelemetry packages are imported here, dynamically, so `pnpm demo`
 * without `--trace` loads none of them.
 */
export async function startTracing(): Promise<DemoTracing> {
  const [{ context, trace, SpanStatusCode }, sdk, { AsyncLocalStorageContextManager }] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/context-async-hooks'),
  ])
  const exporter = new sdk.InMemorySpanExporter()
  const starts = new Map<string, number>()
  const ends = new Map<string, number>()
  const now = () => performance.timeOrigin + performance.now()
  const clock: SpanProcessor = {
    onStart: (span) => void starts.set(span.spanContext().spanId, now()),
    onEnd: (span) => void ends.set(span.spanContext().spanId, now()),
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  }
  const provider = new sdk.BasicTracerProvider({
    spanProcessors: [clock, new sdk.SimpleSpanProcessor(exporter)],
  })
  const contextManager = new AsyncLocalStorageContextManager().enable()
  // Both return false when something registered first; then paymux's spans would go elsewhere.
  if (!context.setGlobalContextManager(contextManager) || !trace.setGlobalTracerProvider(provider)) {
    contextManager.disable()
    throw new Error('--trace: an OpenTelemetry context manager or tracer provider is registered already')
  }
  const tracer = provider.getTracer('@paymux/demo')
  return {
    inOrder: (order, run) =>
      tracer.startActiveSpan(`demo.order ${order}`, async (span) => {
        try {
          return await run()
        } catch (error) {
          // The class name only: a message may quote input.
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error instanceof Error ? error.name : 'thrown',
          })
          throw error
        } finally {
          span.end()
        }
      }),
    spans: () => exporter.getFinishedSpans(),
    report: () =>
      formatTraceTrees(
        exporter
          .getFinishedSpans()
          .map((span) =>
            reanchored(span, starts.get(span.spanContext().spanId), ends.get(span.spanContext().spanId)),
          ),
      ),
    async stop() {
      await provider.shutdown()
      trace.disable()
      context.disable()
    },
  }
}

/**
 * The span on the monotonic clock. The SDK anchors each span's start to
 * `Date.now()`, whole milliseconds, and measures its end and events from
 * there: a span started right after another may then seem to start before it
 * ended, and a child to start before an event it came after. Moved to the
 * start `onStart` saw and the end `onEnd` saw, both on one monotonic clock (a
 * busy machine can stretch the SDK's own measure past the next span's start),
 * every span keeps its events' offsets.
 */
function reanchored(span: ReadableSpan, start: number | undefined, end: number | undefined): TreeSpan {
  if (start === undefined) return span
  const shift = start - millis(span.startTime)
  const moved = (time: HrTime) => hrTime(millis(time) + shift)
  return {
    name: span.name,
    spanContext: () => span.spanContext(),
    ...(span.parentSpanContext === undefined ? {} : { parentSpanContext: span.parentSpanContext }),
    startTime: hrTime(start),
    endTime: end === undefined ? moved(span.endTime) : hrTime(end),
    attributes: span.attributes,
    events: span.events.map((event) => ({ ...event, time: moved(event.time) })),
    status: span.status,
  }
}

function millis([seconds, nanos]: HrTime): number {
  return seconds * 1000 + nanos / 1e6
}

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000)
  return [seconds, Math.min(999_999_999, Math.round((ms - seconds * 1000) * 1e6))]
}
