import { ConnectionDroppedError, type FetchHandler } from '@paymux/core/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createLoopbackWire,
  OVERSIZED_BODY_BYTES,
  openLoopbackServers,
  SLOW_BODY_BYTES,
} from './loopback-wire.js'
import type { MatrixWire, SocketControls } from './matrix-wire.js'

// The matrix's instruments, checked with a plain `fetch` that does what paymux must not (follow
// redirects, read a body to its end): each fault does what the legend says, and each check the
// matrix relies on (the other origin, the hang-up deadline) catches a client that misbehaves.

const KEY = 'sk_test_never_elsewhere'
const answer: FetchHandler = async (request) => {
  if (new URL(request.url).pathname === '/drop') throw new ConnectionDroppedError()
  return Response.json({ success: true, data: { id: 'x', method: request.method } })
}

let wire: MatrixWire | undefined
afterEach(async () => {
  await wire?.close()
  wire = undefined
})

async function open(): Promise<{
  readonly wire: MatrixWire
  readonly url: string
  readonly sockets: SocketControls
}> {
  wire = await createLoopbackWire(answer)
  const connection = wire.connection('/api/v1')
  if (!('baseUrl' in connection) || wire.sockets === undefined) throw new Error('not a loopback wire')
  return { wire, url: connection.baseUrl, sockets: wire.sockets }
}

const post = (url: string, init: RequestInit = {}) =>
  fetch(`${url}/charges`, { method: 'POST', headers: { 'x-api-key': KEY }, body: '{"amount":1}', ...init })

describe('the loopback wire', () => {
  it('serves the emulator on 127.0.0.1 and counts what reaches it', async () => {
    const { url } = await open()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
    const response = await post(url)
    expect(await response.json()).toEqual({ success: true, data: { id: 'x', method: 'POST' } })
    expect(wire?.requestCount()).toBe(1)
  })

  it('records at the other origin what a client that follows a redirect sends there, key included', async () => {
    const { url, sockets } = await open()
    sockets.damage('redirect-elsewhere', 'every')
    const response = await post(url)
    expect(response.status).toBe(200)
    const [leaked] = sockets.elsewhere()
    expect(leaked).toMatchObject({ method: 'POST', url: '/api/v1/charges' })
    expect(leaked?.headers['x-api-key']).toBe(KEY)
    expect(sockets.methods()).toEqual(['POST'])
  })

  it('answers 307 to a POST and 302 to a GET, to itself in a loop', async () => {
    const { url, sockets } = await open()
    sockets.damage('redirect-loop', 'every')
    const manual = await post(url, { redirect: 'manual' })
    expect([manual.status, manual.headers.get('location')]).toEqual([307, `${url}/charges`])
    const get = await fetch(`${url}/charges`, { redirect: 'manual' })
    expect(get.status).toBe(302)
    // fetch gives up after 20 redirects: the front saw every one of them.
    await expect(fetch(`${url}/charges`)).rejects.toThrow()
    expect(wire?.requestCount()).toBe(2 + 21)
    expect(sockets.elsewhere()).toEqual([])
  })

  it('cuts a body half-way after announcing its length', async () => {
    const { url, sockets } = await open()
    sockets.damage('cut-body', 1)
    const response = await post(url)
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0)
    await expect(response.text()).rejects.toThrow()
    await wire?.settle()
    expect(wire?.problem).toBeUndefined()
  })

  it('pads an answer past any small limit, with no Content-Length, and it stays the same JSON', async () => {
    const { url, sockets } = await open()
    sockets.damage('oversized-body', 1)
    const response = await post(url)
    expect(response.headers.get('content-length')).toBeNull()
    const text = await response.text()
    expect(text.length).toBe(OVERSIZED_BODY_BYTES)
    expect(JSON.parse(text)).toEqual({ success: true, data: { id: 'x', method: 'POST' } })
  })

  it('dribbles a slow body, and lets a client that cancels it go', async () => {
    const { url, sockets } = await open()
    sockets.damage('slow-body', 1)
    const response = await post(url)
    expect(Number(response.headers.get('content-length'))).toBe(SLOW_BODY_BYTES)
    await response.body?.cancel()
    await wire?.settle()
    expect(wire?.problem).toBeUndefined()
  })

  it('catches a client that keeps downloading a slow body after it gave up on it', async () => {
    const { url, sockets } = await open()
    sockets.damage('slow-body', 1)
    const response = await post(url)
    // What the transport did before it cancelled the stream: stop waiting, keep reading.
    void response.text().catch(() => undefined)
    await wire?.settle()
    expect(wire?.problem).toMatch(/still held a connection/)
  })

  it('never answers a hanging request, and lets a client that aborts go', async () => {
    const { url, sockets } = await open()
    sockets.damage('hanging', 1)
    const abort = new AbortController()
    const call = post(url, { signal: abort.signal })
    await new Promise((resolve) => setTimeout(resolve, 50))
    abort.abort()
    await expect(call).rejects.toThrow()
    await wire?.settle()
    expect(wire?.problem).toBeUndefined()
    expect(wire?.requestCount()).toBe(1)
  })

  it('resets the connection where the emulator drops it', async () => {
    const { url } = await open()
    await expect(fetch(`${url.replace('/api/v1', '')}/drop`)).rejects.toThrow('fetch failed')
  })

  it('leaves no server listening once closed', async () => {
    await open()
    await wire?.close()
    wire = undefined
    expect(openLoopbackServers()).toBe(0)
  })
})
