import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { paymux } from './cli.test-support.js'
import { isLoopback, type StartedEmulators, startEmulators } from './start-emulators.js'

const started: StartedEmulators[] = []
const servers: Server[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((emulators) => emulators.close()))
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

describe('startEmulators', () => {
  it('keeps each emulator in its slot when served alone', async () => {
    const emulators = await startEmulators({ providers: ['paystar'], portBase: 0 })
    started.push(emulators)
    expect(emulators.faststar).toBeUndefined()
    expect(emulators.paystar?.port).toBe(emulators.portBase + 2)
    expect(emulators.control).toBe(true)
  })

  it('serves no control routes on an address other than loopback', async () => {
    const emulators = await startEmulators({ providers: ['fastaar'], portBase: 0, hostname: '0.0.0.0' })
    started.push(emulators)
    expect(emulators.control).toBe(false)
    const response = await fetch(`http://127.0.0.1:${emulators.fastaar?.port}/__paymux/info`)
    expect(response.status).toBe(404)
  })

  it('a taken port fails the start, closes what it opened, and emulate names a way out', async () => {
    const blocker = createServer()
    servers.push(blocker)
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const taken = (blocker.address() as AddressInfo).port
    // FastStar would take taken-1 and come up; Fastaar's slot is the taken port.
    const result = await paymux(['emulate', '--port-base', String(taken - 1)])
    expect(result.code).toBe(1)
    expect(result.err).toContain('EADDRINUSE')
    expect(result.err).toContain('or 0 (free ports)')
    const again = await startEmulators({ providers: ['faststar'], portBase: taken - 1 })
    started.push(again)
    expect(again.faststar?.port).toBe(taken - 1)
  })
})

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['192.168.1.4', false],
    ['127.0.0.1.evil.example', false],
  ])('%s → %s', (hostname, expected) => {
    expect(isLoopback(hostname)).toBe(expected)
  })
})
