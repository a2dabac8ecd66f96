import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serveFastStarEmulator } from '@paymux/faststar/testing'
import { type FulfilmentLine, parseFulfilmentLog } from './fulfilment-log.js'
import { type AppInstance, type InstancePool, withPool } from './instance-pool.js'
import { type OpenedSession, openSessions } from './many-processes.js'
import type { StoreEngine } from './proof-stores.js'
import { sleep } from './proof-timing.js'
import { WEBHOOK_PATH, type WorkerConfig } from './worker-protocol.js'
import { type Answer, request } from './worker-requests.js'

/** What happened to the one order of {@link reproduceCrashWindow}. */
export interface CrashWindowResult {
  /** The order's fulfilments, in the order they ran. */
  readonly fulfilments: readonly FulfilmentLine[]
  readonly crashedPid: number
  /** POSTs of the one `payment.succeeded` delivery until one was answered 2xx. */
  readonly attempts: number
}

/**
 * The crash window, alone and on purpose: worker 1 runs `fulfil` for an
 * order and dies right after it, before the fulfilment guard records the
 * order as fulfilled; the provider redelivers the event to worker 2 until
 * it is answered 2xx. Today worker 2 fulfils the order again: the guard
 * cannot know that the dead worker's `fulfil` had finished.
 */
export function reproduceCrashWindow(options: CrashWindowOptions): Promise<CrashWindowResult> {
  return withPool(options.pool, (pool) => run(options, pool))
}

/** Options of {@link reproduceCrashWindow}. */
export interface CrashWindowOptions {
  readonly engine: StoreEngine
  readonly url: string
  /** The workers' claim and fulfilment leases. @default 1_000 */
  readonly leaseTtlMs?: number
  /** App instances to play the two workers (the first one dies). @default a pool of its own */
  readonly pool?: InstancePool
}

async function run(options: CrashWindowOptions, pool: InstancePool): Promise<CrashWindowResult> {
  const runId = randomBytes(4).toString('hex')
  const folder = await mkdtemp(join(tmpdir(), 'paymux-crash-'))
  const served = await serveFastStarEmulator()
  try {
    const reference = `${runId}-order-0`
    const sessions = await openSessions(served, [{ index: 0, reference, paid: true }])
    const session = sessions.get(reference) as OpenedSession
    const leaseTtlMs = options.leaseTtlMs ?? 1_000
    const config: WorkerConfig = {
      engine: options.engine,
      url: options.url,
      prefix: `proof:${runId}:`,
      baseUrl: served.baseUrl,
      webhookSecret: served.emulator.webhookSecret,
      logPath: join(folder, 'fulfilments.log'),
      claimTtlMs: leaseTtlMs,
      leaseTtlMs,
      waitMs: 2 * leaseTtlMs,
    }
    const [dying, surviving] = (await pool.take(2)) as [AppInstance, AppInstance]
    dying.send({ type: 'run', role: 'webhooks', config: { ...config, crashAfterFulfilling: reference } })
    surviving.send({ type: 'run', role: 'webhooks', config })
    const [dyingPort, survivingPort] = await Promise.all(
      [dying, surviving].map(async (worker) => (await worker.next('listening')).port),
    )
    const delivery = served.emulator.webhooks.build(
      'payment.succeeded',
      {
        payment_id: session.paymentId,
        amount: session.amount,
        currency: 'BDT',
        status: 'succeeded',
        client_reference_id: reference,
      },
      { id: `evt_${runId}_crash` },
    )
    let attempts = 0
    let answer: Answer
    do {
      if (attempts > 0) await sleep(200)
      if (++attempts > 100) throw new Error('the redelivery was never answered 200')
      // The first attempt goes to the worker that dies; every redelivery to the other, as a load balancer would.
      const port = attempts === 1 ? dyingPort : survivingPort
      answer = await request(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
      })
    } while (answer?.status !== 200)
    await dying.exited
    surviving.send({ type: 'stop' })
    await surviving.next('stopped')
    const lines = parseFulfilmentLog(await readFile(config.logPath, 'utf8'))
    return {
      fulfilments: lines.filter((line) => line.reference === reference),
      crashedPid: dying.pid,
      attempts,
    }
  } finally {
    await served.close()
    await rm(folder, { recursive: true, force: true })
  }
}
