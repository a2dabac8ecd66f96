import type { BackoffSettings } from '../http/retry-policy.js'
import type { TransportHooks, TransportSettings } from '../http/transport.js'

/** The settings every gateway takes for its HTTP calls, beside its own. */
export interface CommonGatewaySettings {
  /** Replaces the provider's documented base URL in full, e.g. an emulator's. */
  readonly baseUrl?: string
  /** A `fetch` to use instead of the global one (an emulator's, a proxy's). */
  readonly fetch?: typeof globalThis.fetch
  /** Per-attempt time limit in ms, covering the response body too. @default 30000 */
  readonly timeoutMs?: number
  /** How many times a retry-safe call is sent again after a transient failure. @default 2 */
  readonly maxRetries?: number
  /** Retry pacing. @default { initialDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 30000 } */
  readonly backoff?: BackoffSettings
  /** The largest answer body read, in bytes; a larger one is an `UnexpectedResponseError` (`response_too_large`), never retried. @default 10485760 (10 MiB) */
  readonly maxResponseBytes?: number
  /** Logging and metrics observers; they see redacted data only. */
  readonly hooks?: TransportHooks
}

/** The keys of {@link CommonGatewaySettings}, for a gateway's unknown-key check. */
export const COMMON_SETTING_KEYS = Object.freeze([
  'baseUrl',
  'fetch',
  'timeoutMs',
  'maxRetries',
  'backoff',
  'maxResponseBytes',
  'hooks',
] as const)

/**
 * The transport settings `settings` gives, with `baseUrl` defaulting to the
 * provider's documented one; `createTransport` checks every value.
 */
export function transportSettingsOf(
  settings: CommonGatewaySettings,
  defaults: { readonly baseUrl: string },
): Omit<TransportSettings, 'provider'> {
  const chosen: Record<string, unknown> = { baseUrl: settings.baseUrl ?? defaults.baseUrl }
  for (const key of COMMON_SETTING_KEYS) {
    if (key !== 'baseUrl' && settings[key] !== undefined) chosen[key] = settings[key]
  }
  return chosen as unknown as Omit<TransportSettings, 'provider'>
}
