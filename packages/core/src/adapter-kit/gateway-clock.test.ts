import { describe, expect, it } from 'vitest'
import { createEmulatorClock } from '../emulator/emulator-clock.js'
import { createFaultInjector } from '../emulator/emulator-faults.js'
import { asFetch, serveEmulator } from '../emulator/emulator-server.js'
import { createWebhookOutbox } from '../emulator/emulator-webhooks.js'
import { staticImportGraph } from '../import-graph.test-support.js'
import { gatewayClock } from './gateway-clock.js'

const handler = async () => new Response(null)
const DAY = 86_400_000

function servable(clock = createEmulatorClock({ start: 42 * DAY, frozen: true })) {
  const faults = createFaultInjector()
  const webhooks = createWebhookOutbox({
    provider: 'paystar',
    clock,
    settings: undefined,
    defaultSecret: 's',
    sign: () => ({ headers: {} }),
  })
  return {
    provider: 'paystar' as const,
    handler,
    fetch: asFetch(handler, { clock }),
    clock,
    faults,
    webhooks,
    requestCount: () => 0,
    advance: async (ms: number) => clock.advance(ms),
    triggers: [],
    trigger: async () => [],
    stop: () => webhooks.stop(),
  }
}

const nearNow = (value: number) => Math.abs(value - Date.now()) < 1000

describe('gatewayClock', () => {
  it('takes settings.now first, over a tagged fetch and a registered origin', async () => {
    const emulator = servable()
    const served = await serveEmulator(emulator)
    try {
      const now = gatewayClock({ now: () => 7, fetch: emulator.fetch, baseUrl: served.url })
      expect(now()).toBe(7)
    } finally {
      await served.close()
    }
  })

  it('then the clock tagged on settings.fetch, read on each call', () => {
    const clock = createEmulatorClock({ start: 1000, frozen: true })
    const now = gatewayClock({ fetch: asFetch(handler, { clock }), baseUrl: 'https://api.faststar.test' })
    expect(now()).toBe(1000)
    clock.advance(500)
    expect(now()).toBe(1500)
  })

  it('then the clock a served emulator registered for baseUrl’s origin, looked up on each call', async () => {
    const emulator = servable()
    const served = await serveEmulator(emulator, { apiPath: '/api/v1' })
    const byIp = gatewayClock({ baseUrl: served.baseUrl, fetch: globalThis.fetch })
    const byName = gatewayClock({ baseUrl: `http://localhost:${served.port}/api/v1` })
    expect(byIp()).toBe(42 * DAY)
    expect(byName()).toBe(42 * DAY)
    emulator.clock.advance(DAY)
    expect(byIp()).toBe(43 * DAY)
    await served.close()
    expect(nearNow(byIp())).toBe(true)
    expect(nearNow(byName())).toBe(true)
  })

  it('follows an emulator served after the gateway was created', async () => {
    const emulator = servable()
    const served = await serveEmulator(emulator)
    const port = served.port
    await served.close()
    const now = gatewayClock({ baseUrl: `http://127.0.0.1:${port}` })
    expect(nearNow(now())).toBe(true)
    const again = await serveEmulator(emulator, { port })
    try {
      expect(now()).toBe(42 * DAY)
    } finally {
      await again.close()
    }
  })

  it('falls back to Date.now() without a match, with an unparsable baseUrl, or an untagged fetch', () => {
    expect(nearNow(gatewayClock({})())).toBe(true)
    expect(nearNow(gatewayClock({ baseUrl: 'not a url', fetch: 'nope' })())).toBe(true)
    expect(nearNow(gatewayClock({ baseUrl: 'http://127.0.0.1:9', fetch: asFetch(handler) })())).toBe(true)
  })

  it('imports nothing: no emulator code, no node module, on a gateway’s cold start', () => {
    const file = new URL('gateway-clock.ts', import.meta.url).pathname
    expect([...staticImportGraph(file).entries()]).toEqual([[file, []]])
    const kit = staticImportGraph(new URL('index.ts', import.meta.url).pathname)
    expect(kit.has(file)).toBe(true)
    const loaded = [...kit.values()].flat()
    expect(
      loaded.filter((specifier) => specifier.startsWith('node:') || specifier.includes('emulator')),
    ).toEqual([])
  })
})
