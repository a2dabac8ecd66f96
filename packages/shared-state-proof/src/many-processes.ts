import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFastStar } from '@paymux/faststar'
import {
  FASTSTAR_EMULATOR_KEYS,
  type ServedFastStarEmulator,
  serveFastStarEmulator,
} from '@paymux/faststar/testing'
import {
  type DeliveryPlan,
  type PlannedEvent,
  type PlannedOrder,
  planDeliveries,
  seededRandom,
} from './delivery-plan.js'
import {
  type FulfilmentVerdict,
  judgeFulfilments,
  type Killed,
  parseFulfilmentLog,
} from './fulfilment-log.js'
import { type AppInstance, type InstancePool, withPool } from './instance-pool.js'
import { openStore, type StoreEngine } from './proof-stores.js'
import { pooled, sleep } from './proof-timing.js'
import { CONFIRM_PATH, WEBHOOK_PATH, type WorkerConfig } from './worker-protocol.js'
import { type Answer, request } from './worker-requests.js'

/** Options of {@link proveManyProcesses}. */
export interface ManyProcessesOptions {
  readonly engine: StoreEngine
  /** The engine's URL (ignored for `'memory'`). */
  readonly url: string
  readonly orders: number
  /** Deliveries in all, 20 % of them duplicates. */
  readonly deliveries: number
  /** App instances. @default 4 */
  readonly workers?: number
  /** @default a random seed (reported) */
  readonly seed?: number
  /** Kill one worker with SIGKILL once 40 % of the deliveries went out. @default true */
  readonly kill?: boolean
  /** Orders whose events are being sent at once. @default 32 */
  readonly inFlight?: number
  /** The workers' `webhooks.claimTtlMs` and `fulfilment.leaseTtlMs`: how fast a dead worker's holds lapse. @default 2_000 */
  readonly leaseTtlMs?: number
  /**
   * How long the provider keeps redelivering, from the first delivery: a
   * delivery not answered 2xx by then counts as lost, and the run ends.
   * @default 600_000
   */
  readonly giveUpMs?: number
  /** App instances to run the workers in. @default a pool of its own */
  readonly pool?: InstancePool
}

/** What the provider saw, and what the log and the store say. */
export interface ManyProcessesResult {
  readonly engine: StoreEngine
  readonly seed: number
  readonly workers: number
  readonly orders: number
  readonly paidOrders: number
  /** Deliveries the provider planned: each event once, and the duplicates. */
  readonly deliveries: number
  readonly duplicates: number
  readonly concurrentDuplicates: number
  /** Every POST the provider made, redeliveries included. */
  readonly attempts: number
  readonly redeliveries: number
  readonly answered2xx: number
  /** 200 `duplicate: true`: an event already handled. */
  readonly duplicatesAnswered: number
  readonly answered409: number
  readonly answered500: number
  /** 500 answers by their `error` (`handler_failed`, `store_failed`). */
  readonly reasons500: Readonly<Record<string, number>>
  readonly otherAnswers: number
  /** Attempts that got no answer (the killed worker's connections). */
  readonly connectionFailures: number
  /** Deliveries never answered 2xx within `giveUpMs`. */
  readonly lostDeliveries: number
  /** Confirmation-page visits and the reloads they took. */
  readonly confirmations: number
  readonly confirmationRetries: number
  readonly killedPid: number | undefined
  /** Requests the killed worker was answering when it died. */
  readonly killedWhileAnswering: number
  /** Orders whose final status in the store is not the one their events end in (paid: succeeded, else failed). */
  readonly wrongFinalStatus: number
  readonly fulfilment: FulfilmentVerdict
  readonly durationMs: number
}

/** How long before SIGKILL a fulfilment may have run and still be explained by the crash. */
const CRASH_WINDOW_MS = 1_000

/**
 * The many-processes proof: `workers` app instances share one store and
 * take a provider's webhooks for `orders` orders (duplicates, concurrent
 * redeliveries, out-of-order and late statuses, a crash), while half the
 * buyers come back to the confirmation page. Resolves the counts; the
 * caller judges them.
 */
export function proveManyProcesses(options: ManyProcessesOptions): Promise<ManyProcessesResult> {
  return withPool(options.pool, (pool) => run(options, pool))
}

async function run(options: ManyProcessesOptions, pool: InstancePool): Promise<ManyProcessesResult> {
  const seed = options.seed ?? randomBytes(4).readUInt32BE()
  const runId = randomBytes(4).toString('hex')
  const plan = planDeliveries({ orders: options.orders, deliveries: options.deliveries, seed, runId })
  const folder = await mkdtemp(join(tmpdir(), 'paymux-proof-'))
  const emulator = await serveFastStarEmulator()
  try {
    const [workers, sessions] = await Promise.all([
      pool.take(options.workers ?? 4),
      openSessions(emulator, plan.orders),
    ])
    const leaseTtlMs = options.leaseTtlMs ?? 2_000
    const config: WorkerConfig = {
      engine: options.engine,
      url: options.url,
      prefix: `proof:${runId}:`,
      baseUrl: emulator.baseUrl,
      webhookSecret: emulator.emulator.webhookSecret,
      logPath: join(folder, 'fulfilments.log'),
      claimTtlMs: leaseTtlMs,
      leaseTtlMs,
      waitMs: 2 * leaseTtlMs,
    }
    for (const worker of workers) worker.send({ type: 'run', role: 'webhooks', config })
    const ports = new Map<number, number>()
    for (const worker of workers) ports.set(worker.pid, (await worker.next('listening')).port)
    const provider = new Provider(emulator, sessions, workers, ports, options, seed)
    const started = performance.now()
    await provider.run(plan)
    const durationMs = Math.round(performance.now() - started)
    for (const worker of provider.live) worker.send({ type: 'stop' })
    await Promise.all(provider.live.map((worker) => worker.next('stopped')))
    const lines = parseFulfilmentLog(await readFile(config.logPath, 'utf8').catch(() => ''))
    return {
      engine: options.engine,
      seed,
      workers: workers.length,
      orders: plan.orders.length,
      paidOrders: plan.orders.filter((order) => order.paid).length,
      deliveries: plan.deliveries,
      duplicates: plan.duplicates,
      concurrentDuplicates: plan.orders
        .flatMap((order) => order.events)
        .filter((event) => event.duplicate === 'concurrent').length,
      ...provider.counts(),
      wrongFinalStatus: await wrongFinalStatuses(options, config.prefix, plan),
      fulfilment: judgeFulfilments(lines, plan.orders, provider.killed, CRASH_WINDOW_MS),
      durationMs,
    }
  } finally {
    await emulator.close()
    await rm(folder, { recursive: true, force: true })
  }
}

/** An order's checkout at the emulator: its session, and its payment once paid. */
export interface OpenedSession {
  readonly ref: string
  readonly paymentId: string
  readonly amount: number
}

/**
 * Opens every order's session at the emulator and lets the paying buyers
 * pay (no webhooks: the provider sends them), by reference.
 */
export async function openSessions(
  served: ServedFastStarEmulator,
  orders: readonly Pick<PlannedOrder, 'index' | 'reference' | 'paid'>[],
): Promise<Map<string, OpenedSession>> {
  const faststar = createFastStar({
    apiKey: FASTSTAR_EMULATOR_KEYS.direct,
    merchantType: 'direct',
    fetch: served.emulator.fetch,
  })
  const sessions = new Map<string, OpenedSession>()
  await pooled(orders, 16, async (order) => {
    const amount = 10_000 + order.index
    const session = await faststar.sessions.create({
      amount: { amount, currency: 'BDT' },
      reference: order.reference,
      successUrl: `https://shop.example${CONFIRM_PATH}`,
      cancelUrl: 'https://shop.example/cart',
      presentation: 'redirect',
    })
    const paid = order.paid ? await served.emulator.completeSession(session.id) : undefined
    const paymentId = paid?.payment?.id ?? `pi_declined_${order.reference}`
    sessions.set(order.reference, { ref: session.ref, paymentId, amount })
  })
  return sessions
}

/** The final status the store recorded for each order, against the one its events end in. */
async function wrongFinalStatuses(
  options: ManyProcessesOptions,
  prefix: string,
  plan: DeliveryPlan,
): Promise<number> {
  // Each memory worker kept its own records, gone with it: nothing to read.
  if (options.engine === 'memory') return 0
  const { store, close } = await openStore(options.engine, options.url, prefix)
  try {
    let wrong = 0
    await pooled(plan.orders, 16, async (order) => {
      const recorded = await store.get(`fulfilment:${order.reference}`)
      if (recorded?.value !== (order.paid ? 'succeeded' : 'failed')) wrong++
    })
    return wrong
  } finally {
    await close()
  }
}

/**
 * The provider: sends each order's events in order, a delivery's duplicate
 * at once to another worker or after its first answer, and redelivers every
 * delivery not answered 2xx (after a short backoff, to any live worker, as a
 * load balancer would pick) until it is. Kills a worker once 40 % of the
 * deliveries went out.
 */
class Provider {
  readonly live: AppInstance[]
  killed: Killed | undefined
  private killedWhileAnswering = 0
  private readonly random: () => number
  private readonly tally = {
    attempts: 0,
    answered2xx: 0,
    duplicatesAnswered: 0,
    answered409: 0,
    answered500: 0,
    reasons500: {} as Record<string, number>,
    otherAnswers: 0,
    connectionFailures: 0,
    lostDeliveries: 0,
    confirmations: 0,
    confirmationRetries: 0,
  }
  private sent = 0
  private giveUpAt = Number.POSITIVE_INFINITY
  /** Requests each worker (by port) is answering right now. */
  private readonly busy = new Map<number, number>()
  private readonly background: Promise<void>[] = []

  constructor(
    private readonly emulator: ServedFastStarEmulator,
    private readonly sessions: ReadonlyMap<string, OpenedSession>,
    workers: readonly AppInstance[],
    private readonly ports: ReadonlyMap<number, number>,
    private readonly options: ManyProcessesOptions,
    seed: number,
  ) {
    this.live = [...workers]
    this.random = seededRandom(seed ^ 0x5eed)
  }

  async run(plan: DeliveryPlan): Promise<void> {
    const killAt = this.options.kill === false ? Number.POSITIVE_INFINITY : Math.floor(plan.deliveries * 0.4)
    this.giveUpAt = Date.now() + (this.options.giveUpMs ?? 600_000)
    await pooled(plan.orders, this.options.inFlight ?? 32, (order) => this.sendOrder(order, killAt))
    // Redeliveries, late duplicates and confirmations still under way.
    while (this.background.length > 0) await Promise.all(this.background.splice(0))
  }

  counts() {
    return {
      ...this.tally,
      redeliveries: this.tally.attempts - this.sent,
      killedPid: this.killed?.pid,
      killedWhileAnswering: this.killedWhileAnswering,
    }
  }

  private async sendOrder(order: PlannedOrder, killAt: number): Promise<void> {
    for (const [seq, event] of order.events.entries()) {
      const target = this.pick()
      const first = this.deliver(order, event, target, killAt)
      if (event.duplicate === 'concurrent')
        this.background.push(this.deliver(order, event, this.pick(target), killAt).done)
      if (event.duplicate === 'later')
        this.background.push(first.done.then(() => this.deliver(order, event, this.pick(), killAt).done))
      // The buyer returns to successUrl while the provider sends the final status: the race of the issue.
      if (order.confirm && seq === 2) this.background.push(this.confirm(order))
      this.background.push(first.done)
      await first.answered
    }
  }

  /** One delivery: `answered` once its first attempt is answered, `done` once it got a 2xx (or was given up). */
  private deliver(order: PlannedOrder, event: PlannedEvent, first: number, killAt: number) {
    this.sent++
    if (this.sent === killAt) this.killOne()
    let markAnswered: () => void = () => undefined
    const answered = new Promise<void>((resolve) => {
      markAnswered = resolve
    })
    const done = (async () => {
      for (let attempt = 0; ; attempt++) {
        const answer = await this.post(attempt === 0 ? first : this.pick(), order, event)
        markAnswered()
        if (answer !== undefined && answer.status >= 200 && answer.status < 300) return
        if (Date.now() > this.giveUpAt) {
          this.tally.lostDeliveries++
          return
        }
        await sleep(this.backoff(attempt))
      }
    })()
    return { answered, done }
  }

  private async post(port: number, order: PlannedOrder, event: PlannedEvent): Promise<Answer> {
    const session = this.sessions.get(order.reference) as OpenedSession
    // Signed at each attempt, as a provider does: a redelivery carries a fresh timestamp.
    const signed = this.emulator.emulator.webhooks.build(
      event.type,
      {
        payment_id: session.paymentId,
        amount: session.amount,
        currency: 'BDT',
        status: event.status,
        client_reference_id: order.reference,
      },
      { id: event.id },
    )
    this.tally.attempts++
    this.busy.set(port, (this.busy.get(port) ?? 0) + 1)
    const answer = await request(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    })
    this.busy.set(port, (this.busy.get(port) ?? 1) - 1)
    this.count(answer)
    return answer
  }

  private count(answer: Answer): void {
    if (answer === undefined) this.tally.connectionFailures++
    else if (answer.status >= 200 && answer.status < 300) {
      this.tally.answered2xx++
      if (answer.duplicate) this.tally.duplicatesAnswered++
    } else if (answer.status === 409) this.tally.answered409++
    else if (answer.status === 500) {
      this.tally.answered500++
      const reason = answer.error ?? 'unknown'
      this.tally.reasons500[reason] = (this.tally.reasons500[reason] ?? 0) + 1
    } else this.tally.otherAnswers++
  }

  /** The buyer on the success page, reloading until it answers (a worker may be down or the order held). */
  private async confirm(order: PlannedOrder): Promise<void> {
    const session = this.sessions.get(order.reference) as OpenedSession
    this.tally.confirmations++
    for (let attempt = 0; Date.now() < this.giveUpAt; attempt++) {
      const url = `http://127.0.0.1:${this.pick()}${CONFIRM_PATH}?session=${encodeURIComponent(session.ref)}`
      const answer = await request(url, { method: 'GET' })
      if (answer?.status === 200) return
      this.tally.confirmationRetries++
      await sleep(this.backoff(attempt))
    }
  }

  /** A live worker's port, other than `not` when there is another. */
  private pick(not?: number): number {
    const ports = this.live.map((worker) => this.ports.get(worker.pid) as number)
    const others = ports.filter((port) => port !== not)
    const from = others.length > 0 ? others : ports
    return from[Math.floor(this.random() * from.length)] as number
  }

  /** Kills the busiest worker: the one most likely to die holding claims and fulfilment leases. */
  private killOne(): void {
    const load = (worker: AppInstance) => this.busy.get(this.ports.get(worker.pid) as number) ?? 0
    const victim = [...this.live].sort((a, b) => load(b) - load(a))[0]
    if (victim === undefined || this.live.length < 2) return
    this.live.splice(this.live.indexOf(victim), 1)
    this.killed = { pid: victim.pid, at: Date.now() }
    this.killedWhileAnswering = load(victim)
    void victim.kill()
  }

  /** 50 ms doubling to 1 s, with jitter. */
  private backoff(attempt: number): number {
    return Math.min(1_000, 50 * 2 ** attempt) * (0.5 + this.random() / 2)
  }
}
