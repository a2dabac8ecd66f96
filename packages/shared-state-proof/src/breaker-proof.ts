import { randomBytes } from 'node:crypto'
import { serveFastaarEmulator } from '@paymux/fastaar/testing'
import { serveFastStarEmulator } from '@paymux/faststar/testing'
import { type AppInstance, type InstancePool, withPool } from './instance-pool.js'
import type { EmulatorUrls } from './proof-gateways.js'
import type { StoreEngine } from './proof-stores.js'

/** What the driver tells each breaker process. */
export interface BreakerConfig {
  readonly engine: StoreEngine
  readonly url: string
  readonly prefix: string
  readonly urls: EmulatorUrls
  readonly role: 'trip' | 'skip'
  /** `'trip'`: the most calls before giving up on the breaker opening; `'skip'`: calls of each kind. */
  readonly calls: number
  readonly breaker: {
    readonly failureThreshold: number
    readonly cooldownMs: number
    readonly windowMs: number
  }
}

export type BreakerMessage =
  | { type: 'ready' }
  | {
      type: 'done'
      calls: number
      /** Whether this process saw FastStar's circuit open (its own trip). */
      opened: boolean
      /** The gateway each successful create went to. */
      landedAt: string[]
      /** The error codes of creates refused (FastStar only: `circuit_open`). */
      refused: string[]
    }
export type BreakerDriverMessage = { type: 'go' }

/** Options of {@link proveBreaker}. */
export interface BreakerOptions {
  readonly engine: StoreEngine
  readonly url: string
  /** Calls process B makes with failover, and again with FastStar only. @default 20 */
  readonly calls?: number
  /** @default 3 */
  readonly failureThreshold?: number
  /** App instances to play A and B. @default a pool of its own */
  readonly pool?: InstancePool
}

/** What each process did, and what FastStar's emulator received. */
export interface BreakerResult {
  readonly engine: StoreEngine
  readonly failureThreshold: number
  /** Process A: its calls, and the 503s FastStar answered it, until its breaker opened. */
  readonly aCalls: number
  readonly aFastStarRequests: number
  readonly aOpened: boolean
  readonly bPid: number
  /** Process B: calls routed [faststar, fastaar], and where they went. */
  readonly bFailoverCalls: number
  readonly bAtFastaar: number
  readonly bAtFastStar: number
  /** Process B: calls routed to FastStar only, and how many were refused `circuit_open`. */
  readonly bFastStarOnlyCalls: number
  readonly bCircuitOpen: number
  /** Requests FastStar's emulator received while B ran (its request count before and after). */
  readonly bFastStarRequests: number
  readonly durationMs: number
}

/**
 * The breaker proof: process A creates checkouts while every FastStar
 * request is answered 503 (failing over to Fastaar) until A's breaker
 * opens. FastStar is then healthy again, and process B, which shares only
 * the store, creates checkouts: it must skip FastStar without a request.
 */
export function proveBreaker(options: BreakerOptions): Promise<BreakerResult> {
  return withPool(options.pool, (pool) => run(options, pool))
}

async function run(options: BreakerOptions, pool: InstancePool): Promise<BreakerResult> {
  const runId = randomBytes(4).toString('hex')
  const failing = await serveFastStarEmulator()
  const steady = await serveFastaarEmulator({ rateLimit: false })
  const failureThreshold = options.failureThreshold ?? 3
  const base = {
    engine: options.engine,
    url: options.url,
    prefix: `proof:${runId}:`,
    urls: { faststar: failing.baseUrl, fastaar: steady.baseUrl },
    // A cool-down far longer than the run: the circuit cannot close by itself meanwhile.
    breaker: { failureThreshold, cooldownMs: 600_000, windowMs: 600_000 },
  }
  const calls = options.calls ?? 20
  try {
    const [a, b] = (await pool.take(2)) as [AppInstance, AppInstance]
    a.send({ type: 'run', role: 'breaker', config: { ...base, role: 'trip', calls: 10 * failureThreshold } })
    b.send({ type: 'run', role: 'breaker', config: { ...base, role: 'skip', calls } })
    await Promise.all([a.next('ready'), b.next('ready')])
    const started = performance.now()
    failing.emulator.faults.inject(
      { type: 'status', status: 503, body: { error: 'service_unavailable' } },
      { count: Number.MAX_SAFE_INTEGER },
    )
    a.send({ type: 'go' })
    const tripped = await a.next('done')
    const aFastStarRequests = failing.emulator.requestCount()
    failing.emulator.faults.clear()
    b.send({ type: 'go' })
    const skipped = await b.next('done')
    const bFastStarRequests = failing.emulator.requestCount() - aFastStarRequests
    return {
      engine: options.engine,
      failureThreshold,
      aCalls: tripped.calls,
      aFastStarRequests,
      aOpened: tripped.opened,
      bPid: b.pid,
      bFailoverCalls: skipped.calls,
      bAtFastaar: skipped.landedAt.filter((id) => id === 'fastaar').length,
      bAtFastStar: skipped.landedAt.filter((id) => id === 'faststar').length,
      bFastStarOnlyCalls: calls,
      bCircuitOpen: skipped.refused.filter((code) => code === 'circuit_open').length,
      bFastStarRequests,
      durationMs: Math.round(performance.now() - started),
    }
  } finally {
    await failing.close()
    await steady.close()
  }
}
