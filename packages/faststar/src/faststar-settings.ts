import type { FieldIssue, SessionPresentation } from '@paymux/core'
import {
  COMMON_SETTING_KEYS,
  type CommonGatewaySettings,
  expectedType,
  gatewayClock,
  invalidSettings,
  isRecord,
  type TransportSettings,
  transportSettingsOf,
  unknownKeyIssues,
} from '@paymux/core/adapter-kit'

/** FastStar's documented base URL. */
export const FASTSTAR_BASE_URL = 'https://api.faststarpay.com/api/v1'
/** Where FastStar's hosted checkout pages live (from the documented session `url`). */
export const FASTSTAR_CHECKOUT_URL = 'https://cashier.faststarpay.com/checkout'

/** Names of native fields the FastStar documents do not give; see the docs page, "Assumptions". */
export interface FastStarFieldNames {
  /** The checkout-session field for the buyer's region ("pass buyer_country and a region"). @default 'buyer_region' */
  readonly sessionRegion?: string
  /** The tax-calculate field for the buyer's region. @default 'region' */
  readonly taxRegion?: string
}

/**
 * Settings of {@link createFastStar}: FastStar's own, and the transport
 * settings every gateway takes (`baseUrl` replaces the documented
 * `https://api.faststarpay.com/api/v1` in full). An unknown key is refused,
 * with the closest known name.
 */
export interface FastStarSettings extends CommonGatewaySettings {
  /** Your API key from the FastStar merchant dashboard, sent as `X-API-Key`. Keep it on the server. */
  readonly apiKey: string
  /**
   * Your FastStar merchant type. Under Merchant of Record every line item must
   * reference a catalog price or product, so ad hoc amounts are refused before
   * any request is sent. @default 'mor'
   */
  readonly merchantType?: 'mor' | 'direct'
  /**
   * The webhook signing secret from the dashboard; `webhooks.verify` needs it.
   * `undefined` is the same as leaving it out, so an unset environment variable
   * passes as it is under `exactOptionalPropertyTypes`.
   */
  readonly webhookSecret?: string | undefined
  /** How far a webhook's signed timestamp may be from now, either way. @default 300 */
  readonly webhookToleranceSeconds?: number
  /**
   * Used to rebuild a session's `url` (`<checkoutUrl>/<id>?token=<session_token>`)
   * when a retrieve answer carries none. @default 'https://cashier.faststarpay.com/checkout'
   */
  readonly checkoutUrl?: string
  /** How a session is shown when `presentation` is not given. @default 'embedded' */
  readonly defaultPresentation?: SessionPresentation
  /** Native field names the documents leave open. */
  readonly fieldNames?: FastStarFieldNames
  /**
   * Clock for webhook timestamp checks, in epoch ms. @default the clock of the emulator behind
   * `fetch` or `baseUrl` (`@paymux/faststar/testing`), else `Date.now`
   */
  readonly now?: () => number
}

/** The settings with every default filled in, and the transport's settings. */
export interface ResolvedFastStarSettings {
  readonly transport: Omit<TransportSettings, 'provider'>
  readonly merchantType: 'mor' | 'direct'
  readonly webhookSecret: string | undefined
  readonly webhookToleranceSeconds: number
  readonly checkoutUrl: string
  readonly defaultPresentation: SessionPresentation
  readonly sessionRegionField: string
  readonly taxRegionField: string
  readonly now: () => number
}

const OWN_KEYS = [
  'apiKey',
  'merchantType',
  'webhookSecret',
  'webhookToleranceSeconds',
  'checkoutUrl',
  'defaultPresentation',
  'fieldNames',
  'now',
] as const
const KNOWN_KEYS: readonly string[] = [...OWN_KEYS, ...COMMON_SETTING_KEYS]
const FIELD_NAME_KEYS: readonly string[] = ['sessionRegion', 'taxRegion']
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

// Checked without zod, so importing the package does not load it (zod loads with the first call);
// the transport settings are checked by `createTransport`.

type Issues = FieldIssue[]

/**
 * Validates the settings (a mistake names the option and how to fix it, an
 * unknown option the closest known one) and fills in defaults.
 */
export function resolveFastStarSettings(settings: FastStarSettings): ResolvedFastStarSettings {
  if (!isRecord(settings)) throw refused([{ path: '(root)', message: expectedType('object', settings) }])
  // Read as given, not as typed: callers in plain JavaScript pass anything.
  const given = settings as unknown as Readonly<Record<string, unknown>>
  const issues: Issues = unknownKeyIssues(given, KNOWN_KEYS)
  checkApiKey(given.apiKey, issues)
  if (given.merchantType !== undefined && given.merchantType !== 'mor' && given.merchantType !== 'direct')
    issues.push({
      path: 'merchantType',
      message: 'must be "mor" (Merchant of Record) or "direct" (Direct/PSP)',
    })
  if (given.webhookSecret !== undefined && typeof given.webhookSecret !== 'string')
    issues.push({ path: 'webhookSecret', message: expectedType('string', given.webhookSecret) })
  checkTolerance(given.webhookToleranceSeconds, issues)
  const checkoutUrl = checkUrl(given.checkoutUrl, issues)
  const presentation = given.defaultPresentation
  if (presentation !== undefined && presentation !== 'embedded' && presentation !== 'redirect')
    issues.push({
      path: 'defaultPresentation',
      message: 'Invalid option: expected one of "embedded"|"redirect"',
    })
  checkFieldNames(given.fieldNames, issues)
  if (issues.length > 0) throw refused(issues)
  return {
    transport: {
      ...transportSettingsOf(settings, { baseUrl: FASTSTAR_BASE_URL }),
      secretHeaders: { 'X-API-Key': settings.apiKey },
      secrets: [settings.apiKey, ...(settings.webhookSecret ? [settings.webhookSecret] : [])],
      headers: { 'content-type': 'application/json' },
    },
    merchantType: settings.merchantType ?? 'mor',
    webhookSecret: settings.webhookSecret,
    webhookToleranceSeconds: settings.webhookToleranceSeconds ?? 300,
    checkoutUrl: (checkoutUrl ?? FASTSTAR_CHECKOUT_URL).replace(/\/+$/, ''),
    defaultPresentation: settings.defaultPresentation ?? 'embedded',
    sessionRegionField: settings.fieldNames?.sessionRegion ?? 'buyer_region',
    taxRegionField: settings.fieldNames?.taxRegion ?? 'region',
    // An emulator's clock when the gateway talks to one, so its signed timestamps pass after `advance`.
    now: gatewayClock(settings),
  }
}

// Messages never echo the key's value: a settings error is logged like any other.
function checkApiKey(apiKey: unknown, issues: Issues): void {
  if (typeof apiKey !== 'string') {
    issues.push({
      path: 'apiKey',
      message:
        apiKey === undefined
          ? 'is missing: pass createFastStar({ apiKey: process.env.FASTSTAR_API_KEY }) with the key from the FastStar merchant dashboard'
          : 'must be a string: the API key from the FastStar merchant dashboard',
    })
    return
  }
  if (apiKey.trim() === '')
    issues.push({
      path: 'apiKey',
      message: 'is empty: is the environment variable holding it set in this deployment?',
    })
  if (apiKey.trim() !== apiKey)
    issues.push({ path: 'apiKey', message: 'has leading or trailing whitespace: copy the key without it' })
}

function checkTolerance(seconds: unknown, issues: Issues): void {
  if (seconds === undefined) return
  if (typeof seconds !== 'number' || !Number.isFinite(seconds))
    issues.push({ path: 'webhookToleranceSeconds', message: expectedType('number', seconds) })
  else if (seconds < 0)
    issues.push({ path: 'webhookToleranceSeconds', message: 'Too small: expected number to be >=0' })
}

/** The URL as it will be used (trimmed, tabs and newlines removed), or `undefined` when absent or invalid. */
function checkUrl(url: unknown, issues: Issues): string | undefined {
  if (url === undefined) return undefined
  if (typeof url !== 'string') {
    issues.push({ path: 'checkoutUrl', message: expectedType('string', url) })
    return undefined
  }
  const trimmed = url.trim()
  if (!/^https?:\/\//i.test(trimmed) || !URL.canParse(trimmed)) {
    issues.push({ path: 'checkoutUrl', message: 'Invalid URL' })
    return undefined
  }
  return trimmed.replace(/[\t\n\r]/g, '')
}

function checkFieldNames(fieldNames: unknown, issues: Issues): void {
  if (fieldNames === undefined) return
  if (!isRecord(fieldNames)) {
    issues.push({ path: 'fieldNames', message: expectedType('object', fieldNames) })
    return
  }
  for (const key of FIELD_NAME_KEYS) {
    const name = fieldNames[key]
    if (name === undefined) continue
    if (typeof name !== 'string')
      issues.push({ path: `fieldNames.${key}`, message: expectedType('string', name) })
    else if (!FIELD_NAME.test(name))
      issues.push({ path: `fieldNames.${key}`, message: 'must be a JSON field name such as "buyer_region"' })
  }
  issues.push(...unknownKeyIssues(fieldNames, FIELD_NAME_KEYS, 'fieldNames.'))
}

/** The message of a wrong type, worded as elsewhere in paymux: `Invalid input: expected string, received number`. */
function refused(issues: Issues) {
  return invalidSettings('faststar', 'createFastStar', issues)
}
