import {
  InvalidRequestError,
  NotFoundError,
  ProviderUnavailableError,
  RateLimitError,
  type TransportHooks,
  UnexpectedResponseError,
} from '@paymux/core'
import { expect, vi } from 'vitest'
import {
  expectedOutcome,
  expectedRouted,
  type FaultCase,
  NORMAL_TIMEOUT_MS,
  RETRY_AFTER_SECONDS,
  SHORT_TIMEOUT_MS,
} from './fault-catalog.js'
import type { CellSide, GatewayMatrix, Layer, MatrixRow, Outcome, ResultName } from './matrix-types.js'
import type { RecordedRequest } from './matrix-wire.js'
import { sameOutcome } from './render-matrix.js'
import { watchStalls } from './stall-watch.js'

/** One cell: an operation (row) of a gateway, under a fault, in a layer. */
export interface CellRun {
  readonly gateway: GatewayMatrix
  readonly row: MatrixRow
  readonly fault: FaultCase
  readonly layer: Layer
}

/** What a cell must show. */
export function expectedOf({ row, fault, layer }: Omit<CellRun, 'gateway'>): Outcome {
  return layer === 'router' ? expectedRouted(row, fault.id) : expectedOutcome(row, fault.id)
}

function classify(error: unknown): ResultName {
  if (RateLimitError.isInstance(error)) return 'RateLimit'
  if (ProviderUnavailableError.isInstance(error)) return 'ProviderUnavailable'
  if (UnexpectedResponseError.isInstance(error)) return 'UnexpectedResponse'
  if (NotFoundError.isInstance(error)) return 'NotFound'
  if (InvalidRequestError.isInstance(error)) return 'InvalidRequest'
  return 'other'
}

interface Counts {
  readonly requests: number
  readonly records: number | undefined
}

const countsOf = (side: CellSide): Counts => ({ requests: side.requestCount(), records: side.count?.() })

/** A short time limit is only a fair test while the event loop is not held for a fifth of it. */
const STALL_LIMIT_MS = SHORT_TIMEOUT_MS / 5
/** How often a timed cell is run when each run stalled and showed the wrong thing. */
const TRIES = 3

/** The cells run again after a stall, for the console summary. */
export const rerun: string[] = []

/** Everything one run of a cell saw. */
interface Observation {
  readonly outcome: Outcome
  /** Records the call left, per provider (primary first). */
  readonly made: readonly (number | undefined)[]
  readonly succeeded: boolean
  readonly error: unknown
  readonly retryDelays: readonly number[]
  readonly problems: readonly (string | undefined)[]
  readonly elsewhere: readonly RecordedRequest[]
  readonly consulted: readonly string[] | undefined
  /** The method of the first request, where the wire saw it. */
  readonly method: string | undefined
  /** The longest the event loop was held while the call ran. */
  readonly stalledMs: number
}

/**
 * Runs one cell and asserts what it must show: the error class (or the
 * recovered success), the requests that reached each provider, the records
 * left behind, and the error's code, `outcome` and `retryable`. What it
 * observed goes to `record` first, for the printed table. A cell with a short
 * time limit that showed the wrong thing while the event loop stalled (a busy
 * machine) did not test what it says: it runs again on fresh emulators, up to
 * {@link TRIES} times. A wrong result without a stall fails at once.
 */
export async function runCell(run: CellRun, record: (outcome: Outcome) => void): Promise<void> {
  let seen = await observe(run)
  for (let tries = 1; tries < TRIES && stalledMiss(run, seen); tries++) {
    rerun.push(
      `${run.gateway.title} ${run.row.label} under ${run.fault.heading} (stalled ${Math.round(seen.stalledMs)} ms)`,
    )
    seen = await observe(run)
  }
  record(seen.outcome)
  check(run, seen)
}

function stalledMiss(run: CellRun, seen: Observation): boolean {
  if (run.fault.shortTimeout !== true || seen.stalledMs < STALL_LIMIT_MS) return false
  return !sameOutcome(seen.outcome, expectedOf(run)) || seen.problems.some((problem) => problem !== undefined)
}

async function observe(run: CellRun): Promise<Observation> {
  const { gateway, row, fault, layer } = run
  // The 429's Retry-After is waited out on fake timers: the client really waits, the test does not.
  const fakeTime = fault.id === '429-then-ok'
  const retryDelays: number[] = []
  const hooks: TransportHooks = {
    onRetry(event) {
      retryDelays.push(event.delayMs)
      // Runs once the transport's first timer is set (right after this hook) and fires every timer
      // of the wait: the rest of the Retry-After, then p-retry's jittered backoff (under delayMs more).
      if (fakeTime) void Promise.resolve().then(() => vi.advanceTimersByTimeAsync(2 * event.delayMs))
    },
  }
  const cell = await row.prepare({
    timeoutMs: fault.shortTimeout === true ? SHORT_TIMEOUT_MS : NORMAL_TIMEOUT_MS,
    hooks,
    ...(fault.maxResponseBytes === undefined ? {} : { maxResponseBytes: fault.maxResponseBytes }),
    wire: layer === 'loopback' || fault.kind === 'socket' ? 'loopback' : 'in-process',
    routed: layer === 'router',
  })
  try {
    const sides = cell.second === undefined ? [cell.primary] : [cell.primary, cell.second]
    const before = sides.map(countsOf)
    fault.inject({
      faults: cell.primary.faults,
      wire: cell.primary.wire,
      missingField: row.missingField,
      failureFlagBody: gateway.failureFlag.body,
    })

    let error: unknown
    let succeeded = false
    const stopWatch = watchStalls()
    if (fakeTime) vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      await cell.call()
      succeeded = true
    } catch (caught) {
      error = caught
    } finally {
      if (fakeTime) vi.useRealTimers()
    }
    // A late attempt the client gave up on still acts: count only once every provider is done.
    await Promise.all(sides.map((side) => side.wire.settle()))
    const stalledMs = stopWatch()
    cell.primary.faults.clear()

    const after = sides.map(countsOf)
    const made = sides.map((_, index) => {
      const [was, is] = [before[index]?.records, after[index]?.records]
      return was === undefined || is === undefined ? undefined : is - was
    })
    const sent = sides.map((_, index) => (after[index]?.requests ?? 0) - (before[index]?.requests ?? 0))
    const created = made.every((count) => count !== undefined)
      ? made.reduce<number>((sum, count) => sum + (count ?? 0), 0)
      : undefined
    return {
      outcome: {
        result: succeeded ? 'ok' : classify(error),
        requests: sent[0] ?? 0,
        ...(created === undefined ? {} : { created }),
        ...(cell.second === undefined ? {} : { second: sent[1] ?? 0 }),
      },
      made,
      succeeded,
      error,
      retryDelays,
      problems: sides.map((side) => side.wire.problem),
      elsewhere: sides.flatMap((side) => side.wire.sockets?.elsewhere() ?? []),
      consulted: cell.consulted?.(),
      method: cell.primary.wire.sockets?.methods()[0],
      stalledMs,
    }
  } finally {
    await cell.close()
  }
}

function check(run: CellRun, seen: Observation): void {
  const { row, fault } = run
  const { error, succeeded } = seen
  const stalled =
    seen.stalledMs >= STALL_LIMIT_MS ? ` (the event loop stalled ${Math.round(seen.stalledMs)} ms)` : ''
  for (const problem of seen.problems) expect(problem, stalled).toBeUndefined()
  const what = succeeded ? 'succeeded' : `${(error as Error).name}: ${(error as Error).message}`
  expect(seen.outcome, `${what}${stalled}`).toEqual(expectedOf(run))
  // Never a second charge, payment or refund at one provider.
  if (row.ledger?.movesMoney === true) for (const count of seen.made) expect(count).toBeLessThanOrEqual(1)
  // Nothing, and so no API key, ever reached the other origin.
  expect(seen.elsewhere).toEqual([])
  if (seen.consulted !== undefined) {
    // A call by ref goes to its owner without asking the rule; a routed call asks it once.
    expect(seen.consulted).toEqual(row.dispatch === 'rule' ? [row.operation] : [])
  }
  if (!succeeded) checkError(row, fault, error, seen.method)
  if (fault.id === '429-then-ok') {
    if (succeeded) expect(seen.retryDelays).toEqual([RETRY_AFTER_SECONDS * 1000])
    if (RateLimitError.isInstance(error)) expect(error.retryAfterMs).toBe(RETRY_AFTER_SECONDS * 1000)
  }
}

// The code, `outcome` and `retryable` the final error must carry.
function checkError(row: MatrixRow, fault: FaultCase, error: unknown, method: string | undefined): void {
  const exceptionCode = row.exceptions?.[fault.id]?.code
  const code = exceptionCode ?? fault.errorCode
  if (code !== undefined) expect((error as { code?: unknown }).code).toBe(code)
  if (ProviderUnavailableError.isInstance(error)) {
    // Every fault here strikes after the request left: nobody can know whether the provider acted.
    expect(error.outcome).toBe('unknown')
    // A generic "retry if retryable" loop must never send a never-retry call again; an adapter's
    // own code explains the failure, and sending it again cannot help.
    expect(error.retryable).toBe(exceptionCode === undefined && row.retry === 'safe')
  }
  // A redirect answered a write that may have been acted on: the client cannot know it was not.
  if (fault.errorCode === 'redirect' && method !== undefined && method !== 'GET') {
    expect((error as { outcome?: unknown }).outcome).toBe('unknown')
  }
}
