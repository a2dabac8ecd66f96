import type { FaultInjector } from '@paymux/core/emulator'
import { FAST_BACKOFF, MAX_RETRIES } from './fault-catalog.js'
import type { PreparedCell, SubjectOptions } from './matrix-types.js'
import { createMatrixWire, type MatrixWire } from './matrix-wire.js'

/** The parts of an emulator a cell needs; every paymux emulator has them. */
interface CellEmulator {
  readonly handler: Parameters<typeof createMatrixWire>[0]
  readonly faults: FaultInjector
  requestCount(): number
}

/** What every subject gateway is given: the cell's timeout and hooks, and quick retries. */
export function subjectSettings(options: SubjectOptions) {
  return {
    maxRetries: MAX_RETRIES,
    backoff: FAST_BACKOFF,
    timeoutMs: options.timeoutMs,
    hooks: options.hooks,
  }
}

/** Puts the matrix wire in front of `emulator`, and builds the cells that go through it. */
export function wireUp(emulator: CellEmulator): {
  readonly wire: MatrixWire
  cell(call: () => Promise<unknown>, count?: () => number): PreparedCell
} {
  const wire = createMatrixWire(emulator.handler)
  return {
    wire,
    cell: (call, count) => ({
      faults: emulator.faults,
      wire,
      requestCount: emulator.requestCount,
      call,
      ...(count === undefined ? {} : { count }),
    }),
  }
}
