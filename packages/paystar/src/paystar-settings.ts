import type { FieldIssue, SessionStatus } from '@paymux/core'
import {
  COMMON_SETTING_KEYS,
  type CommonGatewaySettings,
  currencyExponent,
  expectedType,
  InvalidRequestError,
  invalidSettings,
  isCurrencyCode,
  type TransportSettings,
  transportSettingsOf,
  unknownKeyIssues,
} from '@paymux/core/adapter-kit'
import type { PaystarChannel } from './paystar-api.js'
import { PAYSTAR_ENVIRONMENTS, type PaystarEnvironment } from './paystar-environments.js'

/** Where a webhook delivery may carry the shared secret; see the docs page. */
export interface PaystarWebhookOptions {
  /**
   * The request header that carries the shared secret, or `false` to refuse
   * it in a header.
   * @default 'X-Paystar-Webhook-Secret'
   */
  readonly secretHeader?: string | false
  /**
   * The query parameter of your endpoint URL that carries the shared secret
   * (`https://shop.example/hooks/paystar?token=…`), or `false` to refuse it
   * in the URL. Pass the request URL to `webhooks.verify` for this to work.
   * @default 'token'
   */
  readonly secretQueryParameter?: string | false
}

/** Settings of {@link createPaystar}: Paystar's own, and the transport settings every gateway takes. */
export interface PaystarSettings extends CommonGatewaySettings {
  /** Your secret API key, sent as `X-Paystar-Api-Key`. Never logged, never in an error. */
  readonly apiKey: string
  /**
   * Which Paystar environment to use: its API host and its loader URL.
   * Development by default, so a forgotten setting never reaches real money.
   * @default 'development'
   */
  readonly environment?: PaystarEnvironment
  /** Replaces the environment's embedded loader URL (what `gateway.loaderUrl` reports). */
  readonly loaderUrl?: string
  /** Your Paystar business unit, e.g. `'acme-utilities'`; sent as `BusinessUnitSlug` on every request. */
  readonly businessUnitSlug: string
  /**
   * The channel of payment sessions: `'QuickPay'` (the customer pays), or
   * `'POS'` (an agent takes the payment). Per call:
   * `providerOptions.paystar.channel`.
   * @default 'QuickPay'
   */
  readonly channel?: PaystarChannel
  /**
   * The currency of Paystar amounts. Paystar documents integer cents and
   * dollar strings; only a currency with two minor digits is accepted.
   * @default 'USD'
   */
  readonly currency?: string
  /**
   * The shared secret your webhook deliveries carry; required by `webhooks.verify`.
   * `undefined` is the same as leaving it out, so an unset environment variable
   * passes as it is under `exactOptionalPropertyTypes`.
   */
  readonly webhookSecret?: string | undefined
  /** Where `webhooks.verify` looks for the shared secret. */
  readonly webhooks?: PaystarWebhookOptions
  /**
   * Native session `Status` words and the neutral status each maps to, on top
   * of the defaults (`RequiresPaymentSource` → `open`). Paystar does not
   * publish its list; a word not known maps to `open`.
   */
  readonly sessionStatuses?: Readonly<Record<string, SessionStatus>>
  /**
   * The clock of `expiresAt` (counted from when a session was requested) and
   * of a webhook event's `occurredAt`, in epoch ms. A gateway pointed at a
   * paymux emulator (its `fetch`, or a `baseUrl` it serves) follows the
   * emulator's clock without this setting.
   * @default the emulator's clock when there is one, else Date.now
   */
  readonly now?: () => number
}

/** Settings after validation and defaults; carries no secret. */
export interface ResolvedPaystarSettings {
  readonly environment: PaystarEnvironment
  readonly loaderUrl: string
  readonly businessUnitSlug: string
  readonly channel: PaystarChannel
  readonly currency: string
  readonly sessionStatuses: Readonly<Record<string, SessionStatus>>
  /** The transport settings, `baseUrl` the environment's unless given (`createTransport` checks each value). */
  readonly transport: Omit<TransportSettings, 'provider'>
}

/** The documented `Status` words and what they mean for a session. */
export const DEFAULT_SESSION_STATUSES: Readonly<Record<string, SessionStatus>> = Object.freeze({
  RequiresPaymentSource: 'open',
})

/**
 * Validates settings (every problem at once, naming the setting and how to
 * fix it; an unknown key with the closest known name) and fills in defaults.
 * The API key and the webhook secret are checked but not returned. Plain
 * checks rather than a zod schema, so that importing the package does not
 * load zod.
 */
export function resolvePaystarSettings(settings: PaystarSettings): ResolvedPaystarSettings {
  const valid = checkSettings(settings)
  const environment = valid.environment ?? 'development'
  const urls = PAYSTAR_ENVIRONMENTS[environment]
  return {
    environment,
    loaderUrl: valid.loaderUrl ?? urls.loaderUrl,
    businessUnitSlug: valid.businessUnitSlug,
    channel: valid.channel ?? 'QuickPay',
    currency: valid.currency ?? 'USD',
    sessionStatuses: { ...DEFAULT_SESSION_STATUSES, ...valid.sessionStatuses },
    transport: transportSettingsOf(settings, { baseUrl: urls.apiBaseUrl }),
  }
}

const PAYSTAR_KEYS = [
  'apiKey',
  'environment',
  'loaderUrl',
  'businessUnitSlug',
  'channel',
  'currency',
  'webhookSecret',
  'webhooks',
  'sessionStatuses',
  'now',
] as const satisfies readonly Exclude<keyof PaystarSettings, keyof CommonGatewaySettings>[]
const KNOWN_KEYS: readonly string[] = [...PAYSTAR_KEYS, ...COMMON_SETTING_KEYS]

const ENVIRONMENTS: readonly unknown[] = ['development', 'production']
const CHANNELS: readonly unknown[] = ['QuickPay', 'POS']
const STATUSES: readonly unknown[] = ['open', 'complete', 'expired', 'canceled']

interface CheckedSettings {
  readonly environment: PaystarEnvironment | undefined
  readonly businessUnitSlug: string
  readonly channel: PaystarChannel | undefined
  readonly currency: string | undefined
  readonly loaderUrl: string | undefined
  readonly sessionStatuses: Readonly<Record<string, SessionStatus>> | undefined
}

// Every setting is checked, in this order, before any problem is thrown.
function checkSettings(settings: unknown): CheckedSettings {
  const issues: FieldIssue[] = []
  const issue = (path: string, message: string) => issues.push({ path, message })
  if (!isObject(settings)) {
    issue('(root)', expectedType('object', settings))
    throw refused(issues)
  }
  const required = (key: string, what: string, optional = false): string | undefined => {
    const value = settings[key]
    if (value === undefined && optional) return undefined
    if (typeof value !== 'string') issue(key, `is required: ${what}`)
    else if (value.trim() === '') issue(key, `must not be blank: ${what}`)
    else if (value.trim() !== value) issue(key, 'must not have surrounding whitespace (check your env file)')
    else return value
    return undefined
  }
  const oneOf = <T>(key: string, values: readonly unknown[], message: string): T | undefined => {
    const value = settings[key]
    if (value === undefined || values.includes(value)) return value as T | undefined
    issue(key, message)
    return undefined
  }
  const optionalString = (key: string): string | undefined => {
    const value = settings[key]
    if (value === undefined || typeof value === 'string') return value
    issue(key, expectedType('string', value))
    return undefined
  }

  required('apiKey', 'the secret key your Paystar Account Manager issued, e.g. process.env.PAYSTAR_API_KEY')
  const environment = oneOf<PaystarEnvironment>(
    'environment',
    ENVIRONMENTS,
    "must be 'development' or 'production'",
  )
  const businessUnitSlug = required(
    'businessUnitSlug',
    'your Paystar business unit slug, e.g. "acme-utilities"',
  )
  const channel = oneOf<PaystarChannel>('channel', CHANNELS, "must be 'QuickPay' or 'POS'")
  const currency = checkCurrency(settings.currency, issue)
  optionalString('baseUrl')
  let loaderUrl = optionalString('loaderUrl')
  if (loaderUrl !== undefined && !URL.canParse(loaderUrl)) {
    issue('loaderUrl', 'must be an absolute URL')
    loaderUrl = undefined
  }
  required('webhookSecret', 'the shared secret of your webhook endpoint', true)
  const sessionStatuses = checkSessionStatuses(settings.sessionStatuses, issue)
  if (settings.now !== undefined && typeof settings.now !== 'function')
    issue('now', expectedType('function', settings.now))
  issues.push(...unknownKeyIssues(settings, KNOWN_KEYS))

  if (issues.length > 0 || businessUnitSlug === undefined) throw refused(issues)
  return { environment, businessUnitSlug, channel, currency, loaderUrl, sessionStatuses }
}

function checkCurrency(value: unknown, issue: (path: string, message: string) => void): string | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string' && isCurrencyCode(value)) {
    if (currencyExponent(value) === 2) return value
    issue('currency', 'must have two minor digits: Paystar amounts are cents')
    return undefined
  }
  // currencyExponent names what is wrong with the code (missing, wrong case, unknown).
  try {
    currencyExponent(value as string)
  } catch (error) {
    if (!InvalidRequestError.isInstance(error)) throw error
    for (const problem of error.issues) issue('currency', problem.message)
  }
  return undefined
}

function checkSessionStatuses(
  value: unknown,
  issue: (path: string, message: string) => void,
): Record<string, SessionStatus> | undefined {
  if (value === undefined) return undefined
  if (!isPlainObject(value)) {
    issue('sessionStatuses', expectedType('record', value))
    return undefined
  }
  const statuses: Record<string, SessionStatus> = {}
  for (const key of Reflect.ownKeys(value)) {
    if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(value, key)) continue
    if (typeof key === 'symbol') {
      issue(`sessionStatuses.${String(key)}`, 'Invalid key in record')
      continue
    }
    const status = value[key]
    if (STATUSES.includes(status)) statuses[key] = status as SessionStatus
    else {
      issue(
        `sessionStatuses.${key}`,
        `Invalid option: expected one of ${STATUSES.map((word) => `"${word}"`).join('|')}`,
      )
    }
  }
  return statuses
}

function refused(issues: readonly FieldIssue[]): InvalidRequestError {
  return invalidSettings('paystar', 'createPaystar', issues)
}

function isObject(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// What a record accepts: an object whose constructor, if any, is an ordinary one.
function isPlainObject(value: unknown): value is Record<PropertyKey, unknown> {
  if (!isObject(value)) return false
  const maker: unknown = value.constructor
  if (typeof maker !== 'function') return true
  const prototype: unknown = maker.prototype
  return isObject(prototype) && Object.hasOwn(prototype, 'isPrototypeOf')
}
