// The OpenTelemetry SDK as a test registers it: an in-memory span exporter, a
// metric reader collected on demand, and the context manager that carries the
// active span across awaits. Registration is global: every test file calls
// `resetOtel` after each test, so no provider leaks into the next one.
// The fault matrix's telemetry tests use it too (by relative path), with the
// collector at the end of this file that looks for values in all that was recorded.
import { type Attributes, type AttributeValue, context, metrics, type Span, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  type MetricData,
  MetricReader,
} from '@opentelemetry/sdk-metrics'
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
  readonly attributes: Attributes
  readonly value: number
}

/** A data point of any metric: the instrument's name beside the point. */
export interface RecordedPoint extends Point {
  readonly metric: string
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
  /** Forgets the finished spans (metrics stay cumulative). */
  resetSpans(): void
  /** The data points of metric `name` (empty when nothing was recorded). */
  points(name: string): Promise<Point[]>
  /** The data points of every metric, each with its metric's name (cumulative). */
  allPoints(): Promise<RecordedPoint[]>
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
    resetSpans: () => exporter.reset(),
    async points(name) {
      const metric = (await collect()).find((candidate) => candidate.descriptor.name === name)
      return metric === undefined ? [] : pointsOf(metric)
    },
    async allPoints() {
      return (await collect()).flatMap((metric) =>
        pointsOf(metric).map((point) => ({ metric: metric.descriptor.name, ...point })),
      )
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

function pointsOf(metric: MetricData): Point[] {
  return (metric.dataPoints as DataPoint<number | Histogram>[]).map((point) => ({
    attributes: { ...point.attributes },
    value: typeof point.value === 'number' ? point.value : point.value.count,
  }))
}

/** One string the SDK received from paymux, and where: `span "POST /x" attribute url.template`. */
export interface RecordedText {
  readonly where: string
  readonly text: string
}

/**
 * Every string recorded: each span's name, status message, every attribute
 * key and value, each event's name and attributes, each link's attributes;
 * each metric's name and every data point's attribute keys and values.
 * Numbers and booleans are included as text. Resource and scope are left out
 * (the application's and paymux's own names).
 */
export function recordedTexts(
  spans: readonly ReadableSpan[],
  points: readonly RecordedPoint[],
): RecordedText[] {
  const texts: RecordedText[] = []
  const add = (where: string, text: string) => texts.push({ where, text })
  const addAttributes = (where: string, attributes: Readonly<Record<string, AttributeValue | undefined>>) => {
    for (const [key, value] of Object.entries(attributes)) {
      add(`${where} attribute key`, key)
      for (const item of Array.isArray(value) ? value : [value])
        add(`${where} attribute ${key}`, String(item))
    }
  }
  for (const span of spans) {
    const where = `span "${span.name}"`
    add(`${where} name`, span.name)
    if (span.status.message !== undefined) add(`${where} status message`, span.status.message)
    addAttributes(where, span.attributes)
    for (const event of span.events) {
      add(`${where} event name`, event.name)
      addAttributes(`${where} event "${event.name}"`, event.attributes ?? {})
    }
    for (const link of span.links) addAttributes(`${where} link`, link.attributes ?? {})
  }
  for (const point of points) {
    add(`metric ${point.metric} name`, point.metric)
    addAttributes(`metric ${point.metric} point`, point.attributes)
  }
  return texts
}

/** `value` as it may be written down: as it is, URL-encoded (both ways), and JSON-escaped. */
export function writtenForms(value: string): string[] {
  const forms = [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
  ]
  return [...new Set(forms)]
}

/** Each recorded text that contains a written form of a value in `values` (by its label), described. */
export function findLeaks(
  texts: readonly RecordedText[],
  values: Readonly<Record<string, string>>,
): string[] {
  const found: string[] = []
  for (const [label, value] of Object.entries(values)) {
    for (const form of writtenForms(value)) {
      for (const { where, text } of texts) {
        if (text.includes(form)) found.push(`${where} = ${JSON.stringify(text)} contains the ${label}`)
      }
    }
  }
  return found
}
