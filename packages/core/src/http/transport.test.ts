import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as z from 'zod'
import {
  InvalidRequestError,
  NotFoundError,
  ProviderUnavailableError,
  RateLimitError,
  RequestAbortedError,
  UnexpectedResponseError,
} from '../errors/index.js'
import { paymentErrorOf } from '../testing/bad-inputs.js'
import { jsonResponseHandler } from './response-handler.js'
import type { RetryPolicy } from './retry-policy.js'
import { createTransport, type RequestEvent, type RetryEvent, type TransportSettings } from './transport.js'

const BASE = 'https://api.paymux.test'
const SECRET = 'sk_test_51SuperSecretKey'
const schema = z.object({ data: z.object({ id: z.string(), amount: z.number() }) })
const OK_BODY = { data: { id: 'pay_1', amount: 500 } }

function transport(overrides: Partial<TransportSettings> = {}) {
  return createTransport({
    provider: 'testpay',
    baseUrl: `${BASE}/v1`,
    secretHeaders: { 'X-API-Key': SECRET },
    backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 1000,
    ...overrides,
  })
}

function call(policy: RetryPolicy, overrides: Partial<TransportSettings> = {}, signal?: AbortSignal) {
  return transport(overrides).request({
    operation: 'payments.create',
    method: 'POST',
    path: '/payments',
    body: { amount: 500 },
    retry: policy,
    handleResponse: jsonResponseHandler(schema),
    signal,
  })
}

/** Answers each request with the next reply in the list (the last one repeats), counting requests. */
function scripted(replies: Array<[number, string | object, Record<string, string>?] | 'reset' | 'refused'>) {
  const state = { count: 0 }
  nock(BASE)
    .post('/v1/payments')
    .times(10)
    .reply(function () {
      const reply = replies[Math.min(state.count, replies.length - 1)]
      state.count++
      if (reply === 'reset' || reply === 'refused') {
        // nock only lets a reply function return a response; errors are thrown from the request.
        this.req.destroy(
          Object.assign(new Error(reply), { code: reply === 'reset' ? 'ECONNRESET' : 'ECONNREFUSED' }),
        )
        return [500, '']
      }
      return reply ?? [500, '']
    })
  return state
}

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

describe('createTransport: the outgoing request', () => {
  it('sends the method, path, JSON body, query and the secret header', async () => {
    const seen: { headers?: Record<string, unknown>; body?: unknown } = {}
    nock(BASE)
      .post('/v1/payments')
      .query({ expand: 'customer', limit: '5' })
      .reply(function (_uri, body) {
        seen.headers = this.req.headers
        seen.body = body
        return [200, OK_BODY]
      })
    const result = await transport().request({
      operation: 'payments.create',
      method: 'POST',
      path: '/payments',
      query: { expand: 'customer', limit: 5, cursor: undefined },
      body: { amount: 500, currency: 'BDT' },
      retry: 'never',
      handleResponse: jsonResponseHandler(schema),
    })
    expect(result).toEqual(OK_BODY)
    expect(seen.body).toEqual({ amount: 500, currency: 'BDT' })
    expect(seen.headers?.['x-api-key']).toBe(SECRET)
    expect(seen.headers?.['content-type']).toBe('application/json')
    expect(seen.headers?.accept).toBe('application/json')
  })

  it('refuses bad settings before any request, naming each one', () => {
    const attempt = () => transport({ baseUrl: 'api.example.com', timeoutMs: -1, maxRetries: 1.5 })
    expect(attempt).toThrow(InvalidRequestError)
    try {
      attempt()
    } catch (error) {
      expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual([
        'baseUrl',
        'timeoutMs',
        'maxRetries',
      ])
    }
  })
})

// Issue 15, finding 5: every numeric setting is checked at construction, so a NaN or a string
// never silently turns a limit off.
describe('createTransport: numeric settings', () => {
  const bad: Array<[string, Partial<TransportSettings> | Record<string, unknown>]> = [
    ...[Number.NaN, -1, 0, Number.POSITIVE_INFINITY, 2 ** 31, '30000'].map(
      (value) => ['timeoutMs', { timeoutMs: value }] as [string, Record<string, unknown>],
    ),
    ...[Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY, '2'].map(
      (value) => ['maxRetries', { maxRetries: value }] as [string, Record<string, unknown>],
    ),
    ...['initialDelayMs', 'maxDelayMs', 'maxRetryAfterMs'].flatMap((name) =>
      [Number.NaN, -1, Number.POSITIVE_INFINITY, 2 ** 31, '500', null].map(
        (value) => [`backoff.${name}`, { backoff: { [name]: value } }] as [string, Record<string, unknown>],
      ),
    ),
    ['backoff', { backoff: 'fast' }],
    ['backoff', { backoff: null }],
    ['backoff.factor', { backoff: { factor: 2 } }],
    ...[Number.NaN, -1, 0, 1.5, Number.POSITIVE_INFINITY, 2 ** 53, '10mb'].map(
      (value) => ['maxResponseBytes', { maxResponseBytes: value }] as [string, Record<string, unknown>],
    ),
  ]

  it.each(bad)('refuses %s = %o with invalid_settings naming it', (path, overrides) => {
    let thrown: unknown
    try {
      transport(overrides as Partial<TransportSettings>)
    } catch (error) {
      thrown = error
    }
    expect(InvalidRequestError.isInstance(thrown)).toBe(true)
    const error = thrown as InvalidRequestError
    expect(error.code).toBe('invalid_settings')
    expect(error.issues.map((issue) => issue.path)).toEqual([path])
    expect(error.message).toContain(path)
  })

  it('accepts the edges: zero delays, no retries, a 1-byte limit', () => {
    expect(() =>
      transport({
        maxRetries: 0,
        maxResponseBytes: 1,
        backoff: { initialDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
      }),
    ).not.toThrow()
  })
})

// Every fault against a retry-safe call and a never-retry call: the class, and how many requests were sent.
describe.each([
  { policy: 'safe' as const, retried: 3 },
  { policy: 'never' as const, retried: 1 },
])('fault handling, retry: $policy', ({ policy, retried }) => {
  it.each([500, 502])('HTTP %i is ProviderUnavailableError after %s attempts', async (status) => {
    const state = scripted([[status, { message: 'boom' }]])
    const error = await paymentErrorOf(call(policy))
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error.httpStatus).toBe(status)
    expect(state.count).toBe(retried)
    // A never-retry call that reached the provider must not look safe to repeat.
    expect(error.retryable).toBe(policy === 'safe')
  })

  it('503 then success recovers only where retrying is safe', async () => {
    const state = scripted([
      [503, 'Service Unavailable'],
      [200, OK_BODY],
    ])
    if (policy === 'safe') {
      await expect(call(policy)).resolves.toEqual(OK_BODY)
      expect(state.count).toBe(2)
    } else {
      expect(ProviderUnavailableError.isInstance(await paymentErrorOf(call(policy)))).toBe(true)
      expect(state.count).toBe(1)
    }
  })

  it('429 with Retry-After waits as told where retrying is safe', async () => {
    const state = scripted([
      [429, { error: { type: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '1' }],
      [200, OK_BODY],
    ])
    const retries: RetryEvent[] = []
    const started = Date.now()
    const promise = call(policy, { hooks: { onRetry: (event) => retries.push(event) } })
    if (policy === 'safe') {
      await expect(promise).resolves.toEqual(OK_BODY)
      expect(retries.map((event) => event.delayMs)).toEqual([1000])
      expect(Date.now() - started).toBeGreaterThanOrEqual(990)
      expect(state.count).toBe(2)
    } else {
      const error = await paymentErrorOf(promise)
      expect(RateLimitError.isInstance(error)).toBe(true)
      expect((error as RateLimitError).retryAfterMs).toBe(1000)
      expect(error.code).toBe('rate_limited')
      expect(state.count).toBe(1)
    }
  })

  it('a timeout is ProviderUnavailableError with outcome unknown', async () => {
    const state = { count: 0 }
    nock(BASE)
      .post('/v1/payments')
      .times(3)
      .delay(300)
      .reply(() => {
        state.count++
        return [200, OK_BODY]
      })
    const error = await paymentErrorOf(call(policy, { timeoutMs: 50 }))
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error.code).toBe('timeout')
    expect((error as ProviderUnavailableError).outcome).toBe('unknown')
    expect(state.count).toBe(retried)
  })

  it('a connection reset after sending is ProviderUnavailableError with outcome unknown', async () => {
    const state = scripted(['reset'])
    const error = await paymentErrorOf(call(policy))
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect((error as ProviderUnavailableError).outcome).toBe('unknown')
    expect(state.count).toBe(retried)
  })

  it('a refused connection is outcome not_sent, and safe to retry by hand even for a never-retry call', async () => {
    const state = scripted(['refused'])
    const error = await paymentErrorOf(call(policy))
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect((error as ProviderUnavailableError).outcome).toBe('not_sent')
    expect(error.retryable).toBe(true)
    expect(state.count).toBe(retried)
  })

  it.each([
    ['an HTML page', '<html><body>Bad Gateway</body></html>', 'html_body'],
    ['invalid JSON', '{"data": {"id": ', 'invalid_json'],
    ['an empty body', '', 'empty_body'],
    ['a body missing a required field', { data: { id: 'pay_1' } }, 'schema_mismatch'],
  ])('a 200 with %s is UnexpectedResponseError and never retried', async (_name, body, code) => {
    const state = scripted([[200, body]])
    const error = await paymentErrorOf(call(policy))
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect(error.code).toBe(code)
    expect(state.count).toBe(1)
  })

  it('names the mismatching field of a schema mismatch', async () => {
    scripted([[200, { data: { id: 7, amount: 500 } }]])
    const error = (await paymentErrorOf(call(policy))) as UnexpectedResponseError
    expect(error.issues.map((issue) => issue.path)).toEqual(['data.id'])
    expect(error.message).toContain('data.id')
  })

  it('a 404 is NotFoundError, sent once', async () => {
    const state = scripted([[404, { error: { type: 'not_found', message: 'No such payment' } }]])
    const error = await paymentErrorOf(call(policy))
    expect(NotFoundError.isInstance(error)).toBe(true)
    expect(error.message).toContain('No such payment')
    expect(state.count).toBe(1)
  })

  it('an abort during the request is RequestAbortedError and stops all retries', async () => {
    const state = { count: 0 }
    nock(BASE)
      .post('/v1/payments')
      .times(3)
      .delay(200)
      .reply(() => {
        state.count++
        return [503, '']
      })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 30)
    const error = await paymentErrorOf(call(policy, {}, controller.signal))
    expect(RequestAbortedError.isInstance(error)).toBe(true)
    expect((error as RequestAbortedError).outcome).toBe('unknown')
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(state.count).toBe(1)
  })
})

describe('retry details', () => {
  it('gives up without waiting when Retry-After exceeds the cap', async () => {
    const state = scripted([
      [429, '', { 'Retry-After': '120' }],
      [200, OK_BODY],
    ])
    const error = (await paymentErrorOf(call('safe'))) as RateLimitError
    expect(RateLimitError.isInstance(error)).toBe(true)
    expect(error.retryAfterMs).toBe(120_000)
    expect(state.count).toBe(1)
  })

  it('honours maxRetries', async () => {
    const state = scripted([[500, '']])
    await paymentErrorOf(call('safe', { maxRetries: 0 }))
    expect(state.count).toBe(1)
  })

  it('an abort before the first attempt sends nothing', async () => {
    const state = scripted([[200, OK_BODY]])
    const error = await paymentErrorOf(call('safe', {}, AbortSignal.abort()))
    expect(RequestAbortedError.isInstance(error)).toBe(true)
    expect((error as RequestAbortedError).outcome).toBe('not_sent')
    expect(state.count).toBe(0)
  })

  it('an abort during the backoff wait stops the next attempt', async () => {
    const state = scripted([[500, '']])
    const controller = new AbortController()
    const promise = call(
      'safe',
      {
        backoff: { initialDelayMs: 10_000, maxDelayMs: 10_000 },
        hooks: { onRetry: () => controller.abort() },
      },
      controller.signal,
    )
    const error = await paymentErrorOf(promise)
    expect(RequestAbortedError.isInstance(error)).toBe(true)
    expect(state.count).toBe(1)
  })

  it('a failure handler that throws something else is replaced by the default one for that answer', async () => {
    // Paystar's handler once called JSON.stringify on a deeply nested entry: a RangeError, then
    // mis-reported as a network failure without the answer's status.
    const state = scripted([[500, { message: 'boom' }]])
    const failureHandler = () => {
      throw new RangeError('Maximum call stack size exceeded')
    }
    const error = await paymentErrorOf(call('never', { failureHandler }))
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ httpStatus: 500, outcome: 'unknown', retryable: false })
    expect(error.message).toContain('boom')
    expect(state.count).toBe(1)
  })

  it('a handler that throws something other than a PaymentError becomes UnexpectedResponseError', async () => {
    scripted([[200, OK_BODY]])
    const error = await paymentErrorOf(
      transport().request({
        operation: 'payments.retrieve',
        method: 'POST',
        path: '/payments',
        retry: 'safe',
        handleResponse: () => {
          throw new TypeError('cannot read properties of undefined')
        },
      }),
    )
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect(error.code).toBe('unreadable_response')
    // The POST was received: whatever paymux could not read of the answer, the provider may have acted.
    expect((error as UnexpectedResponseError).outcome).toBe('unknown')
  })
})

describe('against a real loopback server', () => {
  let server: Server
  let port = 0
  let requests = 0
  beforeAll(async () => {
    nock.enableNetConnect('127.0.0.1')
    server = createServer((request, response) => {
      requests++
      if (request.url?.endsWith('/hang-up')) {
        request.socket.destroy()
        return
      }
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_123' })
      response.end(JSON.stringify(OK_BODY))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('reads the request id from the response headers', async () => {
    const requestIds: (string | undefined)[] = []
    const result = await createTransport({
      provider: 'testpay',
      baseUrl: `http://127.0.0.1:${port}`,
      hooks: { onResponse: (event) => requestIds.push(event.requestId) },
    }).request({
      operation: 'payments.retrieve',
      method: 'GET',
      path: '/ok',
      retry: 'safe',
      handleResponse: jsonResponseHandler(schema),
    })
    expect(result).toEqual(OK_BODY)
    expect(requestIds).toEqual(['req_123'])
  })

  it('a socket closed by the server after receiving the request is outcome unknown', async () => {
    requests = 0
    const error = await paymentErrorOf(
      createTransport({ provider: 'testpay', baseUrl: `http://127.0.0.1:${port}` }).request({
        operation: 'payments.charge',
        method: 'POST',
        path: '/hang-up',
        body: {},
        retry: 'never',
        handleResponse: jsonResponseHandler(schema),
      }),
    )
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect((error as ProviderUnavailableError).outcome).toBe('unknown')
    expect(error.retryable).toBe(false)
    expect(requests).toBe(1)
  })

  it('a refused connection is outcome not_sent', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const closedPort = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const error = await paymentErrorOf(
      createTransport({
        provider: 'testpay',
        baseUrl: `http://127.0.0.1:${closedPort}`,
        maxRetries: 0,
      }).request({
        operation: 'payments.charge',
        method: 'POST',
        path: '/x',
        body: {},
        retry: 'never',
        handleResponse: jsonResponseHandler(schema),
      }),
    )
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect((error as ProviderUnavailableError).outcome).toBe('not_sent')
    expect(error.message).toContain('ECONNREFUSED')
  })
})

describe('hooks', () => {
  it('report each attempt with redacted headers, and a throwing hook changes nothing', async () => {
    scripted([
      [500, ''],
      [200, OK_BODY],
    ])
    const requests: RequestEvent[] = []
    const statuses: number[] = []
    const result = await call('safe', {
      headers: { 'X-Client': 'paymux-test' },
      hooks: {
        onRequest: (event) => {
          requests.push(event)
          throw new Error('logging is broken')
        },
        onResponse: (event) => statuses.push(event.status),
      },
    })
    expect(result).toEqual(OK_BODY)
    expect(requests.map((event) => event.attempt)).toEqual([1, 2])
    expect(requests[0]?.headers['x-api-key']).toBe('[redacted]')
    expect(requests[0]?.headers['x-client']).toBe('paymux-test')
    expect(requests[0]?.url).toBe(`${BASE}/v1/payments`)
    expect(requests[0]?.body).toEqual({ amount: 500 })
    expect(statuses).toEqual([500, 200])
  })
})

describe('more transport behaviour', () => {
  it('honours Retry-After on a 503 as well as on a 429', async () => {
    const state = scripted([
      [503, '', { 'Retry-After': '1' }],
      [200, OK_BODY],
    ])
    const delays: number[] = []
    await expect(
      call('safe', { hooks: { onRetry: (event) => delays.push(event.delayMs) } }),
    ).resolves.toEqual(OK_BODY)
    expect(delays).toEqual([1000])
    expect(state.count).toBe(2)
  })

  it('ignores an async hook that rejects, without an unhandled rejection', async () => {
    scripted([[200, OK_BODY]])
    const hooks = { onResponse: async () => Promise.reject(new Error('metrics backend down')) }
    await expect(call('never', { hooks })).resolves.toEqual(OK_BODY)
    // Give a stray rejection the chance to surface: vitest fails the run on unhandled rejections.
    await new Promise((resolve) => setTimeout(resolve, 10))
  })

  it('refuses a per-call timeout that is not a positive number, before sending', async () => {
    const state = scripted([[200, OK_BODY]])
    const error = await paymentErrorOf(
      transport().request({
        operation: 'payments.retrieve',
        method: 'GET',
        path: '/payments',
        retry: 'safe',
        timeoutMs: 0,
        handleResponse: jsonResponseHandler(schema),
      }),
    )
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect(state.count).toBe(0)
  })
})

describe('exchange', () => {
  const send = (retry: 'safe' | 'never' = 'safe') =>
    transport().exchange({
      operation: 'sessions.create',
      method: 'POST',
      path: '/payments',
      body: { amount: 500 },
      retry,
      handleResponse: jsonResponseHandler(schema),
    })

  it('says the answer was lost when a retry followed an attempt that may have reached the provider', async () => {
    const state = scripted(['reset', [400, { message: 'reference already used' }]])
    const result = await send()
    expect(state.count).toBe(2)
    expect(result).toMatchObject({ ok: false, answerLost: true })
    expect(result.ok || InvalidRequestError.isInstance(result.error)).toBe(true)
  })

  it('says no answer was lost when every attempt was answered or never sent', async () => {
    scripted(['refused', [400, { message: 'bad amount' }]])
    expect(await send()).toMatchObject({ ok: false, answerLost: false })
    scripted([[400, { message: 'bad amount' }]])
    expect(await send()).toMatchObject({ ok: false, answerLost: false })
  })

  it('resolves to the value of a call that succeeded', async () => {
    scripted([[200, OK_BODY]])
    expect(await send()).toEqual({ ok: true, value: OK_BODY })
  })
})
