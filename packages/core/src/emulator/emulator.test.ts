import { afterEach, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { ProviderUnavailableError } from '../errors/index.js'
import { createTransport, jsonResponseHandler } from '../http/index.js'
import { createEmulatorClock } from './emulator-clock.js'
import { createFaultInjector, type FetchHandler } from './emulator-faults.js'
import { asFetch, type ServedFetchHandler, serveFetchHandler } from './emulator-server.js'

// A tiny stateful "provider": every POST creates an order, GET counts them.
function createOrders() {
  const orders: string[] = []
  const handler: FetchHandler = async (request) => {
    if (request.method === 'POST') {
      const body = (await request.json()) as { ref: string }
      orders.push(body.ref)
      return Response.json({ id: `ord_${orders.length}` }, { status: 201 })
    }
    return Response.json({ count: orders.length })
  }
  return { orders, handler }
}

describe('createEmulatorClock', () => {
  it('starts where told, advances and jumps', () => {
    const clock = createEmulatorClock(new Date('2026-06-12T08:30:00Z'))
    expect(clock.now()).toBeGreaterThanOrEqual(Date.parse('2026-06-12T08:30:00Z'))
    expect(clock.now()).toBeLessThan(Date.parse('2026-06-12T08:30:01Z'))
    clock.advance(30 * 60_000)
    expect(clock.now()).toBeGreaterThanOrEqual(Date.parse('2026-06-12T09:00:00Z'))
    clock.set(0)
    expect(clock.now()).toBeLessThan(1000)
    expect(() => clock.advance(-1)).toThrow(RangeError)
  })

  it('follows real time when given no start', () => {
    const clock = createEmulatorClock()
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(50)
  })

  it('notifies onChange listeners with the new time after advance and set, until unsubscribed', () => {
    const clock = createEmulatorClock({ start: 1000, frozen: true })
    const seen: number[] = []
    const unsubscribe = clock.onChange((now) => seen.push(now))
    clock.advance(500)
    clock.set(new Date(10_000))
    unsubscribe()
    clock.advance(1)
    expect(seen).toEqual([1500, 10_000])
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError)
    expect(seen).toHaveLength(2)
  })

  it('lets a listener unsubscribe itself while being notified', () => {
    const clock = createEmulatorClock({ frozen: true })
    const calls: string[] = []
    const unsubscribeA = clock.onChange(() => {
      calls.push('a')
      unsubscribeA()
    })
    clock.onChange(() => calls.push('b'))
    clock.advance(1)
    clock.advance(1)
    expect(calls).toEqual(['a', 'b', 'b'])
  })

  it('frozen: now() stands still in real time; only advance and set move it', async () => {
    const clock = createEmulatorClock({ start: new Date('2026-06-12T08:30:00Z'), frozen: true })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(clock.now()).toBe(Date.parse('2026-06-12T08:30:00Z'))
    clock.advance(60_000)
    expect(clock.now()).toBe(Date.parse('2026-06-12T08:31:00Z'))
    clock.set(5)
    expect(clock.now()).toBe(5)
  })

  it('frozen without a start stops at the real time it was created; the object form follows real time unless frozen', async () => {
    const before = Date.now()
    const frozen = createEmulatorClock({ frozen: true })
    const moving = createEmulatorClock({ start: 0 })
    expect(frozen.now()).toBeGreaterThanOrEqual(before)
    const stopped = frozen.now()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(frozen.now()).toBe(stopped)
    expect(moving.now()).toBeGreaterThanOrEqual(15)
  })
})

describe('createFaultInjector', () => {
  it('applies a status fault to the next N matching requests only', async () => {
    const { handler } = createOrders()
    const faults = createFaultInjector()
    const faulty = faults.wrap(handler)
    faults.inject(
      { type: 'status', status: 503, body: { message: 'down' } },
      { count: 2, match: (r) => r.method === 'GET' },
    )
    expect(faults.pending).toBe(2)
    const post = new Request('http://x/orders', { method: 'POST', body: JSON.stringify({ ref: 'a' }) })
    expect((await faulty(post)).status).toBe(201)
    expect((await faulty(new Request('http://x/orders'))).status).toBe(503)
    const second = await faulty(new Request('http://x/orders'))
    expect(await second.json()).toEqual({ message: 'down' })
    expect((await faulty(new Request('http://x/orders'))).status).toBe(200)
    expect(faults.pending).toBe(0)
  })

  it('serves raw text bodies (HTML, broken JSON) as given', async () => {
    const faults = createFaultInjector()
    faults.inject({
      type: 'status',
      status: 200,
      body: '<html>oops</html>',
      headers: { 'content-type': 'text/html' },
    })
    const response = await faults.wrap(createOrders().handler)(new Request('http://x/'))
    expect(response.headers.get('content-type')).toBe('text/html')
    expect(await response.text()).toBe('<html>oops</html>')
  })

  it('drops before the handler acts, or after', async () => {
    const { orders, handler } = createOrders()
    const faults = createFaultInjector()
    const fetch = asFetch(faults.wrap(handler))
    const post = () => fetch('http://x/orders', { method: 'POST', body: JSON.stringify({ ref: 'a' }) })
    faults.inject({ type: 'drop', when: 'before' })
    await expect(post()).rejects.toMatchObject({ name: 'TypeError', cause: { code: 'ECONNRESET' } })
    expect(orders).toHaveLength(0)
    faults.inject({ type: 'drop', when: 'after' })
    await expect(post()).rejects.toThrow('fetch failed')
    expect(orders).toHaveLength(1)
  })

  it('rejects a nonsense count', () => {
    expect(() => createFaultInjector().inject({ type: 'delay', ms: 1 }, { count: 0 })).toThrow(RangeError)
  })
})

describe('emulators seen through the transport', () => {
  let served: ServedFetchHandler | undefined
  afterEach(async () => {
    await served?.close()
    served = undefined
  })

  const call = (fetch: typeof globalThis.fetch | undefined, baseUrl: string, timeoutMs = 1000) =>
    createTransport({ provider: 'emu', baseUrl, ...(fetch ? { fetch } : {}), timeoutMs }).request({
      operation: 'orders.create',
      method: 'POST',
      path: '/orders',
      body: { ref: 'r1' },
      retry: 'never',
      handleResponse: jsonResponseHandler(z.object({ id: z.string() })),
    })

  it('in-process: a drop after acting is outcome unknown, and the order exists', async () => {
    const { orders, handler } = createOrders()
    const faults = createFaultInjector()
    faults.inject({ type: 'drop', when: 'after' })
    const error = await call(asFetch(faults.wrap(handler)), 'http://emu.test').catch((e: unknown) => e)
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect((error as ProviderUnavailableError).outcome).toBe('unknown')
    expect(orders).toEqual(['r1'])
  })

  it('in-process: a delay longer than the timeout is a timeout', async () => {
    const faults = createFaultInjector()
    faults.inject({ type: 'delay', ms: 200 })
    const error = await call(asFetch(faults.wrap(createOrders().handler)), 'http://emu.test', 30).catch(
      (e: unknown) => e,
    )
    expect((error as ProviderUnavailableError).code).toBe('timeout')
  })

  it('on a loopback port: serves requests, and a drop resets the socket', async () => {
    const { orders, handler } = createOrders()
    const faults = createFaultInjector()
    served = await serveFetchHandler(faults.wrap(handler))
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await expect(call(undefined, served.url)).resolves.toEqual({ id: 'ord_1' })
    faults.inject({ type: 'drop', when: 'after' })
    const error = await call(undefined, served.url).catch((e: unknown) => e)
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect((error as ProviderUnavailableError).outcome).toBe('unknown')
    expect(orders).toEqual(['r1', 'r1'])
  })
})
