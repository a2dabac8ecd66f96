import { readFileSync, writeFileSync } from 'node:fs'
import {
  InvalidRequestError,
  NotFoundError,
  ProviderUnavailableError,
  RateLimitError,
  type TransportHooks,
  UnexpectedResponseError,
} from '@paymux/core'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { FASTAAR_MATRIX } from './fastaar-matrix.js'
import { FASTSTAR_MATRIX } from './faststar-matrix.js'
import {
  expectedOutcome,
  FAULTS,
  type FaultCase,
  NORMAL_TIMEOUT_MS,
  RETRY_AFTER_SECONDS,
  SHORT_TIMEOUT_MS,
} from './fault-catalog.js'
import type { GatewayMatrix, MatrixRow, Outcome, ResultName } from './matrix-types.js'
import { PAYSTAR_MATRIX } from './paystar-matrix.js'
import {
  type OutcomeOf,
  renderConsole,
  renderMarkdown,
  replaceGeneratedBlock,
  sameOutcome,
} from './render-matrix.js'

// Every operation of every gateway that sends a request, against its emulator,
// under every fault: one `it` per cell. Each cell asserts the error class (or
// the recovered success), how many requests reached the emulator, and how many
// records the operation left there: never a second charge, payment or refund.

const GATEWAYS: readonly GatewayMatrix[] = [FASTSTAR_MATRIX, FASTAAR_MATRIX, PAYSTAR_MATRIX]
const DOCS = new URL('../../../docs/reliability.md', import.meta.url)
// `pnpm --filter @paymux/fault-matrix run matrix` sets it: the docs table is rewritten instead of checked.
const WRITE_DOCS = process.env.PAYMUX_WRITE_FAULT_MATRIX === '1'

const observed = new Map<string, Outcome>()
const key = (gateway: GatewayMatrix, row: MatrixRow, fault: FaultCase) =>
  `${gateway.id} ${row.label} ${fault.id}`
const observedOf: OutcomeOf = (gateway, row, fault) => observed.get(key(gateway, row, fault))
const expectedOf: OutcomeOf = (_gateway, row, fault) => expectedOutcome(row, fault.id)

function classify(error: unknown): ResultName {
  if (RateLimitError.isInstance(error)) return 'RateLimit'
  if (ProviderUnavailableError.isInstance(error)) return 'ProviderUnavailable'
  if (UnexpectedResponseError.isInstance(error)) return 'UnexpectedResponse'
  if (NotFoundError.isInstance(error)) return 'NotFound'
  if (InvalidRequestError.isInstance(error)) return 'InvalidRequest'
  return 'other'
}

async function runCell(gateway: GatewayMatrix, row: MatrixRow, fault: FaultCase): Promise<void> {
  // The 429's Retry-After is waited out on fake timers: the client really waits, the test does not.
  const fakeTime = fault.id === '429-then-ok'
  const retryDelays: number[] = []
  const hooks: TransportHooks = {
    onRetry(event) {
      retryDelays.push(event.delayMs)
      // Runs once the transport's backoff timer is set (right after this hook), and fires it.
      if (fakeTime) void Promise.resolve().then(() => vi.advanceTimersByTime(event.delayMs))
    },
  }
  const cell = await row.prepare({
    timeoutMs: fault.id === 'timeout-then-ok' ? SHORT_TIMEOUT_MS : NORMAL_TIMEOUT_MS,
    hooks,
  })
  const recordsBefore = cell.count?.()
  const requestsBefore = cell.requestCount()
  fault.inject({
    faults: cell.faults,
    wire: cell.wire,
    missingField: row.missingField,
    failureFlagBody: gateway.failureFlag.body,
  })

  let error: unknown
  let succeeded = false
  if (fakeTime) vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  try {
    await cell.call()
    succeeded = true
  } catch (caught) {
    error = caught
  } finally {
    if (fakeTime) vi.useRealTimers()
  }
  // A late attempt the client gave up on still acts: count only once the emulator is done.
  await cell.wire.settle()
  cell.faults.clear()

  const recordsAfter = cell.count?.()
  const outcome: Outcome = {
    result: succeeded ? 'ok' : classify(error),
    requests: cell.requestCount() - requestsBefore,
    ...(recordsBefore === undefined || recordsAfter === undefined
      ? {}
      : { created: recordsAfter - recordsBefore }),
  }
  observed.set(key(gateway, row, fault), outcome)

  expect(cell.wire.problem).toBeUndefined()
  const seen = succeeded ? 'succeeded' : `${(error as Error).name}: ${(error as Error).message}`
  expect(outcome, seen).toEqual(expectedOutcome(row, fault.id))
  if (row.ledger?.movesMoney === true) expect(outcome.created).toBeLessThanOrEqual(1)
  const code = row.exceptions?.[fault.id]?.code
  if (code !== undefined) expect((error as { code?: unknown } | undefined)?.code).toBe(code)
  if (ProviderUnavailableError.isInstance(error)) {
    // Every fault here strikes after the request left: nobody can know whether the provider acted.
    expect(error.outcome).toBe('unknown')
    if (code === undefined) {
      // A generic "retry if retryable" loop must never send a never-retry call again.
      expect(error.retryable).toBe(row.retry === 'safe')
      if (fault.id === 'timeout-then-ok') expect(error.code).toBe('timeout')
      if (fault.id.startsWith('reset')) expect(error.code).toBe('network_error')
    } else {
      // An exception's own code: the adapter explained the failure; sending it again cannot help.
      expect(error.retryable).toBe(false)
    }
  }
  if (fault.id === '429-then-ok') {
    if (succeeded) expect(retryDelays).toEqual([RETRY_AFTER_SECONDS * 1000])
    if (RateLimitError.isInstance(error)) expect(error.retryAfterMs).toBe(RETRY_AFTER_SECONDS * 1000)
  }
}

for (const gateway of GATEWAYS) {
  describe(gateway.title, () => {
    it('has a row for every declared operation that sends a request, and says why the others have none', () => {
      const rowOperations = new Set(gateway.rows.map((row) => row.operation))
      const missing = gateway.declared.filter(
        (operation) => !rowOperations.has(operation) && gateway.notInMatrix[operation] === undefined,
      )
      expect(missing).toEqual([])
      const undeclared = [...rowOperations].filter((operation) => !gateway.declared.includes(operation))
      expect(undeclared).toEqual(gateway.extraRows)
    })

    const policies = gateway.endpointPolicies
    if (policies !== undefined) {
      it("states every row's retry policy as the gateway's endpoint table does", () => {
        const stated = Object.fromEntries(gateway.rows.map((row) => [row.operation, row.retry]))
        const declared = Object.fromEntries(
          Object.keys(stated).map((operation) => [operation, policies[operation]]),
        )
        expect(stated).toEqual(declared)
      })
    }

    for (const fault of FAULTS) {
      // Timeout cells mostly wait for the late answer, each on its own emulator: they run side by side.
      const group = fault.id === 'timeout-then-ok' ? describe.concurrent : describe
      group(fault.heading, () => {
        for (const row of gateway.rows) it(row.label, () => runCell(gateway, row, fault))
      })
    }
  })
}

describe('docs/reliability.md', () => {
  it('shows this matrix', () => {
    const text = readFileSync(DOCS, 'utf8')
    const fresh = replaceGeneratedBlock(text, renderMarkdown(GATEWAYS, expectedOf))
    if (WRITE_DOCS) {
      // Written only from a full run in which every cell showed what the table says.
      const unconfirmed = GATEWAYS.flatMap((gateway) =>
        gateway.rows.flatMap((row) =>
          FAULTS.filter(
            (fault) => !sameOutcome(observedOf(gateway, row, fault), expectedOf(gateway, row, fault)),
          ).map((fault) => key(gateway, row, fault)),
        ),
      )
      expect(unconfirmed).toEqual([])
      writeFileSync(DOCS, fresh)
    }
    expect(text === fresh || WRITE_DOCS, 'run `pnpm --filter @paymux/fault-matrix run matrix`').toBe(true)
  })
})

afterAll(() => {
  if (observed.size === 0) return
  console.log(`\n${renderConsole(GATEWAYS, observedOf, expectedOf)}\n`)
})
