import { FAILOVER_OPERATIONS, OPERATIONS, type Dispatch as RouterDispatch } from '@paymux/core'
import { afterAll, describe, expect, it } from 'vitest'
import { FASTAAR_MATRIX } from './fastaar-matrix.js'
import { FASTSTAR_MATRIX } from './faststar-matrix.js'
import { FAULTS, PROMISED_FAILOVER, SOCKET_FAULTS } from './fault-catalog.js'
import { closeLoopbackServers, openLoopbackServers } from './loopback-wire.js'
import { defineMatrixSuite } from './matrix-suite.js'
import { PAYSTAR_MATRIX } from './paystar-matrix.js'
import { DOCS_MARKERS, renderRouterMarkdown } from './render-matrix.js'

// Every operation a router has, through a router of two gateways of the same
// kind (`[first, second]`), the first faulted, the second healthy and able to do
// everything the first can. Under every fault, only checkout creation may reach
// the second gateway; every other operation, routed by the rule or sent by ref,
// must send it nothing. The promise is stated in fault-catalog.ts, not read from
// core: a router that fails over anything else turns these cells red.

describe('the failover rule', () => {
  it('is the one the docs promise', () => {
    expect([...FAILOVER_OPERATIONS].sort()).toEqual([...PROMISED_FAILOVER].sort())
  })
})

describe("each row's dispatch", () => {
  /** What a row may say of an operation the registry dispatches this way. */
  const rowDispatches = (dispatch: RouterDispatch): readonly string[] => {
    if (dispatch.by === 'route') return ['rule']
    // catalog.prices.list: by its productId's ref when it names one, else by the rule.
    if (dispatch.by === 'field' && dispatch.orRoute === true) return ['rule', 'ref']
    return dispatch.by === 'webhook' ? [] : ['ref']
  }

  it.each([FASTSTAR_MATRIX, FASTAAR_MATRIX, PAYSTAR_MATRIX].map((gateway) => [gateway.id, gateway] as const))(
    '%s: is the one the operation registry gives the router',
    (_id, gateway) => {
      const routed = gateway.rows.filter((row) => typeof row.dispatch === 'string')
      expect(routed.length).toBeGreaterThan(0)
      for (const row of routed) {
        const spec = OPERATIONS.find((candidate) => candidate.operation === row.operation)
        expect(spec, `${row.label} is an operation of the registry`).toBeDefined()
        const dispatch: RouterDispatch | undefined = spec?.dispatch
        expect(dispatch === undefined ? [] : rowDispatches(dispatch), row.label).toContain(row.dispatch)
      }
    },
  )
})

const ALL_FAULTS = [...FAULTS, ...SOCKET_FAULTS]

defineMatrixSuite({
  title: 'Fault matrix, behind a router',
  layer: 'router',
  gateways: [FASTSTAR_MATRIX, FASTAAR_MATRIX, PAYSTAR_MATRIX],
  faults: ALL_FAULTS,
  rowsOf: (gateway) => gateway.rows.filter((row) => typeof row.dispatch === 'string'),
  docs: { markers: DOCS_MARKERS.router, faults: ALL_FAULTS, render: renderRouterMarkdown },
})

describe('loopback servers', () => {
  it('are all closed once every cell is done: no cell leaves a socket behind', () => {
    expect(openLoopbackServers()).toBe(0)
  })
})

afterAll(closeLoopbackServers)
