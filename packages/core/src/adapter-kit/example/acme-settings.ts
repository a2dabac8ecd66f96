import type { CommonGatewaySettings, TransportSettings } from '../index.js'
import {
  COMMON_SETTING_KEYS,
  invalidField,
  showKey,
  transportSettingsOf,
  unknownKeyMessage,
} from '../index.js'

/** Acme's documented base URL. */
export const ACME_BASE_URL = 'https://api.acme.test/v1'

/** Settings of `createAcme`: the key, and the transport settings every gateway takes. */
export interface AcmeSettings extends CommonGatewaySettings {
  /** Your secret key from the Acme dashboard (`ak_…`), sent as `Authorization: Bearer <key>`, never logged. */
  readonly apiKey: string
}

const KEYS: readonly string[] = ['apiKey', ...COMMON_SETTING_KEYS]

/** Checks the settings (an unknown key is refused with the closest name) and returns the transport's. */
export function resolveAcmeSettings(settings: AcmeSettings): Omit<TransportSettings, 'provider'> {
  const context = { provider: 'acme', operation: 'createAcme' }
  for (const key of Object.keys(settings ?? {})) {
    if (!KEYS.includes(key)) invalidField(context, showKey(key), unknownKeyMessage(key, KEYS))
  }
  const apiKey: unknown = settings?.apiKey
  // The message never shows the key: a settings error is logged like any other.
  if (typeof apiKey !== 'string' || apiKey === '' || apiKey.trim() !== apiKey) {
    invalidField(context, 'apiKey', 'must be your key from the Acme dashboard, without spaces')
  }
  const transport = transportSettingsOf(settings, { baseUrl: ACME_BASE_URL })
  return { ...transport, secretHeaders: { authorization: `Bearer ${apiKey}` }, secrets: [apiKey] }
}
