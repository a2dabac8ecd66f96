import { type BackoffSettings, InvalidRequestError, type TransportHooks } from '@paymux/core'
import type { FastaarReferenceField } from './fastaar-api.js'
import type { FastaarAmountFormat } from './map-fastaar-amount.js'

/** Fastaar's documented base URL. */
export const FASTAAR_BASE_URL = 'https://fastaar.com/api/v1'

/** Settings of {@link createFastaar}. */
export interface FastaarSettings {
  /** Your secret API key: `fk_test_…` (test mode) or `fk_live_…`. Sent as `Authorization: Bearer <key>`, never logged. */
  readonly apiKey: string
  /** Replaces the base URL in full, e.g. an emulator's. @default 'https://fastaar.com/api/v1' */
  readonly baseUrl?: string
  /** The webhook signing secret, for `webhooks.verify`. */
  readonly webhookSecret?: string
  /** How old a webhook delivery may be, in seconds. @default 300 */
  readonly webhookToleranceSeconds?: number
  /** Clock for webhook timestamp checks, in epoch ms (tests, emulators with their own clock). @default Date.now */
  readonly now?: () => number
  /** A `fetch` to use instead of the global one (an emulator's, a proxy's). */
  readonly fetch?: typeof globalThis.fetch
  /** Per-attempt time limit in ms. @default 30000 */
  readonly timeoutMs?: number
  /** How many times a retry-safe call is sent again after a transient failure. @default 2 */
  readonly maxRetries?: number
  /** Retry pacing. @default { initialDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 30000 } */
  readonly backoff?: BackoffSettings
  /** The largest answer body read, in bytes; a larger one is an `UnexpectedResponseError` (`response_too_large`), never retried. @default 10485760 (10 MiB) */
  readonly maxResponseBytes?: number
  /** Logging and metrics observers; they see redacted data only. */
  readonly hooks?: TransportHooks
  /**
   * The body and query field that carries `reference`. The primary Fastaar
   * document says `invoice_id`; newer official SDKs say `invoice_number`.
   * @default 'invoice_id'
   */
  readonly referenceField?: FastaarReferenceField
  /**
   * How amounts are written in request bodies: a JSON number of taka (`500.5`,
   * as the document shows) or a decimal string (`"500.50"`). Either is exact.
   * @default 'number'
   */
  readonly amountFormat?: FastaarAmountFormat
}

const HOW_TO_PASS =
  'pass it as createFastaar({ apiKey: process.env.FASTAAR_API_KEY }): the key from the Fastaar dashboard, ' +
  'fk_test_… for test mode or fk_live_… for live'

/**
 * Checks the settings that the transport does not, and says how to fix them.
 * Returns the key's mode: `false` for `fk_test_`, `true` for `fk_live_`,
 * `undefined` for a key with neither prefix (accepted: Fastaar may add forms).
 */
export function checkFastaarSettings(settings: FastaarSettings): boolean | undefined {
  const apiKey: unknown = settings?.apiKey
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    const got = apiKey === undefined ? 'missing' : typeof apiKey === 'string' ? 'blank' : `a ${typeof apiKey}`
    throw invalidSetting('apiKey', `is ${got}: ${HOW_TO_PASS}`)
  }
  if (apiKey.trim() !== apiKey) {
    throw invalidSetting('apiKey', 'has leading or trailing whitespace: copy the key without it')
  }
  if (
    settings.referenceField !== undefined &&
    settings.referenceField !== 'invoice_id' &&
    settings.referenceField !== 'invoice_number'
  ) {
    throw invalidSetting('referenceField', `must be 'invoice_id' or 'invoice_number'`)
  }
  if (
    settings.amountFormat !== undefined &&
    settings.amountFormat !== 'number' &&
    settings.amountFormat !== 'string'
  ) {
    throw invalidSetting('amountFormat', `must be 'number' or 'string'`)
  }
  const tolerance = settings.webhookToleranceSeconds
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw invalidSetting('webhookToleranceSeconds', 'must be a finite number of seconds, 0 or more')
  }
  if (settings.now !== undefined && typeof settings.now !== 'function') {
    throw invalidSetting('now', 'must be a function returning epoch milliseconds')
  }
  if (apiKey.startsWith('fk_live_')) return true
  if (apiKey.startsWith('fk_test_')) return false
  return undefined
}

function invalidSetting(path: string, message: string): InvalidRequestError {
  return new InvalidRequestError({
    provider: 'fastaar',
    code: 'invalid_settings',
    message: `fastaar: invalid client settings: ${path} ${message}`,
    issues: [{ path, message }],
  })
}
