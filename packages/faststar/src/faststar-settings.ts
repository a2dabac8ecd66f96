import {
  type BackoffSettings,
  describeIssues,
  InvalidRequestError,
  type SessionPresentation,
  type TransportHooks,
} from '@paymux/core'

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

/** Settings of {@link createFastStar}. */
export interface FastStarSettings {
  /** Your API key from the FastStar merchant dashboard, sent as `X-API-Key`. Keep it on the server. */
  readonly apiKey: string
  /** Replaces the documented base URL in full. @default 'https://api.faststarpay.com/api/v1' */
  readonly baseUrl?: string
  /**
   * Your FastStar merchant type. Under Merchant of Record every line item must
   * reference a catalog price or product, so ad hoc amounts are refused before
   * any request is sent. @default 'mor'
   */
  readonly merchantType?: 'mor' | 'direct'
  /** The webhook signing secret from the dashboard; `webhooks.verify` needs it. */
  readonly webhookSecret?: string
  /** How far a webhook's signed timestamp may be from now, either way. @default 300 */
  readonly webhookToleranceSeconds?: number
  /** A `fetch` to use instead of the global one (an emulator, a proxy agent, a test double). */
  readonly fetch?: typeof globalThis.fetch
  /** Per-attempt time limit in milliseconds. @default 30000 */
  readonly timeoutMs?: number
  /** How many times a retry-safe call is sent again after a transient failure. @default 2 */
  readonly maxRetries?: number
  /** Retry backoff; see `BackoffSettings` in `@paymux/core`. */
  readonly backoff?: BackoffSettings
  /** The largest answer body read, in bytes; a larger one is an `UnexpectedResponseError` (`response_too_large`), never retried. @default 10485760 (10 MiB) */
  readonly maxResponseBytes?: number
  /** Observers for logging and metrics; they see redacted data only. */
  readonly hooks?: TransportHooks
  /**
   * Used to rebuild a session's `url` (`<checkoutUrl>/<id>?token=<session_token>`)
   * when a retrieve answer carries none. @default 'https://cashier.faststarpay.com/checkout'
   */
  readonly checkoutUrl?: string
  /** How a session is shown when `presentation` is not given. @default 'embedded' */
  readonly defaultPresentation?: SessionPresentation
  /** Native field names the documents leave open. */
  readonly fieldNames?: FastStarFieldNames
  /** Clock for webhook timestamp checks, in epoch ms (tests, emulators). @default Date.now */
  readonly now?: () => number
}

/** The settings with every default filled in. */
export interface ResolvedFastStarSettings {
  readonly merchantType: 'mor' | 'direct'
  readonly webhookToleranceSeconds: number
  readonly checkoutUrl: string
  readonly defaultPresentation: SessionPresentation
  readonly sessionRegionField: string
  readonly taxRegionField: string
  readonly now: () => number
}

// The settings are checked without zod, so importing the package does not load it
// (zod loads with the first call). The messages are the ones zod gave before.

type Issues = { path: string; message: string }[]

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Validates the settings (a mistake names the option and how to fix it) and fills in defaults. */
export function resolveFastStarSettings(settings: FastStarSettings): ResolvedFastStarSettings {
  const issues: Issues = []
  if (!isObject(settings)) {
    issues.push({ path: '(root)', message: expected('object', settings) })
    throw invalidSettings(issues)
  }
  // Read as given, not as typed: callers in plain JavaScript pass anything.
  const valid = settings as unknown as Readonly<Record<string, unknown>>
  checkApiKey(valid.apiKey, issues)
  if (valid.merchantType !== undefined && valid.merchantType !== 'mor' && valid.merchantType !== 'direct')
    issues.push({
      path: 'merchantType',
      message: 'must be "mor" (Merchant of Record) or "direct" (Direct/PSP)',
    })
  if (valid.webhookSecret !== undefined && typeof valid.webhookSecret !== 'string')
    issues.push({ path: 'webhookSecret', message: expected('string', valid.webhookSecret) })
  checkTolerance(valid.webhookToleranceSeconds, issues)
  const checkoutUrl = checkUrl(valid.checkoutUrl, issues)
  const presentation = valid.defaultPresentation
  if (presentation !== undefined && presentation !== 'embedded' && presentation !== 'redirect')
    issues.push({
      path: 'defaultPresentation',
      message: 'Invalid option: expected one of "embedded"|"redirect"',
    })
  checkFieldNames(valid.fieldNames, issues)
  if (issues.length > 0) throw invalidSettings(issues)
  return {
    merchantType: settings.merchantType ?? 'mor',
    webhookToleranceSeconds: settings.webhookToleranceSeconds ?? 300,
    checkoutUrl: (checkoutUrl ?? FASTSTAR_CHECKOUT_URL).replace(/\/+$/, ''),
    defaultPresentation: settings.defaultPresentation ?? 'embedded',
    sessionRegionField: settings.fieldNames?.sessionRegion ?? 'buyer_region',
    taxRegionField: settings.fieldNames?.taxRegion ?? 'region',
    now: settings.now ?? Date.now,
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
    issues.push({ path: 'webhookToleranceSeconds', message: expected('number', seconds) })
  else if (seconds < 0)
    issues.push({ path: 'webhookToleranceSeconds', message: 'Too small: expected number to be >=0' })
}

/** The URL as it will be used (trimmed, tabs and newlines removed), or `undefined` when absent or invalid. */
function checkUrl(url: unknown, issues: Issues): string | undefined {
  if (url === undefined) return undefined
  if (typeof url !== 'string') {
    issues.push({ path: 'checkoutUrl', message: expected('string', url) })
    return undefined
  }
  const trimmed = url.trim()
  if (!/^https?:\/\//i.test(trimmed) || !/^https?:$/.test(parseUrl(trimmed)?.protocol ?? '')) {
    issues.push({ path: 'checkoutUrl', message: 'Invalid URL' })
    return undefined
  }
  return trimmed.replace(/[\t\n\r]/g, '')
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

function checkFieldNames(fieldNames: unknown, issues: Issues): void {
  if (fieldNames === undefined) return
  if (!isObject(fieldNames)) {
    issues.push({ path: 'fieldNames', message: expected('object', fieldNames) })
    return
  }
  const names = fieldNames as Readonly<Record<string, unknown>>
  for (const key of ['sessionRegion', 'taxRegion']) {
    const name = names[key]
    if (name === undefined) continue
    if (typeof name !== 'string')
      issues.push({ path: `fieldNames.${key}`, message: expected('string', name) })
    else if (!FIELD_NAME.test(name))
      issues.push({
        path: `fieldNames.${key}`,
        message: 'must be a JSON field name such as "buyer_region"',
      })
  }
  const unknown = Object.keys(names).filter((key) => key !== 'sessionRegion' && key !== 'taxRegion')
  if (unknown.length > 0)
    issues.push({
      path: 'fieldNames',
      message: `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map((key) => JSON.stringify(key)).join(', ')}`,
    })
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The message of a wrong type, worded as elsewhere in paymux: `Invalid input: expected string, received number`. */
function expected(type: string, value: unknown): string {
  return `Invalid input: expected ${type}, received ${typeName(value)}`
}

function typeName(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : String(value)
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value)
    if (prototype !== Object.prototype && 'constructor' in value && typeof value.constructor === 'function')
      return value.constructor.name
  }
  return typeof value
}

function invalidSettings(issues: Issues): InvalidRequestError {
  return new InvalidRequestError({
    provider: 'faststar',
    message: `faststar: invalid createFastStar settings input: ${describeIssues(issues)}`,
    issues,
  })
}
