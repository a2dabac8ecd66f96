import type { EmulatorClock } from '@paymux/core/emulator'

/** Documented: 120 requests per minute per key. */
export const DEFAULT_REQUESTS_PER_MINUTE = 120

const WINDOW_MS = 60_000

/** A sliding one-minute window per API key, on the emulator's clock. */
export class RateLimiter {
  private readonly seen = new Map<string, number[]>()
  perMinute: number | false

  constructor(
    private readonly clock: EmulatorClock,
    perMinute: number | false,
  ) {
    this.perMinute = perMinute
  }

  /** Counts a request; returns the seconds to wait when the key is over its limit. */
  take(key: string): { retryAfterSeconds: number } | undefined {
    if (this.perMinute === false) return undefined
    const now = this.clock.now()
    const recent = (this.seen.get(key) ?? []).filter((at) => at > now - WINDOW_MS)
    this.seen.set(key, recent)
    const oldest = recent[0]
    if (recent.length >= this.perMinute && oldest !== undefined) {
      return { retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) }
    }
    recent.push(now)
    return undefined
  }

  reset(): void {
    this.seen.clear()
  }
}
