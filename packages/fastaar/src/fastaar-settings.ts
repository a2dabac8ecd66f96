import {
  COMMON_SETTING_KEYS,
  type CommonGatewaySettings,
  gatewayClock,
  InvalidRequestError,
  isRecord,
  showKey,
  type TransportSettings,
  transportSettingsOf,
  unknownKeyMessage,
} from '@paymux/core/adapter-kit'
import type { FastaarReferenceField } from './fastaar-api.js'
import { fastaarFailureHandler } from './fastaar-errors.js'
import type { FastaarAmountFormat } from './map-fastaar-amount.js'

/** Fastaar's documented base URL. */
export const FASTAAR_BASE_URL = 'https://fastaar.com/api/v1'

/**
 * Settings of {@link createFastaar}: Fastaar's own, and the transport
 * settings every gateway takes (`baseUrl` defaults to
 * `https://fastaar.com/api/v1`). An unknown key is refused, with the closest
 * known name.
 */
export interface FastaarSettings extends CommonGatewaySettings {
  /** Your secret API key: `fk_test_…` (test mode) or `fk_live_…`. Sent as `Authorization: Bearer <key>`, never logged. */
  readonly apiKey: string
  /**
   * The webhook signing secret, for `webhooks.verify`. `undefined` is the same
   * as leaving it out, so an unset environment variable passes as it is under
   * `exactOptionalPropertyTypes`.
   */
  readonly webhookSecret?: string | undefined
  /** How old a webhook delivery may be, in seconds. @default 300 */
  readonly webhookToleranceSeconds?: number
  /**
   * Clock for webhook timestamp checks, in epoch ms. @default the clock of the paymux emulator
   * this gateway talks to (its `fetch`, or a served emulator's `baseUrl`), else `Date.now`
   */
  readonly now?: () => number
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

/** The settings checked, with every default filled in, and the transport's. */
export interface ResolvedFastaarSettings {
  readonly transport: TransportSettings
  /** `false` for a `fk_test_` key, `true` for `fk_live_`, `undefined` for a key of neither form. */
  readonly livemode: boolean | undefined
  readonly referenceField: FastaarReferenceField
  readonly amountFormat: FastaarAmountFormat
  readonly webhookSecret: string | undefined
  readonly webhookToleranceSeconds: number
  readonly now: (() => number) | undefined
}

const OWN_KEYS = [
  'apiKey',
  'webhookSecret',
  'webhookToleranceSeconds',
  'now',
  'referenceField',
  'amountFormat',
]
const KNOWN_KEYS: readonly string[] = [...OWN_KEYS, ...COMMON_SETTING_KEYS]

const HOW_TO_PASS =
  'pass it as createFastaar({ apiKey: process.env.FASTAAR_API_KEY }): the key from the Fastaar dashboard, ' +
  'fk_test_… for test mode or fk_live_… for live'

type Issue = { readonly path: string; readonly message: string }

/**
 * Checks the settings that the transport does not (an unknown key is refused
 * with the closest known name; messages never echo the key), says how to fix
 * each, and fills in defaults. Zod-free, so creating a gateway loads no zod;
 * `createTransport` checks the transport settings.
 */
export function resolveFastaarSettings(settings: FastaarSettings): ResolvedFastaarSettings {
  // Read as given, not as typed: callers in plain JavaScript pass anything.
  const given: Readonly<Record<string, unknown>> = isRecord(settings) ? settings : {}
  const issues: Issue[] = Object.keys(given)
    .filter((key) => !KNOWN_KEYS.includes(key))
    .map((key) => ({ path: showKey(key), message: unknownKeyMessage(key, KNOWN_KEYS) }))
  const apiKey = checkApiKey(given.apiKey, issues)
  if (
    given.referenceField !== undefined &&
    given.referenceField !== 'invoice_id' &&
    given.referenceField !== 'invoice_number'
  ) {
    issues.push({ path: 'referenceField', message: `must be 'invoice_id' or 'invoice_number'` })
  }
  if (
    given.amountFormat !== undefined &&
    given.amountFormat !== 'number' &&
    given.amountFormat !== 'string'
  ) {
    issues.push({ path: 'amountFormat', message: `must be 'number' or 'string'` })
  }
  const tolerance = given.webhookToleranceSeconds
  if (
    tolerance !== undefined &&
    !(typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance >= 0)
  ) {
    issues.push({ path: 'webhookToleranceSeconds', message: 'must be a finite number of seconds, 0 or more' })
  }
  if (given.now !== undefined && typeof given.now !== 'function') {
    issues.push({ path: 'now', message: 'must be a function returning epoch milliseconds' })
  }
  if (issues.length > 0) throw invalidSettings(issues)
  return {
    transport: {
      provider: 'fastaar',
      ...transportSettingsOf(settings, { baseUrl: FASTAAR_BASE_URL }),
      secretHeaders: { Authorization: `Bearer ${apiKey}` },
      // The transport scrubs the key (and `Bearer <key>`) from every answer, before any error or hook is built.
      secrets: [apiKey, ...(settings.webhookSecret ? [settings.webhookSecret] : [])],
      failureHandler: fastaarFailureHandler,
    },
    livemode: apiKey.startsWith('fk_live_') ? true : apiKey.startsWith('fk_test_') ? false : undefined,
    referenceField: settings.referenceField ?? 'invoice_id',
    amountFormat: settings.amountFormat ?? 'number',
    webhookSecret: settings.webhookSecret,
    webhookToleranceSeconds: settings.webhookToleranceSeconds ?? 300,
    // Resolved per call: a gateway built for a paymux emulator agrees with its clock without `now`.
    now: gatewayClock(settings),
  }
}

// A key of neither prefix is accepted (`livemode: undefined`): Fastaar may add key forms.
function checkApiKey(apiKey: unknown, issues: Issue[]): string {
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    const got = apiKey === undefined ? 'missing' : typeof apiKey === 'string' ? 'blank' : `a ${typeof apiKey}`
    issues.push({ path: 'apiKey', message: `is ${got}: ${HOW_TO_PASS}` })
    return ''
  }
  if (apiKey.trim() !== apiKey) {
    issues.push({ path: 'apiKey', message: 'has leading or trailing whitespace: copy the key without it' })
  }
  return apiKey
}

function invalidSettings(issues: readonly Issue[]): InvalidRequestError {
  return new InvalidRequestError({
    provider: 'fastaar',
    code: 'invalid_settings',
    message: `fastaar: invalid client settings: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
    issues: [...issues],
  })
}
