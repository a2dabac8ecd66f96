import { existsSync } from 'node:fs'
import { createConnection } from 'node:net'
import { describe, expect, it } from 'vitest'
import { serversRequired } from './policy.js'
import { POSTGRES_INSTALL_HINT, postgresServerAvailable, startPostgresServer } from './postgres.js'

/**
 * Sends PostgreSQL's SSLRequest (length 8, code 80877103) and resolves the
 * one-byte answer ('N': a PostgreSQL server without TLS), or the connection
 * error's code.
 */
function sslRequest(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
    socket.once('connect', () => {
      const packet = Buffer.alloc(8)
      packet.writeInt32BE(8, 0)
      packet.writeInt32BE(80877103, 4)
      socket.write(packet)
    })
    socket.once('data', (chunk) => {
      socket.destroy()
      resolve(chunk.toString('latin1'))
    })
  })
}

const runs = postgresServerAvailable() || serversRequired
if (!runs) console.warn(`PostgreSQL is missing, startPostgresServer is not tested: ${POSTGRES_INSTALL_HINT}`)

if (runs)
  describe('startPostgresServer', () => {
    it('starts a server that answers on loopback, and stop() ends it and removes its folder', async () => {
      const server = await startPostgresServer()
      try {
        expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`)
        expect(await sslRequest(server.port)).toBe('N')
        expect(existsSync(server.dir)).toBe(true)
      } finally {
        await server.stop()
      }
      expect(existsSync(server.dir)).toBe(false)
      expect(await sslRequest(server.port)).toBe('ECONNREFUSED')
      await server.stop()
    }, 60_000)
  })

describe('startPostgresServer without the binaries', () => {
  it('is not available, and rejects naming the Debian package to install', async () => {
    expect(postgresServerAvailable({ binDir: '/nonexistent' })).toBe(false)
    await expect(startPostgresServer({ binDir: '/nonexistent' })).rejects.toThrow(
      `PostgreSQL is not installed: run \`${POSTGRES_INSTALL_HINT}\``,
    )
  })
})
