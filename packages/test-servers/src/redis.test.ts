import { existsSync } from 'node:fs'
import { createConnection } from 'node:net'
import { describe, expect, it } from 'vitest'
import { serversRequired } from './policy.js'
import { REDIS_INSTALL_HINT, redisServerAvailable, startRedisServer } from './redis.js'

/** Sends one raw command line and resolves the first reply line, or the connection error's code. */
function rawCommand(port: number, line: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
    socket.once('connect', () => socket.write(`${line}\r\n`))
    socket.once('data', (chunk) => {
      socket.destroy()
      resolve(chunk.toString('utf8').split('\r\n')[0] ?? '')
    })
  })
}

if (!redisServerAvailable() && !serversRequired)
  console.warn(`redis-server is missing: ${REDIS_INSTALL_HINT}`)

describe.skipIf(!redisServerAvailable() && !serversRequired)('startRedisServer', () => {
  it('starts a server that answers on loopback, keeps nothing on disk, and stop() ends it and removes its folder', async () => {
    const server = await startRedisServer()
    try {
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`)
      expect(await rawCommand(server.port, 'PING')).toBe('+PONG')
      expect(await rawCommand(server.port, 'CONFIG GET save')).toBe('*2')
      expect(existsSync(server.dir)).toBe(true)
    } finally {
      await server.stop()
    }
    expect(existsSync(server.dir)).toBe(false)
    expect(await rawCommand(server.port, 'PING')).toBe('ECONNREFUSED')
    await server.stop()
  })

  it('starts servers side by side on different ports', async () => {
    const servers = await Promise.all([startRedisServer(), startRedisServer()])
    try {
      expect(servers[0].port).not.toBe(servers[1].port)
      for (const server of servers) expect(await rawCommand(server.port, 'PING')).toBe('+PONG')
    } finally {
      await Promise.all(servers.map((server) => server.stop()))
    }
  })
})

describe('startRedisServer without the binary', () => {
  it('rejects naming the Debian package to install', async () => {
    await expect(startRedisServer({ binary: '/nonexistent/redis-server' })).rejects.toThrow(
      `redis-server is not installed: run \`${REDIS_INSTALL_HINT}\``,
    )
  })
})
