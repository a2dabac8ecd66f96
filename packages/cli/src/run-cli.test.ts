import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import packageJson from '../package.json' with { type: 'json' }
import { paymux } from './cli.test-support.js'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

/** A port with a program on it that is not a paymux emulator (it answers 404 to everything). */
async function notPaymux(): Promise<number> {
  const server = createServer((_, response) => response.writeHead(404).end('not here'))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

describe('paymux', () => {
  it('prints its version', async () => {
    expect(await paymux(['--version'])).toEqual({ code: 0, out: packageJson.version, err: '' })
  })

  it.each([
    [['--help'], ['emulate', 'webhooks']],
    [
      ['webhooks', '--help'],
      ['list', 'trigger', 'replay', 'forward'],
    ],
    [
      ['webhooks', 'forward', '--help'],
      ['--to', '--provider', '--port-base'],
    ],
    [
      ['emulate', '-h'],
      ['--port-base', '--webhook-url', '--host', '--json', 'faststar | fastaar | paystar | all'],
    ],
  ])('%j prints the usage of that command', async (args, words) => {
    const result = await paymux(args)
    expect(result.code).toBe(0)
    for (const word of words) expect(result.out).toContain(word)
  })

  it.each([
    [['webhooks', 'list']],
    [['webhooks', 'trigger', 'payment.succeeded']],
    [['webhooks', 'replay', 'fastaar_1']],
    [['webhooks', 'forward', '--to', 'http://127.0.0.1:9/hooks']],
  ])('%j with no paymux emulate on the ports: a clear message and exit 2', async (args) => {
    const port = await notPaymux()
    const result = await paymux([...args, '--port-base', String(port)])
    expect(result.code).toBe(2)
    expect(result.err).toMatch(
      /no paymux emulate( fastaar)? on 127\.0\.0\.1:\d+(–\d+)?; start one with `paymux emulate/,
    )
    expect(result.err).toContain(`--port-base ${port}`)
  })
})
