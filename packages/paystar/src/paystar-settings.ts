import {
  type BackoffSettings,
  currencyExponent,
  isCurrencyCode,
  parseInput,
  type SessionStatus,
  type TransportHooks,
} from '@paymux/core'
import { currencySchema } from '@paymux/core/schemas'
import * as z from 'zod'
import { type PaystarChannel, paystarChannelSchema } from './paystar-api.js'
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

/** Settings of {@link createPaystar}. */
export interface PaystarSettings {
  /** Your secret API key, sent as `X-Paystar-Api-Key`. Never logged, never in an error. */
  readonly apiKey: string
  /**
   * Which Paystar environment to use: its API host and its loader URL.
   * Development by default, so a forgotten setting never reaches real money.
   * @default 'development'
   */
  readonly environment?: PaystarEnvironment
  /** Replaces the environment's API base URL in full (a proxy, or the emulator). */
  readonly baseUrl?: string
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
  /** The shared secret your webhook deliveries carry; required by `webhooks.verify`. */
  readonly webhookSecret?: string
  /** Where `webhooks.verify` looks for the shared secret. */
  readonly webhooks?: PaystarWebhookOptions
  /**
   * Native session `Status` words and the neutral status each maps to, on top
   * of the defaults (`RequiresPaymentSource` → `open`). Paystar does not
   * publish its list; a word not known maps to `open`.
   */
  readonly sessionStatuses?: Readonly<Record<string, SessionStatus>>
  /** A `fetch` to use instead of the global one (the emulator's, a proxy agent's). */
  readonly fetch?: typeof globalThis.fetch
  /** Per-attempt time limit in milliseconds. @default 30000 */
  readonly timeoutMs?: number
  /** How many times a session creation is sent again after a transient failure. @default 2 */
  readonly maxRetries?: number
  /** Backoff of those retries. */
  readonly backoff?: BackoffSettings
  /** Observers for logging and metrics; they receive redacted data only. */
  readonly hooks?: TransportHooks
}

/** Settings after validation and defaults; carries no secret. */
export interface ResolvedPaystarSettings {
  readonly environment: PaystarEnvironment
  readonly baseUrl: string
  readonly loaderUrl: string
  readonly businessUnitSlug: string
  readonly channel: PaystarChannel
  readonly currency: string
  readonly sessionStatuses: Readonly<Record<string, SessionStatus>>
}

const required = (what: string) =>
  z
    .string({ error: `is required: ${what}` })
    .refine((value) => value.trim() !== '', `must not be blank: ${what}`)
    .refine(
      (value) => value.trim() === '' || value.trim() === value,
      'must not have surrounding whitespace (check your env file)',
    )

const settingsSchema = z.object({
  apiKey: required('the secret key your Paystar Account Manager issued, e.g. process.env.PAYSTAR_API_KEY'),
  environment: z
    .enum(['development', 'production'], { error: "must be 'development' or 'production'" })
    .optional(),
  businessUnitSlug: required('your Paystar business unit slug, e.g. "acme-utilities"'),
  channel: paystarChannelSchema.optional(),
  currency: currencySchema
    // An unknown code already has its issue from currencySchema.
    .refine(
      (code) => !isCurrencyCode(code) || currencyExponent(code) === 2,
      'must have two minor digits: Paystar amounts are cents',
    )
    .optional(),
  baseUrl: z.string().optional(),
  loaderUrl: z
    .string()
    .refine((value) => URL.canParse(value), 'must be an absolute URL')
    .optional(),
  webhookSecret: required('the shared secret of your webhook endpoint').optional(),
  sessionStatuses: z.record(z.string(), z.enum(['open', 'complete', 'expired', 'canceled'])).optional(),
})

/** The documented `Status` words and what they mean for a session. */
export const DEFAULT_SESSION_STATUSES: Readonly<Record<string, SessionStatus>> = Object.freeze({
  RequiresPaymentSource: 'open',
})

/**
 * Validates settings (every problem at once, naming the setting and how to
 * fix it) and fills in defaults. The API key is checked but not returned.
 */
export function resolvePaystarSettings(settings: PaystarSettings): ResolvedPaystarSettings {
  const valid = parseInput(settingsSchema, settings, { provider: 'paystar', operation: 'createPaystar' })
  const environment = valid.environment ?? 'development'
  const urls = PAYSTAR_ENVIRONMENTS[environment]
  return {
    environment,
    baseUrl: valid.baseUrl ?? urls.apiBaseUrl,
    loaderUrl: valid.loaderUrl ?? urls.loaderUrl,
    businessUnitSlug: valid.businessUnitSlug,
    channel: valid.channel ?? 'QuickPay',
    currency: valid.currency ?? 'USD',
    sessionStatuses: { ...DEFAULT_SESSION_STATUSES, ...valid.sessionStatuses },
  }
}
