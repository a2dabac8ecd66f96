// The CI-size proofs of one engine, as a vitest suite: each engine's test
// file registers it, so vitest runs the engines' files side by side.
import { serversRequired } from '@paymux/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { proveBreaker } from './breaker-proof.js'
import { reproduceCrashWindow } from './crash-window.js'
import { createInstancePool } from './instance-pool.js'
import { proveLedger } from './ledger-proof.js'
import { proveManyProcesses } from './many-processes.js'
import {
  type Engine,
  type EngineServer,
  engineAvailable,
  INSTALL_HINTS,
  startEngine,
} from './proof-engines.js'
import { PROOF_SIZES } from './proof-sizes.js'
import { breakerProblems, ledgerProblems, manyProcessesProblems } from './proof-verdicts.js'

const CI = PROOF_SIZES.ci

/**
 * Registers the cross-process proofs on a throw-away server of `engine`.
 * When the server is not installed: in CI (or `PAYMUX_REQUIRE_SERVERS=1`)
 * the suite fails naming the package to install; elsewhere it is not
 * registered, and a warning says what to install.
 */
export function registerProofs(engine: Engine): void {
  if (!serversRequired && !engineAvailable(engine)) {
    console.warn(
      `shared-state-proof: ${engine} is not installed, so its cross-process proofs did not run: \`${INSTALL_HINTS[engine]}\` (as root) runs them.`,
    )
    return
  }
  describe(`${engine}: many processes on one store (CI size)`, () => {
    let server: EngineServer | undefined
    // The app instances (child processes) every proof of this engine plays its roles in, in turn.
    const pool = createInstancePool()
    const url = () => (server as EngineServer).url
    beforeAll(async () => {
      server = await startEngine(engine)
    }, 60_000)
    afterAll(async () => {
      await pool.close()
      await server?.stop()
    })

    it(`4 workers, ${CI.deliveries} deliveries for ${CI.orders} orders, one killed: each paid order fulfilled once, no event lost`, async () => {
      const result = await proveManyProcesses({
        engine,
        url: url(),
        pool,
        orders: CI.orders,
        deliveries: CI.deliveries,
        // A broken store fails the test within its timeout rather than hanging it.
        giveUpMs: 90_000,
      })
      expect(manyProcessesProblems(result, { kill: true })).toEqual([])
      expect(result.answered2xx).toBe(CI.deliveries)
      // The worker's fulfil checks its log when told an earlier attempt was interrupted: no double at all.
      expect(result.fulfilment.crashDoubles).toEqual([])
      expect(result.fulfilment.fulfilledOnce).toBe(result.paidOrders)
      // The run did what it claims: duplicates were answered as such, copies raced, a worker died.
      expect(result.duplicatesAnswered).toBeGreaterThan(0)
      expect(result.answered409).toBeGreaterThan(0)
      expect(result.killedPid).toBeTypeOf('number')
    }, 120_000)

    it(`${CI.ledgerOrders} orders created by 3 processes at once while FastStar flaps: one open session each, returned to every call`, async () => {
      const result = await proveLedger({
        engine,
        url: url(),
        pool,
        orders: CI.ledgerOrders,
        giveUpMs: 90_000,
      })
      expect(ledgerProblems(result)).toEqual([])
      expect(result.sessionsAtFlappy + result.sessionsAtSteady).toBe(CI.ledgerOrders)
      expect(result.createCalls).toBe(3 * CI.ledgerOrders)
    }, 120_000)

    it('process A’s failures open the breaker; process B skips FastStar without a request', async () => {
      const result = await proveBreaker({ engine, url: url(), pool })
      expect(breakerProblems(result)).toEqual([])
      expect(result.bFastStarRequests).toBe(0)
    }, 60_000)

    // The crash window: a worker dies after its fulfil ran and before the guard recorded it. The
    // next attempt is told (`interrupted`), and the app's fulfil checks its own records.
    it('a worker killed right after fulfil, before the record: the next attempt is told, and the order is fulfilled once', async () => {
      const result = await reproduceCrashWindow({ engine, url: url(), pool })
      expect(result.fulfilments).toHaveLength(1)
      expect(result.fulfilments[0]?.pid).toBe(result.crashedPid)
      expect(result.attempts).toBeGreaterThan(1)
    }, 60_000)
  })
}
