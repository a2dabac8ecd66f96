import { type AttributeValue, context, metrics, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { type DataPoint, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'

// An OpenTelemetry SDK as an application registers it, kept in memory: every span ends up in an
// in-memory exporter, every metric is read on demand. Registered globally, as the Node SDK does, so
// paymux finds it through `@opentelemetry/api` with no telemetry option at all.

/** A metric reader that only collects when asked: no timer, no exporter. */
class OnDemandMetricReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve()
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve()
  }
}

/** One metric data point, flattened: the instrument's name and the point's attributes. */
export interface RecordedPoint {
  readonly metric: string
  readonly attributes: DataPoint<unknown>['attributes']
  /** The sum of a counter, the count of a histogram. */
  readonly value: number
}

/** The SDK {@link installOtel} registered. */
export interface OtelHarness {
  /** Every span finished so far, in the order they ended. */
  spans(): readonly ReadableSpan[]
  /** Every metric data point recorded so far (cumulative). */
  points(): Promise<readonly RecordedPoint[]>
  /** Forgets the finished spans (metrics stay cumulative). */
  resetSpans(): void
}

/**
 * Registers a tracer provider, a meter provider and an AsyncLocalStorage
 * context manager globally; {@link uninstallOtel} takes them away again.
 */
export function installOtel(): OtelHarness {
  const exporter = new InMemorySpanExporter()
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  )
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  const reader = new OnDemandMetricReader()
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }))
  return {
    spans: () => exporter.getFinishedSpans(),
    resetSpans: () => exporter.reset(),
    async points() {
      const { resourceMetrics } = await reader.collect()
      return resourceMetrics.scopeMetrics.flatMap((scope) =>
        scope.metrics.flatMap((metric) =>
          (metric.dataPoints as DataPoint<unknown>[]).map((point) => ({
            metric: metric.descriptor.name,
            attributes: point.attributes,
            value: pointValue(point.value),
          })),
        ),
      )
    },
  }
}

/** Undoes {@link installOtel}: the API is back to its no-op state. */
export function uninstallOtel(): void {
  trace.disable()
  metrics.disable()
  context.disable()
}

function pointValue(value: unknown): number {
  if (typeof value === 'number') return value
  const count = (value as { count?: unknown } | null)?.count
  return typeof count === 'number' ? count : Number.NaN
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
