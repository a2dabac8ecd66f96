export {
  type AttemptRecord,
  attachTelemetry,
  type CounterName,
  createTelemetry,
  errorAttributes,
  type SpanNote,
  type SpanOptions,
  TELEMETRY_SCOPE,
  type Telemetry,
  type TelemetryAttributes,
  telemetryOf,
} from './telemetry.js'
export {
  type TelemetryApi,
  type TelemetryMeter,
  type TelemetryOption,
  type TelemetrySettings,
  type TelemetryTracer,
  telemetryIssues,
  telemetryOff,
} from './telemetry-settings.js'
