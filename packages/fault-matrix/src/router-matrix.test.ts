import { FAILOVER_OPERATIONS } from '@paymux/core'
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
