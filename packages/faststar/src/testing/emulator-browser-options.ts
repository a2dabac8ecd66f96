import type { EmulatorContext } from './emulator-context.js'

// The browser half's choices where the FastStar documents are silent. Each is an
// emulator guess with the conservative default, and each can be changed, as
// SUPPLEMENT asks of everything unconfirmed.

/** The two origins the real `checkout.open` accepts (SUPPLEMENT, front-end SDK). */
export const FASTSTAR_CHECKOUT_ORIGINS = [
  'https://cashier.faststarpay.com',
  'https://merchant.faststarpay.com',
] as const

/** Settings of the emulator's browser half: `createFastStarEmulator({ browser: { … } })`. */
export interface FastStarBrowserOptions {
  /**
   * Origins `FastStar.checkout.open` accepts besides the emulator's own origin and
   * `checkoutOrigin`; any other URL throws. @default the two real ones, FASTSTAR_CHECKOUT_ORIGINS
   */
  readonly allowedOrigins?: readonly string[]
  /** Keys added to the `checkout.success` payload besides the documented `checkout_session_id`. @default [] */
  readonly successExtras?: readonly ('client_reference_id' | 'payment_id')[]
  /**
   * After a payment in the overlay: `'close'` closes it and fires `checkout.success` (the documented
   * handler navigates itself); `'success_url'` also sends the top window to the session's `success_url`.
   * @default 'close'
   */
  readonly overlaySuccess?: 'close' | 'success_url'
  /** Also fire `checkout.cancel` (Cancel on the page) and `checkout.close` (the × button): emulator names, not documented. @default false */
  readonly extraEvents?: boolean
  /** Refuse a `link` session in the overlay and an `iframe` session opened full page. @default false */
  readonly enforcePresentation?: boolean
  /** `cards.add` callbacks: `'on'` calls only onSuccess/onCancel/onError; `'on-or-bare'` also success/cancel/error. @default 'on-or-bare' */
  readonly cardCallbacks?: 'on' | 'on-or-bare'
  /** How `cards.add` shows the card page: an in-page modal iframe, or a `window.open` popup. @default 'modal' */
  readonly cardsAdd?: 'modal' | 'window'
  /**
   * `'client_secret'`: the card page attaches the card itself (the documented `payment-methods` call),
   * authenticated by the SetupIntent's client secret and publishable key, and `onSuccess` gets the masked
   * card. `'none'`: the card page only completes the SetupIntent, `onSuccess` gets `{ setup_intent_id }`,
   * and the merchant's server attaches with its API key. @default 'client_secret'
   */
  readonly cardPageAuth?: 'client_secret' | 'none'
  /** A second attach of the same SetupIntent: `'same_card'` answers 200 with the same `pm_…`; `'error'` a 400. @default 'same_card' */
  readonly attachTwice?: 'same_card' | 'error'
  /** A setup-mode checkout saves the card to the customer found (or created) by the buyer's email. @default true */
  readonly setupSessionSavesCard?: boolean
}

/** The browser settings with every default filled in. */
export type ResolvedBrowserOptions = {
  readonly [K in keyof FastStarBrowserOptions]-?: NonNullable<FastStarBrowserOptions[K]>
}

const DEFAULTS: ResolvedBrowserOptions = {
  allowedOrigins: FASTSTAR_CHECKOUT_ORIGINS,
  successExtras: [],
  overlaySuccess: 'close',
  extraEvents: false,
  enforcePresentation: false,
  cardCallbacks: 'on-or-bare',
  cardsAdd: 'modal',
  cardPageAuth: 'client_secret',
  attachTwice: 'same_card',
  setupSessionSavesCard: true,
}

// Keyed by the emulator's context, so the shared context type needs no browser field.
const registered = new WeakMap<EmulatorContext, ResolvedBrowserOptions>()

/** Fills in the defaults, checks the origins, and remembers the result for `ctx`. */
export function registerBrowserOptions(
  ctx: EmulatorContext,
  options: FastStarBrowserOptions = {},
): ResolvedBrowserOptions {
  for (const origin of options.allowedOrigins ?? []) {
    if (!isOrigin(origin))
      throw new TypeError(
        `browser.allowedOrigins: ${JSON.stringify(origin)} is not an origin like https://host`,
      )
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
  const resolved = { ...DEFAULTS, ...defined } as ResolvedBrowserOptions
  registered.set(ctx, resolved)
  return resolved
}

/** The browser settings of an emulator (the defaults if none were registered). */
export function browserOptions(ctx: EmulatorContext): ResolvedBrowserOptions {
  return registered.get(ctx) ?? DEFAULTS
}

/** Whether `value` is exactly an origin (`scheme://host[:port]`), as `postMessage` targets must be. */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return url.origin !== 'null' && url.origin === value
  } catch {
    return false
  }
}
