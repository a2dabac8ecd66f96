import { afterAll, describe, expect, it } from 'vitest'
import { FASTAAR_MATRIX } from './fastaar-matrix.js'
import { FASTSTAR_MATRIX } from './faststar-matrix.js'
import { FAULTS, SOCKET_FAULTS } from './fault-catalog.js'
import { closeLoopbackServers, openLoopbackServers } from './loopback-wire.js'
import { defineMatrixSuite } from './matrix-suite.js'
import { PAYSTAR_MATRIX } from './paystar-matrix.js'
import { DOCS_MARKERS, renderSocketMarkdown } from './render-matrix.js'

// Every operation of every gateway over real HTTP: the gateway gets a server on
// 127.0.0.1 as its `baseUrl` and talks to it with the global `fetch`; the server
// hands each request to the emulator in-process. The protocol faults must end
// exactly as they do in-process (fault-matrix.test.ts); the socket faults
// (redirects, a slow, cut or oversized body, a server that never answers) exist
// only here. A second server, the "other origin", records anything a redirect
// sends it: in every cell it must receive nothing.

defineMatrixSuite({
  title: 'Fault matrix, over loopback',
  layer: 'loopback',
  gateways: [FASTSTAR_MATRIX, FASTAAR_MATRIX, PAYSTAR_MATRIX],
  faults: [...FAULTS, ...SOCKET_FAULTS],
  docs: { markers: DOCS_MARKERS.sockets, faults: SOCKET_FAULTS, render: renderSocketMarkdown },
})

describe('loopback servers', () => {
  it('are all closed once every cell is done: no cell leaves a socket behind', () => {
    expect(openLoopbackServers()).toBe(0)
  })
})

afterAll(closeLoopbackServers)
