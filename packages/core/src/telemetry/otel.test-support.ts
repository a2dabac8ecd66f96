// The OpenTelemetry SDK as a test registers it: an in-memory span exporter, a
// metric reader collected on demand, and the context manager that carries the
// active span across awaits. Registration is global: every test file calls
// `resetOtel` after each test, so no provider leaks into the next one.
import { context, metrics, type Span, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { type DataPoint, type Histogram, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'

/** A metric reader the test collects when it wants to look. */
class CollectingReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve()
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve()
  }
}

/** One data point of a metric: its attributes, and its sum (a counter) or its count (a histogram). */
export interface Point {
  readonly attributes: Record<string, unknown>
  readonly value: number
}

/** A tracer provider and a meter provider of their own, read back in memory. */
export interface OtelSdk {
  readonly tracerProvider: BasicTracerProvider
  readonly meterProvider: MeterProvider
  /** Every finished span, in the order they ended. */
  spans(): ReadableSpan[]
  /** The finished spans named `name`, in the order they ended. */
  named(name: string): ReadableSpan[]
  /** The one finished span named `name`; throws if there is not exactly one. */
  only(name: string): ReadableSpan
  /** The finished spans whose parent is `span`, in the order they started. */
  children(span: ReadableSpan): ReadableSpan[]
  /** The data points of metric `name` (empty when nothing was recorded). */
  points(name: string): Promise<Point[]>
  /** The names of every metric that has data. */
  metricNames(): Promise<string[]>
}

/** An SDK that is NOT registered globally: hand its tracer and meter in, or register it. */
export function createOtelSdk(): OtelSdk {
  const exporter = new InMemorySpanExporter()
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const reader = new CollectingReader()
  const meterProvider = new MeterProvider({ readers: [reader] })
  const collect = async () => {
    const { resourceMetrics, errors } = await reader.collect()
    if (errors.length > 0) throw new AggregateError(errors, 'the metric reader failed')
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics)
  }
  const spans = () => exporter.getFinishedSpans()
  const named = (name: string) => spans().filter((span) => span.name === name)
  return {
    tracerProvider,
    meterProvider,
    spans,
    named,
    only(name) {
      const found = named(name)
      if (found.length !== 1) {
        const all = spans().map((span) => span.name)
        throw new Error(`expected one span "${name}", found ${found.length} among ${JSON.stringify(all)}`)
      }
      return found[0] as ReadableSpan
    },
    children: (parent) =>
      spans()
        .filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId)
        .sort((a, b) => compareTime(a.startTime, b.startTime)),
    async points(name) {
      const metric = (await collect()).find((candidate) => candidate.descriptor.name === name)
      if (metric === undefined) return []
      return (metric.dataPoints as DataPoint<number | Histogram>[]).map((point) => ({
        attributes: { ...point.attributes },
        value: typeof point.value === 'number' ? point.value : point.value.count,
      }))
    },
    async metricNames() {
      return (await collect()).filter((metric) => metric.dataPoints.length > 0).map((m) => m.descriptor.name)
    },
  }
}

/**
 * Registers a fresh SDK globally (tracer provider, meter provider, and an
 * AsyncLocalStorage context manager, as the Node SDK would): what a user
 * with OpenTelemetry set up has. Undo it with {@link resetOtel}.
 */
export function registerOtel(): OtelSdk {
  const sdk = createOtelSdk()
  trace.setGlobalTracerProvider(sdk.tracerProvider)
  metrics.setGlobalMeterProvider(sdk.meterProvider)
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  return sdk
}

/** Unregisters every global provider and the context manager (for `afterEach`). */
export function resetOtel(): void {
  trace.disable()
  metrics.disable()
  context.disable()
}

/** Runs `run` inside an active span of the application's own, as a request handler would, and ends it. */
export function inAppSpan<T>(name: string, run: (span: Span) => Promise<T>): Promise<T> {
  return trace.getTracer('test-app').startActiveSpan(name, async (span) => {
    try {
      return await run(span)
    } finally {
      span.end()
    }
  })
}

/** The span's parent span id, if it has a parent. */
export function parentIdOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId
}

/** The span's own id. */
export function idOf(span: ReadableSpan): string {
  return span.spanContext().spanId
}

/** The span's trace id. */
export function traceIdOf(span: ReadableSpan): string {
  return span.spanContext().traceId
}

function compareTime(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1]
}
