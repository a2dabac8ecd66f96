// No imports on purpose: a gateway loads this on every cold start, so it reads the
// emulator's clock through two global symbols, never through emulator code or a node module.

/** The property `asFetch(handler, { clock })` sets on the fetch it returns. */
export const EMULATOR_CLOCK_TAG: unique symbol = Symbol.for('paymux.emulator.clock')
/** The `globalThis` key of `serveEmulator`'s `Map<origin, clock>`. */
export const EMULATOR_CLOCKS: unique symbol = Symbol.for('paymux.emulator.clocks')

/** The part of an emulator clock a gateway reads. */
interface ClockLike {
  now(): number
}

/** The settings `gatewayClock` reads (a gateway passes its own settings object). */
export interface GatewayClockSettings {
  /** The user's clock, which always wins. */
  readonly now?: () => number
  /** The gateway's fetch: an emulator's `asFetch(…, { clock })` carries its clock. */
  readonly fetch?: unknown
  /** The provider's base URL: a served emulator registers its clock for its origin. */
  readonly baseUrl?: string
}

/**
 * The time a gateway should use, resolved on each call: `settings.now`, else
 * the clock tagged on `settings.fetch` (an in-process emulator), else the
 * clock a served emulator registered for `baseUrl`'s origin (looked up on
 * every call, so it follows an emulator started or closed later), else
 * `Date.now()`. Lets a gateway created for an emulator agree with it about
 * "now" without the user passing `now`.
 */
export function gatewayClock(settings: GatewayClockSettings): () => number {
  const origin = originOf(settings.baseUrl)
  return () => {
    if (settings.now !== undefined) return settings.now()
    const tagged = taggedClock(settings.fetch)
    if (tagged !== undefined) return tagged.now()
    const registered = origin === undefined ? undefined : registeredClock(origin)
    return registered === undefined ? Date.now() : registered.now()
  }
}

function taggedClock(fetch: unknown): ClockLike | undefined {
  if (typeof fetch !== 'function') return undefined
  return asClock((fetch as { [EMULATOR_CLOCK_TAG]?: unknown })[EMULATOR_CLOCK_TAG])
}

function registeredClock(origin: string): ClockLike | undefined {
  const registry = (globalThis as { [EMULATOR_CLOCKS]?: unknown })[EMULATOR_CLOCKS]
  return registry instanceof Map ? asClock(registry.get(origin)) : undefined
}

function asClock(value: unknown): ClockLike | undefined {
  return typeof value === 'object' && value !== null && typeof (value as { now?: unknown }).now === 'function'
    ? (value as ClockLike)
    : undefined
}

function originOf(baseUrl: string | undefined): string | undefined {
  if (baseUrl === undefined || !URL.canParse(baseUrl)) return undefined
  return new URL(baseUrl).origin
}
