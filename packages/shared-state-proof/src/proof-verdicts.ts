import type { BreakerResult } from './breaker-proof.js'
import type { LedgerResult } from './ledger-proof.js'
import type { ManyProcessesResult } from './many-processes.js'

/**
 * What breaks "many processes, one truth": an event never answered 2xx, a
 * paid order never fulfilled, an unpaid one fulfilled, an order fulfilled
 * twice that the crash does not explain, a final status other than the
 * last one the order's events reached, or no crash at all.
 */
export function manyProcessesProblems(result: ManyProcessesResult, options: { kill: boolean }): string[] {
  const { fulfilment } = result
  const unexplained = fulfilment.doubles.filter((order) => !fulfilment.crashDoubles.includes(order))
  return [
    ...problem(result.lostDeliveries, 'deliveries were never answered 2xx'),
    ...problem(
      result.deliveries - result.lostDeliveries - result.answered2xx,
      'deliveries ended without a 2xx',
    ),
    ...problem(fulfilment.missing.length, 'paid orders were never fulfilled'),
    ...problem(fulfilment.unexpected.length, 'unpaid orders were fulfilled'),
    ...problem(unexplained.length, `orders were fulfilled twice (${unexplained.slice(0, 3).join(', ')})`),
    ...problem(result.wrongFinalStatus, 'orders ended in another status than their last event'),
    ...(options.kill && result.killedPid === undefined ? ['no worker was killed'] : []),
  ]
}

/** What breaks the ledger: an order without exactly one open session, a call that got another (or none). */
export function ledgerProblems(result: LedgerResult): string[] {
  return [
    ...problem(result.orders - result.ordersWithOneOpenSession, 'orders lack exactly one open session'),
    ...problem(result.ordersWithSeveralSessions, 'orders have several sessions'),
    ...problem(result.callsWithOtherSession, 'create calls returned another session than the order’s one'),
    ...problem(result.failedCalls, `create calls failed (${result.failures.join('; ')})`),
    ...problem(
      result.steadyCreateRequests - result.sessionsAtSteady,
      'second creates reached Fastaar (its own idempotency hid them)',
    ),
    ...(result.flaps === 0 ? ['the flapping gateway never failed: nothing was proven'] : []),
  ]
}

/** What breaks the shared breaker: A never tripped it, or B still sent FastStar a request. */
export function breakerProblems(result: BreakerResult): string[] {
  return [
    ...(result.aOpened ? [] : ['process A’s breaker never opened']),
    ...problem(result.bFastStarRequests, 'requests from process B reached the tripped gateway'),
    ...problem(result.bFailoverCalls - result.bAtFastaar, 'of B’s failover calls did not go to Fastaar'),
    ...problem(
      result.bFastStarOnlyCalls - result.bCircuitOpen,
      'of B’s FastStar-only calls were not circuit_open',
    ),
  ]
}

function problem(count: number, what: string): string[] {
  return count === 0 ? [] : [`${count} ${what}`]
}
