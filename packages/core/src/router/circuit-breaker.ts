import type { FieldIssue } from '../errors/index.js'
import type { ProviderId } from '../model/ref.js'
import { showKey, unknownKeyMessage } from '../validation/closest-name.js'

/** Settings of the router's circuit breaker. */
export interface CircuitBreakerOptions {
  /** Failures in a row (`ProviderUnavailableError`, timeouts included) that take a gateway out of rotation: a whole number ≥ 1. @default 5 */
  readonly failureThreshold?: number
  /** How long a tripped gateway is skipped before calls are let through again, 0 to 2,147,483,647 ms. @default 30_000 */
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

/**
 * Per-gateway health: consecutive failures, until when the gateway is skipped,
 * and a generation that each trip starts anew. A call takes the generation
 * when it starts and reports its outcome with it; outcomes of an older
 * generation (calls that started before the last trip) are ignored.
 */
export interface CircuitBreaker {
  /** Whether `gateway` is being skipped now. */
  isOpen(gateway: ProviderId): boolean
  /** Milliseconds until `gateway` is let through again (0 when it is). */
  retryInMs(gateway: ProviderId): number
  /** The generation a call to `gateway` starting now belongs to. */
  generation(gateway: ProviderId): number
  recordSuccess(gateway: ProviderId, generation: number): void
  recordFailure(gateway: ProviderId, generation: number): void
}

/** The keys of {@link CircuitBreakerOptions}, in the order the docs list them. */
const BREAKER_KEYS: readonly string[] = ['failureThreshold', 'cooldownMs']

/**
 * The largest cool-down: 2^31 − 1 ms (about 24.8 days), the longest delay Node's
 * timers take and the transport's cap on timeouts. The breaker sets no timer,
 * but a longer rest is a unit mistake, not a setting.
 */
export const MAX_COOLDOWN_MS = 2_147_483_647

/**
 * What is wrong with the `breaker` option of `createRouter`, one issue per bad
 * field, paths from `breaker`. `false` and `undefined` are sound.
 */
export function breakerIssues(breaker: unknown): FieldIssue[] {
  if (breaker === undefined || breaker === false) return []
  if (typeof breaker !== 'object' || breaker === null || Array.isArray(breaker))
    return [
      {
        path: 'breaker',
        message: `must be false or { failureThreshold?, cooldownMs? }, got ${describeValue(breaker)}`,
      },
    ]
  const { failureThreshold, cooldownMs } = breaker as CircuitBreakerOptions
  const issues: FieldIssue[] = []
  if (failureThreshold !== undefined && !(Number.isSafeInteger(failureThreshold) && failureThreshold >= 1))
    issues.push({
      path: 'breaker.failureThreshold',
      message: `must be a whole number ≥ 1, got ${describeValue(failureThreshold)}`,
    })
  if (
    cooldownMs !== undefined &&
    !(typeof cooldownMs === 'number' && cooldownMs >= 0 && cooldownMs <= MAX_COOLDOWN_MS)
  )
    issues.push({
      path: 'breaker.cooldownMs',
      message: `must be a number of milliseconds from 0 to ${MAX_COOLDOWN_MS}, got ${describeValue(cooldownMs)}`,
    })
  // A misspelt key (`cooldown`) would leave the default in force while the user believes in theirs.
  for (const key of Object.keys(breaker)) {
    if (!BREAKER_KEYS.includes(key))
      issues.push({ path: `breaker.${showKey(key)}`, message: unknownKeyMessage(key, BREAKER_KEYS) })
  }
  return issues
}

/** A value as a settings message shows it: numbers and strings as written, anything else by its type. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`
}

interface Health {
  failures: number
  openUntil: number
  generation: number
}

/**
 * A consecutive-failure breaker. After `failureThreshold` failures in a row a
 * gateway is skipped for `cooldownMs`; then calls go through again (half-open):
 * one success closes it, one more failure opens it for another cool-down. Only
 * calls that started after the last trip count (see {@link CircuitBreaker}).
 * Settings are checked by `createRouter` ({@link breakerIssues}).
 */
export function createCircuitBreaker(
  options: CircuitBreakerOptions & {
    readonly now: () => number
    readonly onChange: (change: CircuitChange) => void
  },
): CircuitBreaker {
  const failureThreshold = options.failureThreshold ?? 5
  const cooldownMs = options.cooldownMs ?? 30_000
  const health = new Map<ProviderId, Health>()
  const of = (gateway: ProviderId): Health => {
    let entry = health.get(gateway)
    if (entry === undefined) {
      entry = { failures: 0, openUntil: 0, generation: 0 }
      health.set(gateway, entry)
    }
    return entry
  }
  const openUntil = (gateway: ProviderId) => health.get(gateway)?.openUntil ?? 0

  return {
    // A closed circuit (openUntil 0) answers without reading the clock: this runs on every routed call.
    isOpen: (gateway) => {
      const until = openUntil(gateway)
      return until !== 0 && until > options.now()
    },
    retryInMs: (gateway) => Math.max(0, openUntil(gateway) - options.now()),
    generation: (gateway) => health.get(gateway)?.generation ?? 0,
    recordSuccess(gateway, generation) {
      const entry = health.get(gateway)
      if (entry === undefined || entry.failures === 0 || entry.generation !== generation) return
      const wasTripped = entry.failures >= failureThreshold
      entry.failures = 0
      entry.openUntil = 0
      if (wasTripped) options.onChange({ gateway, state: 'closed' })
    },
    recordFailure(gateway, generation) {
      const entry = of(gateway)
      if (entry.generation !== generation) return
      entry.failures++
      const now = options.now()
      // A failure while open (a call by ref, sent anyway) does not extend the cool-down.
      if (entry.failures >= failureThreshold && entry.openUntil <= now) {
        entry.openUntil = now + cooldownMs
        entry.generation++
        options.onChange({ gateway, state: 'open', until: new Date(entry.openUntil) })
      }
    },
  }
}
