import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FaultCase, NORMAL_TIMEOUT_MS } from './fault-catalog.js'
import type { GatewayMatrix, Layer, MatrixRow, Outcome } from './matrix-types.js'
import {
  type DocsMarkers,
  type OutcomeOf,
  renderConsole,
  replaceGeneratedBlock,
  sameOutcome,
} from './render-matrix.js'
import { expectedOf, rerun, runCell } from './run-cell.js'

const DOCS = new URL('../../../docs/reliability.md', import.meta.url)
// `pnpm --filter @paymux/fault-matrix run matrix` sets it: the docs tables are rewritten instead of checked.
const WRITE_DOCS = process.env.PAYMUX_WRITE_FAULT_MATRIX === '1'

/** The generated block of docs/reliability.md a suite keeps in step with its cells. */
export interface SuiteDocs {
  readonly markers: DocsMarkers
  /** The columns the block shows. */
  readonly faults: readonly FaultCase[]
  render(gateways: readonly GatewayMatrix[], faults: readonly FaultCase[], outcomeOf: OutcomeOf): string
}

/** One layer of the matrix: which cells it runs, and the docs block it keeps. */
export interface SuiteOptions {
  /** The console table's title. */
  readonly title: string
  readonly layer: Layer
  readonly gateways: readonly GatewayMatrix[]
  readonly faults: readonly FaultCase[]
  /** The rows of a gateway this layer runs. @default every row */
  readonly rowsOf?: (gateway: GatewayMatrix) => readonly MatrixRow[]
  readonly docs: SuiteDocs
}

/**
 * Declares one `it` per cell of a layer (a `describe` per fault, an `it` per
 * gateway and row), then the test that the docs block shows what the cells expect.
 */
export function defineMatrixSuite(options: SuiteOptions): void {
  const { layer } = options
  const rowsOf = options.rowsOf ?? ((gateway: GatewayMatrix) => gateway.rows)
  const gateways = options.gateways.map((gateway) => ({ ...gateway, rows: rowsOf(gateway) }))
  const observed = new Map<string, Outcome>()
  const key = (gateway: GatewayMatrix, row: MatrixRow, fault: FaultCase) =>
    `${gateway.id} ${row.label} ${fault.id}`
  const observedOf: OutcomeOf = (gateway, row, fault) => observed.get(key(gateway, row, fault))
  const expected: OutcomeOf = (_gateway, row, fault) => expectedOf({ row, fault, layer })

  beforeAll(async () => {
    // A first call loads what later calls reuse (each gateway's schemas, Node's fetch), blocking for up to a
    // second or two on a slow machine: it is made here, so that no cell with a short time limit pays for it.
    const wires = layer === 'router' ? (['in-process', 'loopback'] as const) : ([layer] as const)
    for (const gateway of gateways) {
      for (const wire of wires) {
        const [row] = gateway.rows
        const cell = await row?.prepare({
          timeoutMs: NORMAL_TIMEOUT_MS,
          hooks: {},
          wire,
          routed: layer === 'router',
        })
        try {
          await cell?.call()
        } finally {
          await cell?.close()
        }
      }
    }
  })

  for (const fault of options.faults) {
    // Cells that mostly wait for a timeout, each on its own emulators and servers, run side by side:
    // the whole column at once, every gateway's rows together.
    const group = fault.waits === true ? describe.concurrent : describe
    group(fault.heading, () => {
      for (const gateway of gateways) {
        for (const row of gateway.rows) {
          it(`${gateway.title}: ${row.label}`, () =>
            runCell({ gateway, row, fault, layer }, (outcome) =>
              observed.set(key(gateway, row, fault), outcome),
            ))
        }
      }
    })
  }

  describe('docs/reliability.md', () => {
    it('shows this layer of the matrix', () => {
      const { docs } = options
      const text = readFileSync(DOCS, 'utf8')
      // Rendered from every row: a table may name the rows this layer leaves out, and why.
      const block = docs.render(options.gateways, docs.faults, expected)
      const fresh = replaceGeneratedBlock(text, docs.markers, block)
      if (WRITE_DOCS) {
        // Written only from a full run in which every cell showed what the table says.
        const unconfirmed = gateways.flatMap((gateway) =>
          gateway.rows.flatMap((row) =>
            docs.faults
              .filter((fault) => !sameOutcome(observedOf(gateway, row, fault), expected(gateway, row, fault)))
              .map((fault) => key(gateway, row, fault)),
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
    console.log(`\n${renderConsole(options.title, gateways, options.faults, observedOf, expected)}\n`)
    if (rerun.length > 0) console.log(`Run again after a stall of the event loop:\n${rerun.join('\n')}\n`)
  })
}
