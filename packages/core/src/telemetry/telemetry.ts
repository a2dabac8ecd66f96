import type {
  Attributes,
  Context,
  Counter,
  Histogram,
  Meter,
  MeterProvider,
  Span,
  Tracer,
} from '@opentelemetry/api'
import { apiOf, loadOtelApi, type OtelApi, otelApiNow } from './otel-api.js'
import { type TelemetryOption, type TelemetrySettings, telemetryOff } from './telemetry-settings.js'

/** The instrumentation scope of every span and instrument paymux makes. */
export const TELEMETRY_SCOPE = '@paymux/core'

/** Attribute values paymux records: ids of gateways and operations, outcomes, classes, numbers. */
export type TelemetryAttributes = Readonly<Record<string, string | number | boolean | undefined>>

/** What the code inside a span may add to it. */
export interface SpanNote {
  /** Sets attributes on the span (and, for those a metric keeps, on its measurement). */
  set(attributes: TelemetryAttributes): void
  /** Marks the span failed without an exception (a refused webhook): `reason` is a code, never a message. */
  fail(reason: string): void
}

/** How {@link Telemetry.span} records. */
export interface SpanOptions {
  /** The histogram the span's duration goes to, if any. */
  readonly duration?: 'paymux.operation.duration' | 'paymux.router.duration'
  /** Only when no paymux span is active: a native call made directly, not from an operation. */
  readonly outermost?: boolean
}

/** One HTTP attempt being recorded. */
export interface AttemptRecord {
  /** Runs `send` inside the attempt's context, so an instrumented `fetch` nests under it. */
  run<T>(send: () => Promise<T>): Promise<T>
  /** The answer's status, once it came. */
  status(code: number): void
  /** Ends the attempt: failed with `error`, or answered. */
  end(error?: unknown): void
}

/** The counters paymux keeps. */
export type CounterName =
  | 'paymux.http.retries'
  | 'paymux.router.failovers'
  | 'paymux.breaker.changes'
  | 'paymux.webhook.deliveries'

/**
 * One object's telemetry (a gateway's transport, a router, a webhook handler).
 * Nothing in it ever throws into the caller or changes an outcome: a broken
 * tracer costs the spans, never the payment.
 */
export interface Telemetry {
  /** Runs `run` inside a span named `name`, and ends it with the outcome; `run`'s result and error pass through. */
  span<T>(
    name: string,
    attributes: TelemetryAttributes,
    run: (note: SpanNote) => Promise<T>,
    options?: SpanOptions,
  ): Promise<T>
  /**
   * Starts an HTTP attempt span under the active one; nothing while
   * `@opentelemetry/api` is absent or loading, or when neither a span nor a
   * metric would be recorded. `attributes` is called only when they will be.
   */
  attempt(name: string, attributes: () => TelemetryAttributes): AttemptRecord | undefined
  /** Adds 1 to counter `name`. */
  count(name: CounterName, attributes: TelemetryAttributes): void
  /** An event on the innermost paymux span of the active context. */
  event(name: string, attributes: TelemetryAttributes): void
  /** Attributes on the innermost paymux span of the active context. */
  annotate(attributes: TelemetryAttributes): void
  /** Settles once `@opentelemetry/api` is loaded or known absent; `undefined` when it already is. */
  ready(): Promise<unknown> | undefined
}

/** The attributes metrics keep: the rest (ids, attempt numbers) would explode their cardinality. */
const METRIC_KEYS: ReadonlySet<string> = new Set([
  'paymux.gateway',
  'paymux.operation',
  'paymux.outcome',
  'paymux.error.class',
  'http.response.status_code',
])

/**
 * The telemetry of one object for its `telemetry` option: `undefined` when the
 * option turns it off. `@opentelemetry/api` is loaded on the first span, not
 * here.
 */
export function createTelemetry(option: TelemetryOption | undefined): Telemetry | undefined {
  if (telemetryOff(option)) return undefined
  const settings: TelemetrySettings = option === undefined || option === false ? {} : option
  // undefined: the API has not settled yet; null: absent, nothing is ever recorded.
  let recorder: Recorder | null | undefined
  if (settings.api !== undefined) {
    // Handed in (a bundle): nothing is imported. The settings check refused anything else.
    const api = apiOf(settings.api)
    recorder = api === null ? null : createRecorder(api, settings)
  }
  const settle = (api: OtelApi | null) => {
    recorder ??= api === null ? null : createRecorder(api, settings)
    return recorder
  }
  const current = () => {
    if (recorder === undefined) {
      const api = otelApiNow()
      if (api !== undefined) settle(api)
    }
    return recorder
  }
  return {
    span(name, attributes, run, options = {}) {
      const now = current()
      if (now === null) return run(NO_NOTE)
      if (now !== undefined) return now.span(name, attributes, run, options)
      return loadOtelApi().then((api) => {
        const loaded = settle(api)
        return loaded === null ? run(NO_NOTE) : loaded.span(name, attributes, run, options)
      })
    },
    attempt: (name, attributes) => current()?.attempt(name, attributes),
    count: (name, attributes) => current()?.count(name, attributes),
    event: (name, attributes) => current()?.event(name, attributes),
    annotate: (attributes) => current()?.annotate(attributes),
    ready: () => (current() === undefined ? loadOtelApi().then(settle) : undefined),
  }
}

const owners = new WeakMap<object, Telemetry>()

/** Remembers `telemetry` as `owner`'s (a transport, a native client, a router's webhooks). */
export function attachTelemetry<T extends object>(owner: T, telemetry: Telemetry | undefined): T {
  if (telemetry !== undefined) owners.set(owner, telemetry)
  return owner
}

/** The telemetry {@link attachTelemetry} remembered for `owner`. */
export function telemetryOf(owner: unknown): Telemetry | undefined {
  return typeof owner === 'object' && owner !== null ? owners.get(owner) : undefined
}

/**
 * The attributes of a failure: the error's class (`paymux.error.class`, and
 * OpenTelemetry's `error.type`). Never its message, which may quote input,
 * nor its `code`, which a provider's answer may fill with anything it likes
 * (a name, a reference, a card number).
 */
export function errorAttributes(error: unknown): Record<string, string> {
  const name = error instanceof Error && SAFE_NAME.test(error.name) ? error.name : 'Error'
  return { 'paymux.error.class': name, 'error.type': name }
}

const SAFE_NAME = /^[A-Za-z_$][\w$]{0,63}$/
const NO_NOTE: SpanNote = { set: () => undefined, fail: () => undefined }
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30]

type Recorder = Omit<Telemetry, 'ready' | 'span'> & {
  span<T>(
    name: string,
    attributes: TelemetryAttributes,
    run: (note: SpanNote) => Promise<T>,
    options: SpanOptions,
  ): Promise<T>
}

interface Instruments {
  readonly histograms: Readonly<Record<NonNullable<SpanOptions['duration']>, Histogram>>
  readonly attempts: Counter
  readonly counters: Readonly<Record<CounterName, Counter>>
}

type AttributeMap = Record<string, string | number | boolean>

/** A paymux span in progress: the innermost one is kept in the context, for events and notes. */
class Handle implements SpanNote {
  failure: string | undefined
  errorClass: string | undefined
  errorCode: string | undefined
  constructor(
    readonly span: Span,
    readonly recording: boolean,
    /** What its duration is recorded with: the metric attributes only. */
    readonly metric: AttributeMap | undefined,
  ) {}
  set(attributes: TelemetryAttributes): void {
    guarded(() => {
      for (const key in attributes) {
        const value = attributes[key]
        if (value === undefined) continue
        if (this.recording) this.span.setAttribute(key, value)
        if (this.metric !== undefined && METRIC_KEYS.has(key)) this.metric[key] = value
      }
    })
  }
  fail(reason: string): void {
    this.failure = reason
  }
}

function createRecorder(api: OtelApi, settings: TelemetrySettings): Recorder {
  const { context, trace, metrics, SpanKind, SpanStatusCode } = api
  const HANDLE = api.createContextKey('paymux span')
  // The global tracer is a proxy: an SDK registered after this still gets the spans.
  const tracer = (settings.tracer as Tracer | undefined) ?? trace.getTracer(TELEMETRY_SCOPE)
  const noopMeter = api.createNoopMeter()
  const givenMeter = settings.meter as Meter | undefined
  let cached: { provider: MeterProvider | undefined; instruments: Instruments | undefined } | undefined
  /**
   * The instruments of the current meter provider, or nothing when it is the
   * no-op one (no SDK): the metrics API has no proxy, so an SDK registered
   * later means new instruments.
   */
  const instrumentsNow = (): Instruments | undefined => {
    try {
      const provider = givenMeter === undefined ? metrics.getMeterProvider() : undefined
      if (cached !== undefined && cached.provider === provider) return cached.instruments
      const meter = givenMeter ?? (provider as MeterProvider).getMeter(TELEMETRY_SCOPE)
      cached = { provider, instruments: meter === noopMeter ? undefined : createInstruments(meter) }
      return cached.instruments
    } catch {
      // A meter that cannot make its instruments costs the metrics, never the spans.
      return undefined
    }
  }
  const handleNow = () => context.active().getValue(HANDLE) as Handle | undefined

  function finish(handle: Handle, error: unknown, started: number, options: SpanOptions): void {
    guarded(() => {
      const failed = error !== undefined || handle.failure !== undefined
      handle.set({ 'paymux.outcome': failed ? 'error' : 'success' })
      if (error !== undefined) handle.set(errorAttributes(error))
      if (failed && handle.recording) {
        // The class of the error thrown, or the reason a span failed without one (a code of paymux's own).
        const message =
          error === undefined
            ? (handle.failure ?? 'failed')
            : (errorAttributes(error)['error.type'] ?? 'Error')
        handle.span.setStatus({ code: SpanStatusCode.ERROR, message })
      }
      handle.span.end()
      if (options.duration !== undefined && handle.metric !== undefined) {
        instrumentsNow()?.histograms[options.duration].record(
          (performance.now() - started) / 1000,
          handle.metric,
        )
      }
    })
  }

  /** The span of a call and the context to run it in; nothing when nothing is to be recorded, or starting failed. */
  function guardedStart(
    name: string,
    attributes: TelemetryAttributes,
    options: SpanOptions,
  ): { handle: Handle; scope: Context } | undefined {
    try {
      const parent = context.active()
      if (options.outermost === true && parent.getValue(HANDLE) !== undefined) return undefined
      const span = tracer.startSpan(
        name,
        { kind: SpanKind.INTERNAL, attributes: attributes as Attributes },
        parent,
      )
      const recording = span.isRecording()
      const measured = options.duration !== undefined && instrumentsNow() !== undefined
      // No SDK (or a span sampled out, and no metric): nothing to record, nothing to carry.
      if (!recording && !measured) {
        span.end()
        return undefined
      }
      const handle = new Handle(span, recording, measured ? metricAttributes(attributes) : undefined)
      return { handle, scope: trace.setSpan(parent, span).setValue(HANDLE, handle) }
    } catch {
      return undefined
    }
  }

  return {
    async span(name, attributes, run, options) {
      // `run` is called exactly once, outside every guard: only starting the span may fail quietly.
      const started = guardedStart(name, attributes, options)
      if (started === undefined) return run(NO_NOTE)
      const { handle, scope } = started
      const startedAt = performance.now()
      let result: Awaited<ReturnType<typeof run>>
      try {
        result = await context.with(scope, run, undefined, handle)
      } catch (error) {
        finish(handle, error, startedAt, options)
        throw error
      }
      finish(handle, undefined, startedAt, options)
      return result
    },

    attempt(name, attributesOf) {
      try {
        const parent = context.active()
        const instruments = instrumentsNow()
        const span = tracer.startSpan(name, { kind: SpanKind.CLIENT }, parent)
        const recording = span.isRecording()
        if (!recording && instruments === undefined) {
          span.end()
          return undefined
        }
        const attributes = attributesOf()
        if (recording) span.setAttributes(defined(attributes))
        const metric = metricAttributes(attributes)
        const scope = trace.setSpan(parent, span)
        return {
          run: (send) => context.with(scope, send),
          status: (code) =>
            guarded(() => {
              metric['http.response.status_code'] = code
              if (recording) span.setAttribute('http.response.status_code', code)
            }),
          end: (error) =>
            guarded(() => {
              metric['paymux.outcome'] = error === undefined ? 'success' : 'error'
              const failure = error === undefined ? undefined : errorAttributes(error)
              if (failure !== undefined)
                metric['paymux.error.class'] = failure['paymux.error.class'] as string
              if (recording) {
                span.setAttributes({ 'paymux.outcome': metric['paymux.outcome'] as string, ...failure })
                if (failure !== undefined)
                  span.setStatus({ code: SpanStatusCode.ERROR, message: failure['error.type'] ?? 'Error' })
              }
              span.end()
              instruments?.attempts.add(1, metric)
            }),
        }
      } catch {
        return undefined
      }
    },

    count: (name, attributes) => guarded(() => instrumentsNow()?.counters[name].add(1, defined(attributes))),
    event: (name, attributes) =>
      guarded(() => {
        const handle = handleNow()
        if (handle?.recording === true) handle.span.addEvent(name, defined(attributes))
      }),
    annotate: (attributes) => handleNow()?.set(attributes),
  }
}

function createInstruments(meter: Meter): Instruments {
  const histogram = (name: string, description: string) =>
    meter.createHistogram(name, {
      unit: 's',
      description,
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    })
  const counter = (name: CounterName, unit: string, description: string) =>
    meter.createCounter(name, { unit, description })
  return {
    histograms: {
      'paymux.operation.duration': histogram(
        'paymux.operation.duration',
        'How long a gateway operation took, retries included.',
      ),
      'paymux.router.duration': histogram(
        'paymux.router.duration',
        'How long a router call took, failovers included.',
      ),
    },
    attempts: meter.createCounter('paymux.http.attempts', {
      unit: '{attempt}',
      description: 'HTTP attempts sent to a provider.',
    }),
    counters: {
      'paymux.http.retries': counter('paymux.http.retries', '{retry}', 'Failed HTTP attempts sent again.'),
      'paymux.router.failovers': counter(
        'paymux.router.failovers',
        '{failover}',
        'Calls moved to the next gateway after one was unavailable.',
      ),
      'paymux.breaker.changes': counter(
        'paymux.breaker.changes',
        '{change}',
        "Changes of a gateway's circuit breaker (open, closed).",
      ),
      'paymux.webhook.deliveries': counter(
        'paymux.webhook.deliveries',
        '{delivery}',
        'Webhook deliveries received, by outcome.',
      ),
    },
  }
}

function metricAttributes(attributes: TelemetryAttributes): AttributeMap {
  const kept: AttributeMap = {}
  for (const key in attributes) {
    const value = attributes[key]
    if (value !== undefined && METRIC_KEYS.has(key)) kept[key] = value
  }
  return kept
}

function defined(attributes: TelemetryAttributes): Attributes {
  const kept: Attributes = {}
  for (const key in attributes) {
    const value = attributes[key]
    if (value !== undefined) kept[key] = value
  }
  return kept
}

/** Telemetry must never change an outcome: a tracer or meter that throws is ignored. */
function guarded(record: () => void): void {
  try {
    record()
  } catch {
    // Deliberately ignored: a broken exporter must not turn a payment into a failure.
  }
}
