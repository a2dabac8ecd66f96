import { randomBytes } from 'node:crypto'
import { serveFastaarEmulator } from '@paymux/fastaar/testing'
import { serveFastStarEmulator } from '@paymux/faststar/testing'
import { seededRandom } from './delivery-plan.js'
import { type InstancePool, withPool } from './instance-pool.js'
import type { EmulatorUrls } from './proof-gateways.js'
import type { StoreEngine } from './proof-stores.js'

/** What the driver tells each creator process. */
export interface CreatorConfig {
  readonly engine: StoreEngine
  readonly url: string
  readonly prefix: string
  readonly urls: EmulatorUrls
  readonly orders: readonly { readonly reference: string; readonly amount: number }[]
  readonly inFlight: number
  /** How long, from "go", a process keeps retrying failed creates before it reports them failed. */
  readonly giveUpMs: number
}

/** One order's create, as one process saw it: the session it got back, or why not. */
export type CreatorResult =
  | { readonly reference: string; readonly ref: string; readonly attempts: number }
  | { readonly reference: string; readonly error: string; readonly attempts: number }

export type CreatorMessage = { type: 'ready' } | { type: 'created'; results: CreatorResult[] }
export type LedgerDriverMessage = { type: 'go' }

/** Options of {@link proveLedger}. */
export interface LedgerOptions {
  readonly engine: StoreEngine
  readonly url: string
  readonly orders: number
  /** Processes creating every order at once. @default 3 */
  readonly processes?: number
  /** The share of FastStar's requests answered 503. @default 0.3 */
  readonly flapShare?: number
  /** Orders each process creates at once. @default 16 */
  readonly inFlight?: number
  /** @default a random seed (reported) */
  readonly seed?: number
  /** How long, from the start, failed creates are retried before they count as failed. @default 300_000 */
  readonly giveUpMs?: number
  /** App instances to create from. @default a pool of its own */
  readonly pool?: InstancePool
}

/** What the emulators hold and what each create call returned. */
export interface LedgerResult {
  readonly engine: StoreEngine
  readonly seed: number
  readonly orders: number
  readonly processes: number
  /** Create calls the app made: one per order per process. */
  readonly createCalls: number
  /** Calls tried again by the app after a failure worth retrying. */
  readonly callerRetries: number
  /** Requests the flapping gateway (FastStar) answered 503. */
  readonly flaps: number
  /** Sessions at each emulator for this run's orders. */
  readonly sessionsAtFlappy: number
  readonly sessionsAtSteady: number
  /** Create requests that reached the steady gateway (Fastaar): its own idempotency cannot hide a second one. */
  readonly steadyCreateRequests: number
  readonly ordersWithOneOpenSession: number
  readonly ordersWithSeveralSessions: number
  readonly ordersWithNoSession: number
  /** Calls that returned a session other than the order's one session, or failed for good. */
  readonly callsWithOtherSession: number
  readonly failedCalls: number
  readonly failures: readonly string[]
  readonly durationMs: number
}

/**
 * The ledger proof: `processes` app instances create a checkout for each
 * of `orders` orders at the same moment, with the same reference and
 * amount, routed [FastStar, Fastaar] with failover while FastStar answers
 * a share of its requests 503. Then the emulators are counted.
 */
export function proveLedger(options: LedgerOptions): Promise<LedgerResult> {
  return withPool(options.pool, (pool) => run(options, pool))
}

async function run(options: LedgerOptions, pool: InstancePool): Promise<LedgerResult> {
  const seed = options.seed ?? randomBytes(4).readUInt32BE()
  const runId = randomBytes(4).toString('hex')
  const random = seededRandom(seed)
  const flappy = await serveFastStarEmulator()
  const steady = await serveFastaarEmulator({ rateLimit: false })
  let flaps = 0
  flappy.emulator.faults.inject(
    { type: 'status', status: 503, body: { error: 'service_unavailable' } },
    {
      count: Number.MAX_SAFE_INTEGER,
      match: () => {
        const hit = random() < (options.flapShare ?? 0.3)
        if (hit) flaps++
        return hit
      },
    },
  )
  const orders = Array.from({ length: options.orders }, (_, index) => ({
    reference: `${runId}-order-${index}`,
    amount: 10_000 + index,
  }))
  const config: CreatorConfig = {
    engine: options.engine,
    url: options.url,
    prefix: `proof:${runId}:`,
    urls: { faststar: flappy.baseUrl, fastaar: steady.baseUrl },
    orders,
    inFlight: options.inFlight ?? 16,
    giveUpMs: options.giveUpMs ?? 300_000,
  }
  try {
    const creators = await pool.take(options.processes ?? 3)
    for (const creator of creators) creator.send({ type: 'run', role: 'ledger', config })
    await Promise.all(creators.map((creator) => creator.next('ready')))
    const started = performance.now()
    for (const creator of creators) creator.send({ type: 'go' })
    const results = (await Promise.all(creators.map((creator) => creator.next('created')))).flatMap(
      (message) => message.results,
    )
    const durationMs = Math.round(performance.now() - started)
    const sessions = sessionsByReference(flappy, steady, runId)
    const judged = judgeCreates(orders, sessions, results)
    return {
      engine: options.engine,
      seed,
      orders: orders.length,
      processes: creators.length,
      createCalls: results.length,
      callerRetries: results.reduce((sum, result) => sum + result.attempts - 1, 0),
      flaps,
      sessionsAtFlappy: [...sessions.values()].flat().filter((s) => s.ref.startsWith('faststar:')).length,
      sessionsAtSteady: [...sessions.values()].flat().filter((s) => s.ref.startsWith('fastaar:')).length,
      steadyCreateRequests: steady.emulator.requests.filter(
        (request) => request.method === 'POST' && request.path === '/api/v1/payments',
      ).length,
      ...judged,
      durationMs,
    }
  } finally {
    await flappy.close()
    await steady.close()
  }
}

/** A session an emulator holds for one of the run's orders. */
interface HeldSession {
  readonly ref: string
  readonly open: boolean
}

/** Every session both emulators hold for this run's orders, by reference (`client_reference_id`, `invoice_id`). */
function sessionsByReference(
  flappy: Awaited<ReturnType<typeof serveFastStarEmulator>>,
  steady: Awaited<ReturnType<typeof serveFastaarEmulator>>,
  runId: string,
): Map<string, HeldSession[]> {
  const byReference = new Map<string, HeldSession[]>()
  const add = (reference: unknown, session: HeldSession) => {
    if (typeof reference !== 'string' || !reference.startsWith(`${runId}-`)) return
    byReference.set(reference, [...(byReference.get(reference) ?? []), session])
  }
  for (const session of flappy.emulator.state.sessions.values())
    add(session.client_reference_id, { ref: `faststar:${session.id}`, open: session.status === 'open' })
  for (const payment of steady.emulator.payments())
    add(payment.invoice_id, { ref: `fastaar:${String(payment.id)}`, open: payment.status === 'pending' })
  return byReference
}

/** Exactly one open session per order, and every call returned it. */
function judgeCreates(
  orders: readonly { readonly reference: string }[],
  sessions: ReadonlyMap<string, readonly HeldSession[]>,
  results: readonly CreatorResult[],
) {
  let ordersWithOneOpenSession = 0
  let ordersWithSeveralSessions = 0
  let ordersWithNoSession = 0
  for (const { reference } of orders) {
    const held = sessions.get(reference) ?? []
    if (held.length === 0) ordersWithNoSession++
    else if (held.length > 1) ordersWithSeveralSessions++
    else if (held[0]?.open === true) ordersWithOneOpenSession++
  }
  const failures = results.flatMap((result) => ('error' in result ? [result.error] : []))
  const callsWithOtherSession = results.filter((result) => {
    const held = sessions.get(result.reference) ?? []
    return 'error' in result || held.length !== 1 || held[0]?.ref !== result.ref
  }).length
  return {
    ordersWithOneOpenSession,
    ordersWithSeveralSessions,
    ordersWithNoSession,
    callsWithOtherSession,
    failedCalls: failures.length,
    failures: [...new Set(failures)].slice(0, 5),
  }
}
