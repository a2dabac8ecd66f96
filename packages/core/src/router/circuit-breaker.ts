import type { ProviderId } from '../model/ref.js'

/** Settings of the router's circuit breaker. */
export interface CircuitBreakerOptions {
  /** Failures in a row (`ProviderUnavailableError`, timeouts included) that take a gateway out of rotation. @default 5 */
  readonly failureThreshold?: number
  /** How long a tripped gateway is skipped before calls are let through again. @default 30_000 */
  readonly cooldownMs?: number
}

/** A change of a gateway's health, as reported to `hooks.onCircuitChange`. */
export interface CircuitChange {
  readonly gateway: ProviderId
  /** `'open'`: skipped until `until`; `'closed'`: back in rotation after a success. */
  readonly state: 'open' | 'closed'
  /** When an open circuit lets calls through again. */
  readonly until?: Date
}

/** Per-gateway health: consecutive failures, and until when the gateway is skipped. */
export interface CircuitBreaker {
  /** Whether `gateway` is being skipped now. */
  isOpen(gateway: ProviderId): boolean
  /** Milliseconds until `gateway` is let through again (0 when it is). */
  retryInMs(gateway: ProviderId): number
  recordSuccess(gateway: ProviderId): void
  recordFailure(gateway: ProviderId): void
}

interface Health {
  failures: number
  openUntil: number
}

/**
 * A consecutive-failure breaker. After `failureThreshold` failures in a row a
 * gateway is skipped for `cooldownMs`; then calls go through again (half-open):
 * one success closes it, one more failure opens it for another cool-down.
 */
export function createCircuitBreaker(
  options: CircuitBreakerOptions & {
    readonly now: () => number
    readonly onChange: (change: CircuitChange) => void
  },
): CircuitBreaker {
  const failureThreshold = options.failureThreshold ?? 5
  const cooldownMs = options.cooldownMs ?? 30_000
  if (!Number.isSafeInteger(failureThreshold) || failureThreshold < 1)
    throw new RangeError(`breaker.failureThreshold must be a whole number ≥ 1, got ${failureThreshold}`)
  if (!Number.isFinite(cooldownMs) || cooldownMs < 0)
    throw new RangeError(`breaker.cooldownMs must be a number of milliseconds ≥ 0, got ${cooldownMs}`)
  const health = new Map<ProviderId, Health>()
  const of = (gateway: ProviderId): Health => {
    let entry = health.get(gateway)
    if (entry === undefined) {
      entry = { failures: 0, openUntil: 0 }
      health.set(gateway, entry)
    }
    return entry
  }

  return {
    isOpen: (gateway) => (health.get(gateway)?.openUntil ?? 0) > options.now(),
    retryInMs: (gateway) => Math.max(0, (health.get(gateway)?.openUntil ?? 0) - options.now()),
    recordSuccess(gateway) {
      const entry = health.get(gateway)
      if (entry === undefined || entry.failures === 0) return
      const wasTripped = entry.failures >= failureThreshold
      entry.failures = 0
      entry.openUntil = 0
      if (wasTripped) options.onChange({ gateway, state: 'closed' })
    },
    recordFailure(gateway) {
      const entry = of(gateway)
      entry.failures++
      const now = options.now()
      // A failure while open comes from a call that started before the trip: it does not extend the cool-down.
      if (entry.failures >= failureThreshold && entry.openUntil <= now) {
        entry.openUntil = now + cooldownMs
        options.onChange({ gateway, state: 'open', until: new Date(entry.openUntil) })
      }
    },
  }
}
