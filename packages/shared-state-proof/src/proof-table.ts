import type { BreakerResult } from './breaker-proof.js'
import type { CrashWindowResult } from './crash-window.js'
import type { LedgerResult } from './ledger-proof.js'
import type { ManyProcessesResult } from './many-processes.js'
import { breakerProblems, ledgerProblems, manyProcessesProblems } from './proof-verdicts.js'

/** One engine's results, as `run-proof` gathers them. */
export interface EngineResults {
  readonly engine: string
  readonly manyProcesses?: ManyProcessesResult
  readonly ledger?: LedgerResult
  readonly breaker?: BreakerResult
  readonly crashWindow?: CrashWindowResult
}

type Row<T> = readonly [label: string, value: (result: T) => string | number | undefined]

const MANY_PROCESSES: readonly Row<ManyProcessesResult>[] = [
  ['worker processes', (r) => r.workers],
  ['orders (paid)', (r) => `${r.orders} (${r.paidOrders})`],
  ['deliveries planned', (r) => r.deliveries],
  ['of which duplicates (sent concurrently)', (r) => `${r.duplicates} (${r.concurrentDuplicates})`],
  ['POSTs in all', (r) => r.attempts],
  ['redeliveries (after a non-2xx)', (r) => r.redeliveries],
  ['answered 2xx', (r) => r.answered2xx],
  ['… of which 200 duplicate', (r) => r.duplicatesAnswered],
  ['answered 409 in_progress', (r) => r.answered409],
  ['answered 500', (r) => `${r.answered500}${reasons(r.reasons500)}`],
  ['no answer (killed worker)', (r) => r.connectionFailures],
  ['deliveries never 2xx (lost)', (r) => r.lostDeliveries],
  ['confirmation-page visits (reloads)', (r) => `${r.confirmations} (${r.confirmationRetries})`],
  [
    'killed worker pid (requests it was answering)',
    (r) => `${r.killedPid ?? '–'} (${r.killedWhileAnswering})`,
  ],
  ['fulfilments (log lines)', (r) => r.fulfilment.fulfilments],
  ['paid orders fulfilled exactly once', (r) => r.fulfilment.fulfilledOnce],
  ['paid orders never fulfilled', (r) => r.fulfilment.missing.length],
  ['unpaid orders fulfilled', (r) => r.fulfilment.unexpected.length],
  ['double fulfilments', (r) => r.fulfilment.doubles.length],
  ['… of which the crash window explains', (r) => r.fulfilment.crashDoubles.length],
  ['orders in a wrong final status', (r) => r.wrongFinalStatus],
  ['seconds', (r) => seconds(r.durationMs)],
  ['seed', (r) => r.seed],
]

const LEDGER: readonly Row<LedgerResult>[] = [
  ['orders × processes', (r) => `${r.orders} × ${r.processes}`],
  ['create calls', (r) => r.createCalls],
  ['retries by the app', (r) => r.callerRetries],
  ['503s from the flapping gateway (FastStar)', (r) => r.flaps],
  ['sessions at FastStar / Fastaar', (r) => `${r.sessionsAtFlappy} / ${r.sessionsAtSteady}`],
  ['create requests that reached Fastaar', (r) => r.steadyCreateRequests],
  ['orders with exactly one open session', (r) => r.ordersWithOneOpenSession],
  ['orders with several sessions', (r) => r.ordersWithSeveralSessions],
  ['orders with none', (r) => r.ordersWithNoSession],
  ['calls that returned another session', (r) => r.callsWithOtherSession],
  ['calls that failed for good', (r) => r.failedCalls],
  ['seconds', (r) => seconds(r.durationMs)],
  ['seed', (r) => r.seed],
]

const BREAKER: readonly Row<BreakerResult>[] = [
  ['failure threshold', (r) => r.failureThreshold],
  ['A: calls until its breaker opened', (r) => `${r.aCalls}${r.aOpened ? '' : ' (never opened)'}`],
  ['A: 503s FastStar answered', (r) => r.aFastStarRequests],
  ['B: failover calls → at Fastaar', (r) => `${r.bFailoverCalls} → ${r.bAtFastaar}`],
  ['B: FastStar-only calls → circuit_open', (r) => `${r.bFastStarOnlyCalls} → ${r.bCircuitOpen}`],
  ['B: requests FastStar received', (r) => r.bFastStarRequests],
]

const CRASH_WINDOW: readonly Row<CrashWindowResult>[] = [
  ['fulfilments of the one order', (r) => r.fulfilments.length],
  ['by the worker that died after fulfil', (r) => r.fulfilments.filter((l) => l.pid === r.crashedPid).length],
  ['deliveries until 2xx', (r) => r.attempts],
]

/** The results as Markdown tables, one per proof, a column per engine, and each engine's verdict. */
export function formatResults(results: readonly EngineResults[], options: { kill: boolean }): string {
  const sections = [
    table('Many processes, one truth', MANY_PROCESSES, results, (r) => r.manyProcesses),
    table('Ledger: one session per order', LEDGER, results, (r) => r.ledger),
    table('Breaker: A trips it, B skips the gateway', BREAKER, results, (r) => r.breaker),
    table('Crash window: a worker dies right after fulfil', CRASH_WINDOW, results, (r) => r.crashWindow),
  ].filter((section) => section !== '')
  const verdicts = results.flatMap((result) => {
    const problems = problemsOf(result, options)
    const verdict =
      problems.length === 0
        ? `${result.engine}: every guarantee checked held.`
        : `${result.engine}: ${problems.join('; ')}.`
    return [verdict, ...crashFindings(result)]
  })
  return [...sections, verdicts.join('\n')].join('\n\n')
}

/**
 * The at-least-once window, said in words wherever a run shows it: not a
 * broken check (no guard can close it alone), but not "exactly once" either.
 */
function crashFindings(result: EngineResults): string[] {
  const findings: string[] = []
  const crashDoubles = result.manyProcesses?.fulfilment.crashDoubles.length ?? 0
  if (crashDoubles > 0)
    findings.push(
      `${result.engine}: ${crashDoubles} order(s) fulfilled twice because the killed worker died after fulfil and before the record.`,
    )
  const runs = result.crashWindow?.fulfilments.length ?? 0
  if (runs > 1)
    findings.push(
      `${result.engine}: crash window: an order whose worker died right after fulfil was fulfilled ${runs} times (at-least-once).`,
    )
  return findings
}

/** Everything that broke, for one engine. */
export function problemsOf(result: EngineResults, options: { kill: boolean }): string[] {
  return [
    ...(result.manyProcesses === undefined ? [] : manyProcessesProblems(result.manyProcesses, options)),
    ...(result.ledger === undefined ? [] : ledgerProblems(result.ledger)),
    ...(result.breaker === undefined ? [] : breakerProblems(result.breaker)),
  ]
}

function table<T>(
  title: string,
  rows: readonly Row<T>[],
  results: readonly EngineResults[],
  pick: (result: EngineResults) => T | undefined,
): string {
  const columns = results.flatMap((result) => {
    const value = pick(result)
    return value === undefined ? [] : [{ engine: result.engine, value }]
  })
  if (columns.length === 0) return ''
  const line = (cells: readonly (string | number | undefined)[]) => `| ${cells.join(' | ')} |`
  return [
    `### ${title}`,
    '',
    line(['', ...columns.map((column) => column.engine)]),
    line(['---', ...columns.map(() => '---:')]),
    ...rows.map(([label, value]) => line([label, ...columns.map((column) => value(column.value))])),
  ].join('\n')
}

function reasons(byReason: Readonly<Record<string, number>>): string {
  const entries = Object.entries(byReason)
  return entries.length === 0 ? '' : ` (${entries.map(([reason, count]) => `${reason} ${count}`).join(', ')})`
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1)
}
