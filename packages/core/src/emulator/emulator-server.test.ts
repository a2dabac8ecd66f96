import { afterEach, describe, expect, it } from 'vitest'
import { EMULATOR_CLOCK_TAG, EMULATOR_CLOCKS } from '../adapter-kit/gateway-clock.js'
import { createEmulatorClock } from './emulator-clock.js'
import { createFaultInjector } from './emulator-faults.js'
import type { Emulator } from './emulator-interface.js'
import { asFetch, type ServedEmulator, serveEmulator, serveFetchHandler } from './emulator-server.js'
import { createWebhookOutbox } from './emulator-webhooks.js'

const registry = () => (globalThis as { [EMULATOR_CLOCKS]?: Map<string, unknown> })[EMULATOR_CLOCKS]

/** The smallest Emulator: every request enqueues a delivery to a slow endpoint. */
function tinyEmulator(endpointMs = 0) {
  const clock = createEmulatorClock({ start: 0, frozen: true })
  const faults = createFaultInjector()
  const posted: string[] = []
  const webhooks = createWebhookOutbox({
    provider: 'fastaar',
    clock,
    defaultSecret: 'whsec_tiny',
    sign: () => ({ headers: {} }),
    settings: {
      url: 'https://merchant.test/hook',
      fetch: async (request) => {
        await new Promise((resolve) => setTimeout(resolve, endpointMs))
        posted.push(await request.text())
        return new Response(null, { status: 200 })
      },
    },
  })
  let requests = 0
  let stopped = 0
  const handler = faults.wrap(async (request) => {
    requests++
    webhooks.enqueue('payment.completed', JSON.stringify({ path: new URL(request.url).pathname }))
    return Response.json({ ok: true })
  })
  const emulator: Emulator = {
    provider: 'fastaar',
    handler,
    fetch: asFetch(handler, { clock }),
    clock,
    faults,
    webhooks,
    requestCount: () => requests,
    async advance(ms) {
      clock.advance(ms)
      await webhooks.settle()
    },
    triggers: [],
    trigger: () => Promise.reject(new TypeError('no triggers')),
    stop() {
      stopped++
      webhooks.stop()
    },
  }
  return { emulator, posted, stopped: () => stopped }
}

let served: ServedEmulator | undefined
afterEach(async () => {
  await served?.close()
  served = undefined
})

describe('asFetch', () => {
  it('tags the fetch with its clock, non-enumerably, only when given one', () => {
    const clock = createEmulatorClock()
    const handler = async () => new Response(null)
    const tagged = asFetch(handler, { clock })
    expect((tagged as unknown as Record<symbol, unknown>)[EMULATOR_CLOCK_TAG]).toBe(clock)
    expect(Object.getOwnPropertyDescriptor(tagged, EMULATOR_CLOCK_TAG)?.enumerable).toBe(false)
    expect(EMULATOR_CLOCK_TAG).toBe(Symbol.for('paymux.emulator.clock'))
    expect(Object.getOwnPropertySymbols(asFetch(handler))).toEqual([])
  })
})

describe('serveFetchHandler', () => {
  it('serves on the IPv6 loopback with a URL that parses and answers (::1 in brackets)', async () => {
    const served = await serveFetchHandler(async (request) => Response.json({ url: request.url }), {
      hostname: '::1',
    })
    try {
      expect(served.url).toBe(`http://[::1]:${served.port}`)
      const answer = await fetch(`${served.url}/ping`)
      expect(await answer.json()).toEqual({ url: `${served.url}/ping` })
    } finally {
      await served.close()
    }
  })
})

describe('serveEmulator', () => {
  it('serves the handler, with baseUrl = url + apiPath, and registers the clock by origin', async () => {
    const { emulator } = tinyEmulator()
    served = await serveEmulator(emulator, { apiPath: '/api/v1' })
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(served.baseUrl).toBe(`${served.url}/api/v1`)
    expect(served.emulator).toBe(emulator)
    expect(await (await fetch(`${served.baseUrl}/payments`)).json()).toEqual({ ok: true })
    expect(emulator.requestCount()).toBe(1)
    expect(registry()?.get(new URL(served.url).origin)).toBe(emulator.clock)
    expect(registry()?.get(`http://localhost:${served.port}`)).toBe(emulator.clock)
    expect(EMULATOR_CLOCKS).toBe(Symbol.for('paymux.emulator.clocks'))
  })

  it('defaults baseUrl to url', async () => {
    served = await serveEmulator(tinyEmulator().emulator)
    expect(served.baseUrl).toBe(served.url)
  })

  it('close() settles in-flight deliveries, stops the emulator, closes the port and unregisters', async () => {
    const { emulator, posted, stopped } = tinyEmulator(60)
    const own = await serveEmulator(emulator)
    await fetch(`${own.url}/pay`)
    expect(emulator.webhooks.deliveries[0]?.state).toBe('pending')
    await Promise.all([own.close(), own.close()])
    expect(posted).toEqual([JSON.stringify({ path: '/pay' })])
    expect(emulator.webhooks.deliveries[0]?.state).toBe('delivered')
    expect(stopped()).toBe(1)
    expect(registry()?.has(new URL(own.url).origin)).toBe(false)
    expect(registry()?.has(`http://localhost:${own.port}`)).toBe(false)
    await expect(fetch(own.url)).rejects.toThrow(TypeError)
  })

  it('close() leaves an origin another emulator has registered since', async () => {
    const first = tinyEmulator().emulator
    const own = await serveEmulator(first)
    const other = createEmulatorClock()
    const origin = new URL(own.url).origin
    registry()?.set(origin, other)
    await own.close()
    expect(registry()?.get(origin)).toBe(other)
    registry()?.delete(origin)
  })
})
