import { describe, expect, it } from 'vitest'
import { FASTAAR_MATRIX } from './fastaar-matrix.js'
import { FASTSTAR_MATRIX } from './faststar-matrix.js'
import { FAULTS } from './fault-catalog.js'
import { defineMatrixSuite } from './matrix-suite.js'
import type { GatewayMatrix } from './matrix-types.js'
import { PAYSTAR_MATRIX } from './paystar-matrix.js'
import { DOCS_MARKERS, renderProtocolMarkdown } from './render-matrix.js'

// Every operation of every gateway that sends a request, against its emulator
// through an in-process `fetch`, under every protocol fault: one `it` per cell.
// Each cell asserts the error class (or the recovered success), how many
// requests reached the emulator, and how many records the operation left
// there: never a second charge, payment or refund. The same cells run over
// loopback in loopback-matrix.test.ts, and behind a router in router-matrix.test.ts.

const GATEWAYS: readonly GatewayMatrix[] = [FASTSTAR_MATRIX, FASTAAR_MATRIX, PAYSTAR_MATRIX]

for (const gateway of GATEWAYS) {
  describe(`${gateway.title} rows`, () => {
    it('has a row for every declared operation that sends a request, and says why the others have none', () => {
      const rowOperations = new Set(gateway.rows.map((row) => row.operation))
      const missing = gateway.declared.filter(
        (operation) => !rowOperations.has(operation) && gateway.notInMatrix[operation] === undefined,
      )
      expect(missing).toEqual([])
      const undeclared = [...rowOperations].filter((operation) => !gateway.declared.includes(operation))
      expect(undeclared).toEqual(gateway.extraRows)
    })

    it('routes every declared operation: only provider-only methods are left out of the router', () => {
      const unrouted = gateway.rows
        .filter((row) => typeof row.dispatch !== 'string')
        .map((row) => row.operation)
      expect(unrouted).toEqual(gateway.extraRows)
    })

    const endpoints = gateway.endpoints
    it('has a row for every operation of its endpoint table', () => {
      const rowOperations = new Set(gateway.rows.map((row) => row.operation))
      const sent = [...new Set(Object.values(endpoints).map((endpoint) => endpoint.operation))]
      const missing = sent.filter(
        (operation) => !rowOperations.has(operation) && gateway.notInMatrix[operation] === undefined,
      )
      expect(missing).toEqual([])
    })

    it("states every row's retry policy as the gateway's endpoint table does", () => {
      for (const row of gateway.rows) {
        const rules = Object.values(endpoints)
          .filter((endpoint) => endpoint.operation === row.operation)
          .map((endpoint) => endpoint.retry)
        // A rule that depends on the body (idempotent only with a reference) is stated by the row's
        // own call; a row with no endpoint of its own (waitFor polls a read) has none to compare.
        const fixed = rules.filter((rule) => typeof rule === 'string')
        if (fixed.length > 0) expect({ [row.operation]: row.retry }).toEqual({ [row.operation]: fixed[0] })
      }
    })
  })
}

defineMatrixSuite({
  title: 'Fault matrix, in-process',
  layer: 'in-process',
  gateways: GATEWAYS,
  faults: FAULTS,
  docs: { markers: DOCS_MARKERS.protocol, faults: FAULTS, render: renderProtocolMarkdown },
})
