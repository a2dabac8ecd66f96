import type { BreakerConfig, BreakerDriverMessage, BreakerMessage } from './breaker-proof.js'
import type { CreatorConfig, CreatorMessage, LedgerDriverMessage } from './ledger-proof.js'
import { type ProofChild, startChild } from './proof-processes.js'
import type { DriverMessage, WorkerConfig, WorkerMessage } from './worker-protocol.js'

/** What the driver tells an app instance: play a role, or exit. */
export type InstanceCommand =
  | { type: 'run'; role: 'webhooks'; config: WorkerConfig }
  | { type: 'run'; role: 'ledger'; config: CreatorConfig }
  | { type: 'run'; role: 'breaker'; config: BreakerConfig }
  | { type: 'exit' }

/** Every message an app instance sends: `up` once started, then its roles'. */
export type InstanceMessage = { type: 'up' } | WorkerMessage | CreatorMessage | BreakerMessage

/** Everything the driver sends an app instance: commands, and its roles' messages. */
export type ToInstance = InstanceCommand | DriverMessage | LedgerDriverMessage | BreakerDriverMessage

/** An app instance (a child process), as a proof driver talks to it. */
export type AppInstance = ProofChild<ToInstance, InstanceMessage>

/** App instances shared by the proofs of one run; a dead one (killed by a proof) is replaced on demand. */
export interface InstancePool {
  /** `count` live instances, starting new ones as needed. */
  take(count: number): Promise<AppInstance[]>
  /** Asks every live instance to exit, and waits for them. */
  close(): Promise<void>
}

/** An empty pool: instances start on the first `take`. */
export function createInstancePool(): InstancePool {
  const instances: AppInstance[] = []
  return {
    async take(count) {
      const live = instances.filter((instance) => !instance.dead)
      const started = Array.from({ length: Math.max(0, count - live.length) }, () =>
        startChild<ToInstance, InstanceMessage>('app-instance.ts'),
      )
      instances.push(...started)
      await Promise.all(started.map((instance) => instance.next('up')))
      return [...live, ...started].slice(0, count)
    },
    async close() {
      const live = instances.filter((instance) => !instance.dead)
      for (const instance of live) instance.send({ type: 'exit' })
      await Promise.all(live.map((instance) => instance.exited))
    },
  }
}

/**
 * Runs `proof` on `given`, or on a pool of its own that it closes after.
 * If the proof fails, the instances it took may be mid-role: they are
 * killed, and the pool replaces them on the next `take`.
 */
export async function withPool<T>(
  given: InstancePool | undefined,
  proof: (pool: InstancePool) => Promise<T>,
): Promise<T> {
  const pool = given ?? createInstancePool()
  const taken: AppInstance[] = []
  const tracking: InstancePool = {
    async take(count) {
      const instances = await pool.take(count)
      taken.push(...instances)
      return instances
    },
    close: () => pool.close(),
  }
  try {
    return await proof(tracking)
  } catch (error) {
    await Promise.all(taken.map((instance) => instance.kill()))
    throw error
  } finally {
    if (given === undefined) await pool.close()
  }
}
