import type { FieldIssue } from '../errors/index.js'
import type { ProviderId } from '../model/ref.js'
import { type HeldLease, holdLease } from '../state/hold-lease.js'
import type { StateStore } from '../state/state-store.js'
import { showKey, unknownKeyMessage } from '../validation/closest-name.js'
import { describeValue } from '../validation/settings.js'

/** Settings of the router's circuit breaker. */
export interface CircuitBreakerOptions {
  /**
   * Failures (`ProviderUnavailableError`, timeouts included) within
   * `windowMs`, counted across every instance sharing the router's `store`,
   * that take a gateway out of rotation: a whole number ≥ 1. @default 5
   */
  readonly failureThreshold?: number
  /** How long a tripped gateway is skipped before one probe call is let through, 0 to 2,147,483,647 ms. @default 30_000 */
  readonly cooldownMs?: number
  /** The window failures are counted in, from the first of them, 1 to 2,147,483,647 ms. @default 60_000 */
  readonly windowMs?: number
}

/** A change of a gateway's health, as reported to `hooks.onCircuitChange`. */
export interface CircuitChange {
  readonly gateway: ProviderId
  /** `'open'`: skipped until `until`; `'closed'`: back in rotation after a successful probe. */
  readonly state: 'open' | 'closed'
  /** When an open circuit lets a probe call through. */
  readonly until?: Date
}

/**
 * Whether a call to a gateway may go: `'closed'` (in rotation), `'probe'`
 * (the cool-down is over and this call is the one probe, under a lease no
 * other instance can take meanwhile), or `'open'` (skip it).
 */
export type Admission =
  | { readonly state: 'closed' | 'probe'; readonly generation: number; readonly probe?: HeldLease }
  | { readonly state: 'open'; readonly retryInMs: number }

/**
 * Per-gateway health, kept in the router's state store so that every
 * instance sharing it agrees: a record `{ openUntil, generation }`, a failure
 * counter per generation, and the half-open probe's lease. Each trip starts
 * a new generation; a call reports its outcome with the generation it was
 * admitted in, and outcomes of an older one (calls that started before the
 * last trip) are ignored.
 */
export interface CircuitBreaker {
  /**
   * Asks whether a call to `gateway` starting now may go. A call that is
   * not `skippable` (one by ref, which only this gateway can answer) is
   * always admitted as `'closed'`, so it never takes the probe lease.
   */
  admit(gateway: ProviderId, skippable: boolean): Promise<Admission>
  recordSuccess(gateway: ProviderId, admission: Admission): Promise<void>
  recordFailure(gateway: ProviderId, admission: Admission): Promise<void>
}

/** The keys of {@link CircuitBreakerOptions}, in the order the docs list them. */
const BREAKER_KEYS: readonly string[] = ['failureThreshold', 'cooldownMs', 'windowMs']

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
        message: `must be false or { failureThreshold?, cooldownMs?, windowMs? }, got ${describeValue(breaker)}`,
      },
    ]
  const { failureThreshold, cooldownMs, windowMs } = breaker as CircuitBreakerOptions
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
  if (
    windowMs !== undefined &&
    !(Number.isSafeInteger(windowMs) && windowMs >= 1 && windowMs <= MAX_COOLDOWN_MS)
  )
    issues.push({
      path: 'breaker.windowMs',
      message: `must be a whole number of milliseconds from 1 to ${MAX_COOLDOWN_MS}, got ${describeValue(windowMs)}`,
    })
  // A misspelt key (`cooldown`) would leave the default in force while the user believes in theirs.
  for (const key of Object.keys(breaker)) {
    if (!BREAKER_KEYS.includes(key))
      issues.push({ path: `breaker.${showKey(key)}`, message: unknownKeyMessage(key, BREAKER_KEYS) })
  }
  return issues
}

/** How long the half-open probe's lease lasts: the probing instance may die mid-call. */
const PROBE_LEASE_MS = 30_000
/** Keys of a gateway's health in the store. */
const keys = (gateway: ProviderId) => ({
  record: `breaker:${gateway}`,
  failures: (generation: number) => `breaker:${gateway}:failures:${generation}`,
  probe: `breaker:${gateway}:probe`,
})

interface Health {
  /** Epoch ms until which the gateway is skipped; 0 while closed. */
  readonly openUntil: number
  readonly generation: number
}

/**
 * A windowed-count breaker on a state store. After `failureThreshold`
 * failures within `windowMs` a gateway is skipped for `cooldownMs`; then one
 * call goes through as a probe (one instance takes the probe lease, the
 * others keep skipping): its success closes the circuit, its failure opens
 * it for another cool-down. Settings are checked by `createRouter`
 * ({@link breakerIssues}). Each instance reports the changes it made.
 */
export function createCircuitBreaker(
  options: CircuitBreakerOptions & {
    readonly store: StateStore
    readonly now: () => number
    readonly onChange: (change: CircuitChange) => void
  },
): CircuitBreaker {
  const failureThreshold = options.failureThreshold ?? 5
  const cooldownMs = options.cooldownMs ?? 30_000
  const windowMs = options.windowMs ?? 60_000
  const { store, now } = options
  // The record outlives any cool-down, so a generation is never reused while calls of it run.
  const recordTtlMs = Math.max(cooldownMs, windowMs, PROBE_LEASE_MS) * 10

  const read = async (gateway: ProviderId) => {
    const stored = await store.get(keys(gateway).record)
    return {
      health: stored === undefined ? CLOSED : parseHealth(stored.value),
      version: stored?.version ?? 0,
    }
  }
  /** Writes the next health if nobody wrote since `version`: only the winner reports the change. */
  const write = async (gateway: ProviderId, version: number, health: Health) => {
    const written = await store.compareAndSet(
      keys(gateway).record,
      version,
      JSON.stringify(health),
      recordTtlMs,
    )
    if (written === undefined) return
    options.onChange(
      health.openUntil === 0
        ? { gateway, state: 'closed' }
        : { gateway, state: 'open', until: new Date(health.openUntil) },
    )
  }
  const trip = (gateway: ProviderId, version: number, generation: number) =>
    write(gateway, version, { openUntil: now() + cooldownMs, generation: generation + 1 })

  return {
    async admit(gateway, skippable) {
      const { health } = await read(gateway)
      if (health.openUntil === 0 || !skippable) return { state: 'closed', generation: health.generation }
      const restMs = health.openUntil - now()
      if (restMs > 0) return { state: 'open', retryInMs: restMs }
      const probe = await holdLease(store, keys(gateway).probe, { ttlMs: PROBE_LEASE_MS, waitMs: 0 })
      if (probe === undefined) return { state: 'open', retryInMs: cooldownMs }
      return { state: 'probe', generation: health.generation, probe }
    },
    async recordSuccess(gateway, admission) {
      if (admission.state !== 'probe') return
      try {
        const { health, version } = await read(gateway)
        // A new generation: failures counted while open (calls by ref) and a late probe's
        // outcome belong to the old one and cannot reopen the circuit just closed.
        if (health.generation === admission.generation && health.openUntil !== 0)
          await write(gateway, version, { openUntil: 0, generation: health.generation + 1 })
      } finally {
        await admission.probe?.release()
      }
    },
    async recordFailure(gateway, admission) {
      if (admission.state === 'open') return
      try {
        if (admission.state === 'closed') {
          const failures = await store.increment(keys(gateway).failures(admission.generation), windowMs)
          if (failures < failureThreshold) return
        }
        const { health, version } = await read(gateway)
        // A failure while open (a call by ref, sent anyway) does not extend the cool-down.
        if (health.generation !== admission.generation || health.openUntil > now()) return
        await trip(gateway, version, health.generation)
      } finally {
        await admission.probe?.release()
      }
    },
  }
}

const CLOSED: Health = { openUntil: 0, generation: 0 }

/** A stored health; a record this code did not write reads as closed rather than as a crash. */
function parseHealth(value: string): Health {
  try {
    const parsed: unknown = JSON.parse(value)
    const { openUntil, generation } = (parsed ?? {}) as Partial<Health>
    if (Number.isSafeInteger(openUntil) && Number.isSafeInteger(generation))
      return { openUntil: openUntil as number, generation: generation as number }
  } catch {
    // Fall through: closed.
  }
  return CLOSED
}
