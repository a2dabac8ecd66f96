import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { ProviderUnavailableError, UnexpectedResponseError } from '../errors/index.js'
import { paymentErrorOf } from '../testing/bad-inputs.js'
import { decideRetry } from './retry-policy.js'
import { createTransport, type HttpMethod, type RetryEvent, type TransportSettings } from './transport.js'

// Every test here goes through real sockets on 127.0.0.1: in-process fetch never follows a
// redirect and never has a socket to keep downloading on, so it cannot show these faults.

const API_KEY = 'sk_live_loopback_9f8e7d6c5b4a'
const schema = z.object({ data: z.object({ id: z.string() }) })

interface Loopback {
  readonly server: Server
  readonly origin: string
  /** Every request received, in order, with its headers. */
  readonly requests: IncomingMessage[]
  /** Resolves when a connection the server accepted has closed (for the Nth socket, from 0). */
  closed(index: number): Promise<void>
}

const servers: Server[] = []
const sockets = new Set<Socket>()

async function loopback(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<Loopback> {
  const requests: IncomingMessage[] = []
  const socketClosed: Promise<void>[] = []
  const server = createServer((request, response) => {
    requests.push(request)
    handle(request, response)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socketClosed.push(new Promise((resolve) => socket.on('close', () => resolve())))
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    requests,
    closed: (index) => socketClosed[index] ?? Promise.reject(new Error(`no connection ${index}`)),
  }
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy()
  sockets.clear()
  await Promise.all(
    servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  )
})

function client(origin: string, overrides: Partial<TransportSettings> = {}) {
  return createTransport({
    provider: 'testpay',
    baseUrl: `${origin}/v1`,
    secretHeaders: { 'X-API-Key': API_KEY },
    secrets: [API_KEY],
    backoff: { initialDelayMs: 1, maxDelayMs: 2 },
    timeoutMs: 2000,
    ...overrides,
  })
}

function send(
  origin: string,
  options: { method?: HttpMethod; retry?: 'safe' | 'never'; path?: string } = {},
  overrides: Partial<TransportSettings> = {},
) {
  const method = options.method ?? 'POST'
  return client(origin, overrides).request({
    operation: method === 'GET' ? 'payments.retrieve' : 'payments.create',
    method,
    path: options.path ?? '/payments',
    ...(method === 'GET' ? {} : { body: { amount: 500, currency: 'BDT' } }),
    retry: options.retry ?? 'never',
    handleResponse: (response) => ({ status: response.status, length: response.text.length }),
  })
}

/** Waits for `promise`, or fails the test after `ms` with `what`. Bounds only; no speed is asserted. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)
  })
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer))
}

describe('redirects are never followed', () => {
  it.each([301, 302, 303, 307, 308])(
    'HTTP %i to another origin: the other origin gets nothing, the key stays home',
    async (status) => {
      const elsewhere = await loopback((_request, response) => response.end('{}'))
      const provider = await loopback((_request, response) => {
        response.writeHead(status, { location: `${elsewhere.origin}/collect?key=${API_KEY}&card=4242` })
        response.end()
      })
      const error = await paymentErrorOf(send(provider.origin, { method: 'POST', retry: 'safe' }))
      expect(UnexpectedResponseError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({
        code: 'redirect',
        httpStatus: status,
        outcome: 'unknown',
        retryable: false,
      })
      expect(error.message).toContain(`HTTP ${status}`)
      expect(error.message).toContain('never follows redirects')
      expect(error.message).toContain(elsewhere.origin)
      // The Location's query may carry data: only its origin is named.
      expect(error.message).not.toContain('collect')
      expect(JSON.stringify(error)).not.toContain(API_KEY)
      expect(provider.requests).toHaveLength(1)
      expect(provider.requests[0]?.headers['x-api-key']).toBe(API_KEY)
      expect(elsewhere.requests).toHaveLength(0)
    },
  )

  it('a GET answered with a redirect fails too, with no outcome to worry about', async () => {
    const elsewhere = await loopback((_request, response) => response.end('{}'))
    const provider = await loopback((_request, response) => {
      response.writeHead(307, { location: `${elsewhere.origin}/v1/payments/1` })
      response.end()
    })
    const error = await paymentErrorOf(send(provider.origin, { method: 'GET', retry: 'safe' }))
    expect(error).toMatchObject({ name: 'UnexpectedResponseError', code: 'redirect', httpStatus: 307 })
    expect((error as UnexpectedResponseError).outcome).toBeUndefined()
    expect(elsewhere.requests).toHaveLength(0)
  })

  it('a 302 loop on a retry-safe GET makes exactly one request', async () => {
    const provider = await loopback((request, response) => {
      response.writeHead(302, { location: `${request.url}` })
      response.end()
    })
    const retries: RetryEvent[] = []
    const error = await paymentErrorOf(
      send(provider.origin, { method: 'GET', retry: 'safe' }, { hooks: { onRetry: (e) => retries.push(e) } }),
    )
    expect(error.code).toBe('redirect')
    expect(provider.requests).toHaveLength(1)
    expect(retries).toHaveLength(0)
  })

  it('a never-retried POST under a 307 loop reaches the server exactly once', async () => {
    const provider = await loopback((_request, response) => {
      response.writeHead(307, { location: '/v1/payments' })
      response.end()
    })
    const error = await paymentErrorOf(send(provider.origin, { method: 'POST', retry: 'never' }))
    expect(error).toMatchObject({ code: 'redirect', outcome: 'unknown' })
    expect(error.message).toContain(provider.origin)
    expect(provider.requests).toHaveLength(1)
  })

  it('decideRetry never retries a redirect, even for a retry-safe call', () => {
    const error = new UnexpectedResponseError({ provider: 'testpay', code: 'redirect', message: 'x' })
    expect(decideRetry({ error, policy: 'safe', attempt: 1, maxRetries: 5 }).retry).toBe(false)
  })
})

describe('outcome remembers an earlier attempt', () => {
  it('a timeout (the request arrived) then a refused connection ends with outcome unknown', async () => {
    const provider = await loopback(() => {
      // Never answers: the first attempt times out after the server has the request.
    })
    const retries: RetryEvent[] = []
    const onRetry = (event: RetryEvent) => {
      retries.push(event)
      // Nothing listens any more: the second attempt is refused before anything is sent.
      for (const socket of sockets) socket.destroy()
      provider.server.close()
    }
    const error = await paymentErrorOf(
      send(
        provider.origin,
        { method: 'POST', retry: 'safe' },
        { timeoutMs: 150, maxRetries: 1, hooks: { onRetry } },
      ),
    )
    expect(retries.map((event) => event.error.code)).toEqual(['timeout'])
    expect(provider.requests).toHaveLength(1)
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error.message).toContain('ECONNREFUSED')
    expect(error).toMatchObject({ code: 'network_error', outcome: 'unknown' })
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ outcome: 'unknown' })
  })

  it('a 500 (the request arrived) then a refused connection ends with outcome unknown', async () => {
    const provider = await loopback((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' })
      response.end('{"message":"boom"}')
    })
    const onRetry = () => {
      for (const socket of sockets) socket.destroy()
      provider.server.close()
    }
    const error = await paymentErrorOf(
      send(provider.origin, { method: 'POST', retry: 'safe' }, { maxRetries: 1, hooks: { onRetry } }),
    )
    expect(error).toMatchObject({ code: 'network_error', outcome: 'unknown' })
    expect(provider.requests).toHaveLength(1)
  })
})

describe('maxResponseBytes', () => {
  it('refuses an answer whose Content-Length is over the limit, before reading it', async () => {
    const provider = await loopback((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' })
      // Only the headers and a first byte: the client must not wait for the rest.
      response.write('{')
    })
    const error = await paymentErrorOf(send(provider.origin, { method: 'POST' }, { maxResponseBytes: 1000 }))
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'response_too_large', httpStatus: 200, outcome: 'unknown' })
    expect(error.message).toContain('1000')
    await within(provider.closed(0), 5000, 'closing the oversized answer')
  })

  it('refuses a chunked answer (no Content-Length) once it passes the limit, and stops reading', async () => {
    let sent = 0
    const provider = await loopback((_request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' })
      const timer = setInterval(() => {
        if (response.destroyed) return clearInterval(timer)
        sent += 512
        response.write('x'.repeat(512))
      }, 5)
    })
    const error = await paymentErrorOf(
      send(provider.origin, { method: 'GET', retry: 'safe' }, { maxResponseBytes: 2048 }),
    )
    expect(error).toMatchObject({
      name: 'UnexpectedResponseError',
      code: 'response_too_large',
      httpStatus: 500,
    })
    expect((error as UnexpectedResponseError).outcome).toBeUndefined()
    // Never retried: the provider answered, and a second attempt would be just as large.
    expect(provider.requests).toHaveLength(1)
    await within(provider.closed(0), 5000, 'closing the oversized answer')
    expect(sent).toBeGreaterThan(2048)
  })

  it('defaults to 10 MiB: 10,485,760 bytes are read, one more is refused', async () => {
    const provider = await loopback((request, response) => {
      const size = request.url?.endsWith('/over') ? 10_485_761 : 10_485_760
      response.writeHead(200, { 'content-type': 'text/plain' })
      // Chunked, so the count (not the Content-Length check) decides.
      const chunk = 'y'.repeat(65_536)
      for (let left = size; left > 0; left -= chunk.length)
        response.write(chunk.slice(0, Math.min(left, chunk.length)))
      response.end()
    })
    await expect(send(provider.origin, { method: 'GET', path: '/exact' })).resolves.toEqual({
      status: 200,
      length: 10_485_760,
    })
    const error = await paymentErrorOf(send(provider.origin, { method: 'GET', path: '/over' }))
    expect(error.code).toBe('response_too_large')
    expect(error.message).toContain('10485760')
  })
})

describe('the answer body', () => {
  it('a body slower than the time limit is a timeout, and its download is cancelled at once', async () => {
    const provider = await loopback((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"data":')
      const timer = setInterval(() => {
        if (response.destroyed) return clearInterval(timer)
        response.write(' ')
      }, 20)
    })
    const error = await paymentErrorOf(send(provider.origin, { method: 'POST' }, { timeoutMs: 300 }))
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'timeout', outcome: 'unknown', retryable: false })
    // Before the fix the socket went on downloading for seconds after the error.
    await within(provider.closed(0), 1500, 'closing the slow answer after the timeout')
  })

  it('a body cut mid-way is a network error with outcome unknown', async () => {
    const provider = await loopback((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      response.write('{"data": {"id": "pay_')
      setTimeout(() => request.socket.destroy(), 10)
    })
    const error = await paymentErrorOf(send(provider.origin, { method: 'POST' }))
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'network_error', outcome: 'unknown', retryable: false })
  })

  it('a normal JSON answer is still read and validated', async () => {
    const provider = await loopback((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_1' })
      response.end(JSON.stringify({ data: { id: 'pay_1' } }))
    })
    const result = await client(provider.origin).request({
      operation: 'payments.retrieve',
      method: 'GET',
      path: '/payments/pay_1',
      retry: 'safe',
      handleResponse: (response) => schema.parse(JSON.parse(response.text)),
    })
    expect(result).toEqual({ data: { id: 'pay_1' } })
  })
})
