import type * as OpenTelemetry from '@opentelemetry/api'

/** The parts of `@opentelemetry/api` paymux uses (types only: the module itself is loaded on demand). */
export type OtelApi = Pick<
  typeof OpenTelemetry,
  'context' | 'trace' | 'metrics' | 'createContextKey' | 'createNoopMeter' | 'SpanKind' | 'SpanStatusCode'
>

// The name is kept out of the import expression, so that a bundler neither bundles this optional
// peer nor fails on its absence: a bundle that should trace hands in a tracer and a meter.
const SPECIFIER = '@opentelemetry/api'

let loaded: OtelApi | null | undefined
let loading: Promise<OtelApi | null> | undefined

/**
 * `@opentelemetry/api`, loaded once, the first time telemetry is needed;
 * `null` when it is not installed (or cannot be loaded here). Never rejects.
 */
export function loadOtelApi(): Promise<OtelApi | null> {
  loading ??= import(/* webpackIgnore: true */ /* @vite-ignore */ SPECIFIER).then(
    (module: unknown) => {
      loaded = apiOf(module)
      return loaded
    },
    () => {
      loaded = null
      return null
    },
  )
  return loading
}

/** What {@link loadOtelApi} found so far: `undefined` until it has settled. */
export function otelApiNow(): OtelApi | null | undefined {
  return loaded
}

/** The API in `module`, or `null`: loaded as ESM the namespace has it; through CommonJS interop it sits on `default`. */
export function apiOf(module: unknown): OtelApi | null {
  for (const candidate of [module, (module as { default?: unknown } | null)?.default]) {
    const api = candidate as Partial<OtelApi> | undefined
    if (api?.trace !== undefined && api.context !== undefined && api.metrics !== undefined)
      return api as OtelApi
  }
  return null
}
