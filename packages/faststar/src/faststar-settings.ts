import { type BackoffSettings, parseInput, type SessionPresentation, type TransportHooks } from '@paymux/core'
import * as z from 'zod'

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

const fieldName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a JSON field name such as "buyer_region"')

// Messages never echo the key's value: a settings error is logged like any other.
const settingsSchema = z.looseObject({
  apiKey: z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'is missing: pass createFastStar({ apiKey: process.env.FASTSTAR_API_KEY }) with the key from the FastStar merchant dashboard'
          : 'must be a string: the API key from the FastStar merchant dashboard',
    })
    .refine(
      (key) => key.trim() !== '',
      'is empty: is the environment variable holding it set in this deployment?',
    )
    .refine((key) => key.trim() === key, 'has leading or trailing whitespace: copy the key without it'),
  merchantType: z
    .enum(['mor', 'direct'], 'must be "mor" (Merchant of Record) or "direct" (Direct/PSP)')
    .optional(),
  webhookSecret: z.string().optional(),
  webhookToleranceSeconds: z.number().nonnegative().finite().optional(),
  checkoutUrl: z.url({ protocol: /^https?$/ }).optional(),
  defaultPresentation: z.enum(['embedded', 'redirect']).optional(),
  fieldNames: z
    .strictObject({ sessionRegion: fieldName.optional(), taxRegion: fieldName.optional() })
    .optional(),
})

/** Validates the settings (a mistake names the option and how to fix it) and fills in defaults. */
export function resolveFastStarSettings(settings: FastStarSettings): ResolvedFastStarSettings {
  const valid = parseInput(settingsSchema, settings, {
    provider: 'faststar',
    operation: 'createFastStar settings',
  })
  return {
    merchantType: valid.merchantType ?? 'mor',
    webhookToleranceSeconds: valid.webhookToleranceSeconds ?? 300,
    checkoutUrl: (valid.checkoutUrl ?? FASTSTAR_CHECKOUT_URL).replace(/\/+$/, ''),
    defaultPresentation: valid.defaultPresentation ?? 'embedded',
    sessionRegionField: valid.fieldNames?.sessionRegion ?? 'buyer_region',
    taxRegionField: valid.fieldNames?.taxRegion ?? 'region',
    now: settings.now ?? Date.now,
  }
}
