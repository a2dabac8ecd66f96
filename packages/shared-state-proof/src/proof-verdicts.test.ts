import { describe, expect, it } from 'vitest'
import type { BreakerResult } from './breaker-proof.js'
import type { LedgerResult } from './ledger-proof.js'
import type { ManyProcessesResult } from './many-processes.js'
import { formatResults } from './proof-table.js'
import { breakerProblems, ledgerProblems, manyProcessesProblems } from './proof-verdicts.js'

const many: ManyProcessesResult = {
  engine: 'redis',
  seed: 1,
  workers: 4,
  orders: 4,
  paidOrders: 3,
  deliveries: 20,
  duplicates: 4,
  concurrentDuplicates: 2,
  attempts: 23,
  redeliveries: 3,
  answered2xx: 20,
  duplicatesAnswered: 4,
  answered409: 2,
  answered500: 0,
  reasons500: {},
  otherAnswers: 0,
  connectionFailures: 1,
  lostDeliveries: 0,
  confirmations: 2,
  confirmationRetries: 0,
  killedPid: 42,
  killedWhileAnswering: 1,
  wrongFinalStatus: 0,
  fulfilment: {
    fulfilments: 3,
    paidOrders: 3,
    fulfilledOnce: 3,
    missing: [],
    unexpected: [],
    doubles: [],
    crashDoubles: [],
  },
  durationMs: 1_000,
}
const ledger: LedgerResult = {
  engine: 'redis',
  seed: 1,
  orders: 10,
  processes: 3,
  createCalls: 30,
  callerRetries: 2,
  flaps: 5,
  sessionsAtFlappy: 6,
  sessionsAtSteady: 4,
  steadyCreateRequests: 4,
  ordersWithOneOpenSession: 10,
  ordersWithSeveralSessions: 0,
  ordersWithNoSession: 0,
  callsWithOtherSession: 0,
  failedCalls: 0,
  failures: [],
  durationMs: 1_000,
}
const breaker: BreakerResult = {
  engine: 'redis',
  failureThreshold: 3,
  aCalls: 3,
  aFastStarRequests: 3,
  aOpened: true,
  bPid: 43,
  bFailoverCalls: 20,
  bAtFastaar: 20,
  bAtFastStar: 0,
  bFastStarOnlyCalls: 20,
  bCircuitOpen: 20,
  bFastStarRequests: 0,
  durationMs: 1_000,
}

describe('the verdicts', () => {
  it('find nothing wrong with runs that kept every guarantee', () => {
    expect(manyProcessesProblems(many, { kill: true })).toEqual([])
    expect(ledgerProblems(ledger)).toEqual([])
    expect(breakerProblems(breaker)).toEqual([])
  })

  it('name every broken guarantee of the many-processes run', () => {
    const broken = {
      ...many,
      lostDeliveries: 1,
      answered2xx: 18,
      wrongFinalStatus: 1,
      killedPid: undefined,
      fulfilment: {
        ...many.fulfilment,
        missing: ['o1'],
        unexpected: ['o4'],
        doubles: ['o2', 'o3'],
        crashDoubles: ['o3'],
      },
    }
    expect(manyProcessesProblems(broken, { kill: true })).toEqual([
      '1 deliveries were never answered 2xx',
      '1 deliveries ended without a 2xx',
      '1 paid orders were never fulfilled',
      '1 unpaid orders were fulfilled',
      '1 orders were fulfilled twice (o2)',
      '1 orders ended in another status than their last event',
      'no worker was killed',
    ])
  })

  it('name every broken guarantee of the ledger run, including a second create Fastaar’s idempotency hid', () => {
    const broken = {
      ...ledger,
      ordersWithOneOpenSession: 8,
      ordersWithSeveralSessions: 2,
      callsWithOtherSession: 4,
      failedCalls: 1,
      failures: ['ProviderUnavailableError checkout_in_progress: …'],
      steadyCreateRequests: 6,
      flaps: 0,
    }
    expect(ledgerProblems(broken)).toEqual([
      '2 orders lack exactly one open session',
      '2 orders have several sessions',
      '4 create calls returned another session than the order’s one',
      '1 create calls failed (ProviderUnavailableError checkout_in_progress: …)',
      '2 second creates reached Fastaar (its own idempotency hid them)',
      'the flapping gateway never failed: nothing was proven',
    ])
  })

  it('name every broken guarantee of the breaker run', () => {
    const broken = { ...breaker, aOpened: false, bFastStarRequests: 5, bAtFastaar: 15, bCircuitOpen: 0 }
    expect(breakerProblems(broken)).toEqual([
      'process A’s breaker never opened',
      '5 requests from process B reached the tripped gateway',
      '5 of B’s failover calls did not go to Fastaar',
      '20 of B’s FastStar-only calls were not circuit_open',
    ])
  })
})

describe('formatResults', () => {
  it('prints a column per engine and a verdict per engine', () => {
    const text = formatResults(
      [
        { engine: 'redis', manyProcesses: many, ledger, breaker },
        {
          engine: 'postgres',
          manyProcesses: { ...many, engine: 'postgres', lostDeliveries: 2, answered2xx: 18 },
        },
      ],
      { kill: true },
    )
    expect(text).toContain('|  | redis | postgres |')
    expect(text).toContain('| deliveries never 2xx (lost) | 0 | 2 |')
    expect(text).toContain('| killed worker pid (requests it was answering) | 42 (1) | 42 (1) |')
    expect(text).toContain('|  | redis |\n')
    expect(text).toContain('redis: every guarantee checked held.')
    expect(text).toContain('postgres: 2 deliveries were never answered 2xx.')
  })

  it('says in words when the crash window made an order fulfilled twice', () => {
    const crashed = { ...many, fulfilment: { ...many.fulfilment, doubles: ['o1'], crashDoubles: ['o1'] } }
    const crashWindow = { fulfilments: [], crashedPid: 1, attempts: 3 }
    const twice = [1, 2].map((pid) => ({ reference: 'o1', pid, at: pid }))
    const text = formatResults(
      [{ engine: 'redis', manyProcesses: crashed, crashWindow: { ...crashWindow, fulfilments: twice } }],
      { kill: true },
    )
    expect(text).toContain('redis: every guarantee checked held.')
    expect(text).toContain('redis: 1 order(s) fulfilled twice because the killed worker died after fulfil')
    expect(text).toContain(
      'redis: crash window: an order whose worker died right after fulfil was fulfilled 2 times',
    )
  })
})
