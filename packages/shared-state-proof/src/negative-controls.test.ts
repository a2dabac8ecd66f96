// The same proofs with a memory store in every process (the default of a
// single instance): each must break. A proof that passes without a shared
// store would prove nothing about one.
import { afterAll, describe, expect, it } from 'vitest'
import { proveBreaker } from './breaker-proof.js'
import { createInstancePool } from './instance-pool.js'
import { proveLedger } from './ledger-proof.js'
import { proveManyProcesses } from './many-processes.js'
import { breakerProblems, ledgerProblems, manyProcessesProblems } from './proof-verdicts.js'

describe('negative controls: a memory store per process breaks every cross-process guarantee', () => {
  const pool = createInstancePool()
  afterAll(() => pool.close())

  it('4 workers each with its own memory fulfil paid orders more than once', async () => {
    const result = await proveManyProcesses({
      engine: 'memory',
      url: '',
      pool,
      orders: 60,
      deliveries: 300,
      kill: false,
    })
    expect(result.fulfilment.doubles.length).toBeGreaterThan(0)
    expect(result.fulfilment.crashDoubles).toEqual([])
    expect(manyProcessesProblems(result, { kill: false })).toContainEqual(
      expect.stringMatching(/orders were fulfilled twice/),
    )
  }, 60_000)

  it('3 processes each with its own ledger open several sessions for one order', async () => {
    const result = await proveLedger({ engine: 'memory', url: '', pool, orders: 30 })
    expect(result.ordersWithSeveralSessions).toBeGreaterThan(0)
    expect(ledgerProblems(result)).toContainEqual(expect.stringMatching(/orders have several sessions/))
  }, 60_000)

  it('process B with its own breaker keeps sending to the gateway that failed for A', async () => {
    const result = await proveBreaker({ engine: 'memory', url: '', pool })
    expect(result.aOpened).toBe(true)
    expect(result.bFastStarRequests).toBeGreaterThan(0)
    expect(breakerProblems(result)).toContainEqual(
      expect.stringMatching(/requests from process B reached the tripped gateway/),
    )
  }, 60_000)
})
