import type { TransportSettings } from '../http/transport.js'

/**
 * The settings every gateway takes for its HTTP calls, beside its own: the
 * transport's, documented there, and `baseUrl` made optional (each gateway
 * knows its provider's).
 */
export interface CommonGatewaySettings
  extends Pick<
    TransportSettings,
    'fetch' | 'timeoutMs' | 'maxRetries' | 'backoff' | 'maxResponseBytes' | 'hooks' | 'telemetry'
  > {
  /** Replaces the provider's documented base URL in full, e.g. an emulator's. */
  readonly baseUrl?: string
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
  'telemetry',
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
