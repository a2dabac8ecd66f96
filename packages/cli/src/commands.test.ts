import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createFastaar } from '@paymux/fastaar'
import { createFastStar } from '@paymux/faststar'
import { createPaystar } from '@paymux/paystar'
import { afterEach, describe, expect, it } from 'vitest'
import { paymux, testIo } from './cli.test-support.js'
import { runCli } from './run-cli.js'
import { EMULATOR_TEST_VALUES, type StartedEmulators, startEmulators } from './start-emulators.js'

/** A local webhook endpoint that records each POST (raw body and headers) and answers `status`. */
interface Received {
  readonly rawBody: string
  readonly headers: Record<string, string>
  readonly url: string
}
const servers: Server[] = []
const started: StartedEmulators[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((emulators) => emulators.close()))
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function endpoint(status = 200) {
  const received: Received[] = []
  const server = createServer((request, response) => {
    let rawBody = ''
    request.on('data', (chunk) => {
      rawBody += chunk
    })
    request.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
      )
      received.push({ rawBody, headers, url: `http://${request.headers.host}${request.url}` })
      response.writeHead(status).end()
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks` }
}

async function emulate(webhookUrl?: string) {
  const emulators = await startEmulators({ portBase: 0, ...(webhookUrl === undefined ? {} : { webhookUrl }) })
  started.push(emulators)
  return { emulators, base: ['--port-base', String(emulators.portBase)] }
}

function gateways(emulators: StartedEmulators) {
  const { faststar, fastaar, paystar } = EMULATOR_TEST_VALUES
  return {
    faststar: createFastStar({
      baseUrl: emulators.faststar?.baseUrl ?? '',
      apiKey: faststar.keys.direct,
      merchantType: 'direct',
      webhookSecret: faststar.webhookSecret,
    }),
    fastaar: createFastaar({
      baseUrl: emulators.fastaar?.baseUrl ?? '',
      apiKey: fastaar.keys.apiKey,
      webhookSecret: fastaar.webhookSecret,
    }),
    paystar: createPaystar({
      baseUrl: emulators.paystar?.baseUrl ?? '',
      apiKey: paystar.keys.apiKey,
      businessUnitSlug: paystar.keys.businessUnitSlug,
      webhookSecret: paystar.webhookSecret,
    }),
  }
}

describe('paymux emulate', () => {
  it('serves every emulator with its control routes, prints one JSON line, and closes on the signal', async () => {
    const { io, out, stop } = testIo()
    const running = runCli(['emulate', 'all', '--port-base', '0', '--json'], io)
    await expect.poll(() => out.length, { timeout: 10_000 }).toBe(1)
    const ready = JSON.parse(out[0] ?? '') as Record<string, { url: string; baseUrl: string }> & {
      portBase: number
    }
    expect(ready.faststar?.baseUrl).toBe(`${ready.faststar?.url}/api/v1`)
    expect(ready.fastaar?.baseUrl).toBe(`${ready.fastaar?.url}/api/v1`)
    expect(ready.paystar?.baseUrl).toBe(ready.paystar?.url)
    for (const [offset, provider] of ['faststar', 'fastaar', 'paystar'].entries()) {
      expect(ready[provider]?.url).toBe(`http://127.0.0.1:${ready.portBase + offset}`)
      const info = (await (await fetch(`${ready[provider]?.url}/__paymux/info`)).json()) as Record<
        string,
        unknown
      >
      expect(info).toMatchObject({
        provider,
        webhookSecret: EMULATOR_TEST_VALUES[provider as 'faststar'].webhookSecret,
      })
    }
    stop('SIGINT')
    expect(await running).toBe(0)
    await expect(fetch(`${ready.faststar?.url}/__paymux/info`)).rejects.toThrow('fetch failed')
  })

  it('prints the createX settings and a documented curl per emulator it serves, only those', async () => {
    const { io, out, stop } = testIo({ WEBHOOK_URL: 'http://127.0.0.1:3000/webhooks' })
    const running = runCli(['emulate', 'paystar', '--port-base', '0'], io)
    await expect.poll(() => out.length, { timeout: 10_000 }).toBe(1)
    const banner = out[0] ?? ''
    const { keys, webhookSecret } = EMULATOR_TEST_VALUES.paystar
    expect(banner).toContain(
      `apiKey: '${keys.apiKey}', businessUnitSlug: '${keys.businessUnitSlug}', webhookSecret: '${webhookSecret}'`,
    )
    expect(banner).toContain('/integrations/embedded/initiate')
    expect(banner).toContain('POSTed to http://127.0.0.1:3000/webhooks')
    expect(banner).not.toContain('FastStar')
    expect(banner).not.toContain('Fastaar')
    stop('SIGTERM')
    expect(await running).toBe(0)
    expect(out.at(-1)).toContain('SIGTERM: the emulators are closed.')
  })

  it('the curl it prints for FastStar is a request the emulator accepts', async () => {
    const { io, out, stop } = testIo()
    const running = runCli(['emulate', 'faststar', '--port-base', '0'], io)
    await expect.poll(() => out.length, { timeout: 10_000 }).toBe(1)
    const curl = /curl -s -X POST (\S+) -H 'X-API-Key: (\S+)'.*\n\s+-d '(.*)'/.exec(out[0] ?? '')
    const [, url = '', apiKey = '', body = ''] = curl ?? []
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'X-API-Key': apiKey, 'content-type': 'application/json' },
      body,
    })
    expect(response.ok).toBe(true)
    expect(await response.json()).toMatchObject({
      success: true,
      data: { session: { id: expect.any(String) } },
    })
    stop()
    expect(await running).toBe(0)
  })
})

describe('paymux webhooks trigger', () => {
  it.each([
    ['faststar', 'payment.succeeded', 'payment.succeeded'],
    ['fastaar', 'payment.completed', 'payment.succeeded'],
    ['paystar', 'Payment.Succeeded', 'payment.succeeded'],
  ] as const)(
    '%s %s: a delivery reaches the endpoint and verifies with the gateway',
    async (provider, event, neutral) => {
      const hooks = await endpoint()
      const { emulators, base } = await emulate(hooks.url)
      const result = await paymux(['webhooks', 'trigger', event, '--provider', provider, ...base])
      expect(result.code).toBe(0)
      expect(result.out).toMatch(
        new RegExp(`^${provider}_1 +${event.replace('.', '\\.')} +delivered +1 attempt, last → 200`, 'm'),
      )
      const delivery = hooks.received.find((received) => received.rawBody.includes(event))
      expect(delivery).toBeDefined()
      const verified = await gateways(emulators)[provider].webhooks.verify(delivery as Received)
      expect(verified.type).toBe(neutral)
    },
  )

  it.each(['faststar', 'fastaar', 'paystar'] as const)(
    'every event %s lists in its triggers produces a delivery of that event',
    async (provider) => {
      const { emulators, base } = await emulate()
      const triggers = emulators[provider]?.emulator.triggers ?? []
      expect(triggers.length).toBeGreaterThan(0)
      for (const event of triggers) {
        const result = await paymux(['webhooks', 'trigger', event, '--provider', provider, ...base])
        expect(result.code, `${event}: ${result.err}`).toBe(0)
        expect(result.out).toMatch(new RegExp(`^${provider}_\\d+ +${event.replaceAll('.', '\\.')} `, 'm'))
      }
    },
  )

  it('finds the provider from the event name when only one emulator knows it', async () => {
    const { base } = await emulate()
    const result = await paymux(['webhooks', 'trigger', 'AutoPay.Enrolled', ...base])
    expect(result).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^paystar_1 +AutoPay\.Enrolled +unsent/m),
    })
  })

  it('asks for --provider when two emulators know the event, and names them', async () => {
    const { base } = await emulate()
    const result = await paymux(['webhooks', 'trigger', 'payment.failed', ...base])
    expect(result.code).toBe(2)
    expect(result.err).toContain(
      'payment.failed exists at faststar and fastaar: add --provider faststar|fastaar',
    )
  })

  it('refuses an unknown event with exit 2, listing what each emulator can trigger', async () => {
    const { base } = await emulate()
    const result = await paymux(['webhooks', 'trigger', 'payment.exploded', ...base])
    expect(result.code).toBe(2)
    expect(result.err).toContain('No running emulator can trigger "payment.exploded"')
    expect(result.err).toContain('paystar: Payment.Succeeded, AutoPay.Enrolled, AutoPay.Unenrolled')
  })

  it('refuses an event the chosen emulator does not know, though another does', async () => {
    const { base } = await emulate()
    const result = await paymux([
      'webhooks',
      'trigger',
      'payment.completed',
      '--provider',
      'faststar',
      ...base,
    ])
    expect(result.code).toBe(2)
    expect(result.err).toContain('No running emulator can trigger "payment.completed"')
  })
})

describe('paymux webhooks list', () => {
  it('shows every delivery id with its event and state, or says there are none', async () => {
    const { emulators, base } = await emulate()
    expect((await paymux(['webhooks', 'list', ...base])).out).toBe(
      'No deliveries yet at faststar, fastaar, paystar.',
    )
    await emulators.fastaar?.emulator.trigger('payment.completed')
    await emulators.paystar?.emulator.trigger('AutoPay.Enrolled')
    const all = await paymux(['webhooks', 'list', ...base])
    expect(all.code).toBe(0)
    expect(all.out).toMatch(/^fastaar_1 +payment\.completed +unsent +no attempts$/m)
    expect(all.out).toMatch(/^paystar_1 +AutoPay\.Enrolled +unsent +no attempts$/m)
    const one = await paymux(['webhooks', 'list', '--provider', 'paystar', ...base])
    expect(one.out).toMatch(/^paystar_1 /)
    expect(one.out).not.toContain('fastaar_1')
  })
})

describe('paymux webhooks replay', () => {
  it('re-sends the same body, freshly signed, to --to; the copy verifies', async () => {
    const hooks = await endpoint()
    const { emulators, base } = await emulate()
    const [original] = (await emulators.faststar?.emulator.trigger('payment.succeeded')) ?? []
    const result = await paymux(['webhooks', 'replay', original?.id ?? '', '--to', hooks.url, ...base])
    expect(result.code).toBe(0)
    expect(result.out).toMatch(/^→ 200 payment\.succeeded faststar_1 \(\d+ ms\)$/)
    expect(hooks.received.map((received) => received.rawBody)).toEqual([original?.body])
    const verified = await gateways(emulators).faststar.webhooks.verify(hooks.received[0] as Received)
    expect(verified.type).toBe('payment.succeeded')
  })

  it('exits 1 when the endpoint refuses, 2 for an unknown id', async () => {
    const refusing = await endpoint(500)
    const { emulators, base } = await emulate()
    await emulators.fastaar?.emulator.trigger('payment.completed')
    const refused = await paymux(['webhooks', 'replay', 'fastaar_1', '--to', refusing.url, ...base])
    expect(refused).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^→ 500 payment\.completed fastaar_1/),
    })
    const unknown = await paymux(['webhooks', 'replay', 'fastaar_9', '--to', refusing.url, ...base])
    expect(unknown).toMatchObject({ code: 2, err: expect.stringContaining('No delivery "fastaar_9"') })
  })
})

describe('paymux webhooks forward', () => {
  it('posts every attempt to --to while it runs, prints each, and drops the target on Ctrl-C', async () => {
    const hooks = await endpoint()
    const { emulators, base } = await emulate()
    const { io, out, stop } = testIo()
    const forwarding = runCli(['webhooks', 'forward', '--to', hooks.url, ...base], io)
    await expect
      .poll(() => out.filter((line) => line.includes('forwarding to')).length, { timeout: 10_000 })
      .toBe(3)
    await emulators.faststar?.emulator.trigger('payment.succeeded')
    await emulators.paystar?.emulator.trigger('Payment.Succeeded')
    await expect.poll(() => out.filter((line) => line.startsWith('→')).length).toBe(2)
    expect(out).toContainEqual(expect.stringMatching(/^→ 200 payment\.succeeded faststar_1 \(\d+ ms\)$/))
    expect(out).toContainEqual(expect.stringMatching(/^→ 200 Payment\.Succeeded paystar_1 \(\d+ ms\)$/))
    const paystarCopy = hooks.received.find((received) => received.rawBody.includes('Payment.Succeeded'))
    const verified = await gateways(emulators).paystar.webhooks.verify(paystarCopy as Received)
    expect(verified.type).toBe('payment.succeeded')
    stop('SIGINT')
    expect(await forwarding).toBe(0)
    await expect
      .poll(async () => {
        const [later] = (await emulators.faststar?.emulator.trigger('payment.succeeded')) ?? []
        return later?.state
      })
      .toBe('unsent')
    const settled = hooks.received.length
    await emulators.faststar?.emulator.trigger('payment.succeeded')
    expect(hooks.received).toHaveLength(settled)
  })

  it('forwards from one emulator with --provider, and exits 1 when the emulators go away', async () => {
    const hooks = await endpoint()
    const { emulators, base } = await emulate()
    const { io, out, err } = testIo()
    const forwarding = runCli(
      ['webhooks', 'forward', '--to', hooks.url, '--provider', 'fastaar', ...base],
      io,
    )
    await expect.poll(() => out.some((line) => line.startsWith('fastaar: forwarding to'))).toBe(true)
    await emulators.faststar?.emulator.trigger('payment.succeeded')
    await emulators.fastaar?.emulator.trigger('payment.completed')
    await expect
      .poll(() => out.filter((line) => line.startsWith('→')))
      .toEqual([expect.stringMatching(/^→ 200 payment\.completed fastaar_1/)])
    await emulators.close()
    expect(await forwarding).toBe(1)
    expect(err.join('\n')).toMatch(/forwarding ended/i)
  })
})
