import type { FieldIssue } from '../errors/index.js'
import { describeValue } from '../validation/settings.js'
import { apiOf } from './otel-api.js'

/**
 * What paymux calls on a tracer. OpenTelemetry's `Tracer` is one: pass
 * `trace.getTracer('my-app')`, or a tracer of a provider you did not register
 * globally. Declared here so that paymux's types never need
 * `@opentelemetry/api` installed.
 */
export interface TelemetryTracer {
  startSpan(name: string, options?: unknown, context?: unknown): unknown
}

/** What paymux calls on a meter. OpenTelemetry's `Meter` is one. */
export interface TelemetryMeter {
  createHistogram(name: string, options?: unknown): unknown
  createCounter(name: string, options?: unknown): unknown
}

/**
 * The `@opentelemetry/api` module, handed in: `import * as otel from
 * '@opentelemetry/api'`. Declared by the parts paymux checks for, so that
 * paymux's types never need the package installed.
 */
export interface TelemetryApi {
  readonly trace: object
  readonly context: object
  readonly metrics: object
}

/** Telemetry settings of a gateway, a router or a webhook handler. */
export interface TelemetrySettings {
  /**
   * Whether spans and metrics are recorded. They are whenever
   * `@opentelemetry/api` can be loaded: with no SDK registered, it records
   * nothing and costs next to nothing. @default true
   */
  readonly enabled?: boolean
  /** A tracer to use instead of the global one (`trace.getTracer('@paymux/core')`). */
  readonly tracer?: TelemetryTracer
  /** A meter to use instead of the global meter provider's (`metrics.getMeter('@paymux/core')`). */
  readonly meter?: TelemetryMeter
  /**
   * The API module itself, for a bundle (an edge worker) where paymux's own
   * `import('@opentelemetry/api')` cannot find it: `api: otel` after
   * `import * as otel from '@opentelemetry/api'`. Then nothing is imported.
   * @default loaded by paymux on first use
   */
  readonly api?: TelemetryApi
}

/**
 * The `telemetry` option: `false` turns OpenTelemetry off for this object
 * (nothing is loaded), settings may hand in a tracer and a meter.
 * @default on, through the global tracer and meter providers, whenever `@opentelemetry/api` is installed
 */
export type TelemetryOption = false | TelemetrySettings

const KEYS: readonly string[] = ['enabled', 'tracer', 'meter', 'api']

/** The issues of a `telemetry` option given as `value`, named from `path`. */
export function telemetryIssues(value: unknown, path = 'telemetry'): FieldIssue[] {
  if (value === undefined || value === false) return []
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path, message: `must be false or an object of settings, got ${describeValue(value)}` }]
  }
  const settings = value as Record<string, unknown>
  const issues: FieldIssue[] = Object.keys(settings)
    .filter((key) => !KEYS.includes(key))
    .map((key) => ({
      path: `${path}.${/^[\w$-]{1,64}$/.test(key) ? key : describeValue(key)}`,
      message: `unknown key; expected one of: ${KEYS.join(', ')}`,
    }))
  if (settings.enabled !== undefined && typeof settings.enabled !== 'boolean') {
    issues.push({
      path: `${path}.enabled`,
      message: `must be a boolean, got ${describeValue(settings.enabled)}`,
    })
  }
  issues.push(
    ...methodIssues(settings.tracer, `${path}.tracer`, ['startSpan'], 'an OpenTelemetry Tracer'),
    ...methodIssues(
      settings.meter,
      `${path}.meter`,
      ['createHistogram', 'createCounter'],
      'an OpenTelemetry Meter',
    ),
  )
  if (settings.api !== undefined && apiOf(settings.api) === null) {
    issues.push({
      path: `${path}.api`,
      message: `must be the @opentelemetry/api module (import * as otel from '@opentelemetry/api'), got ${describeValue(settings.api)}`,
    })
  }
  return issues
}

function methodIssues(value: unknown, path: string, methods: readonly string[], what: string): FieldIssue[] {
  if (value === undefined) return []
  const object = value as Record<string, unknown> | null
  if (
    typeof value === 'object' &&
    object !== null &&
    methods.every((name) => typeof object[name] === 'function')
  )
    return []
  return [{ path, message: `must be ${what} (with ${methods.join(' and ')}), got ${describeValue(value)}` }]
}

/** Whether the option turns telemetry off. */
export function telemetryOff(option: TelemetryOption | undefined): boolean {
  return option === false || option?.enabled === false
}
