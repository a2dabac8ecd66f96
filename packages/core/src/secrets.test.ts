import { inspect } from 'node:util'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as z from 'zod'
import {
  type InvalidRequestError,
  type PaymentError,
  ProviderUnavailableError,
  UnexpectedResponseError,
} from './errors/index.js'
import { gatewayLikeFailureHandler } from './http/gateway-like-failure-handler.test-support.js'
import {
  createTransport,
  jsonResponseHandler,
  type TransportHooks,
  type TransportRequest,
} from './http/index.js'
import { paymentErrorOf } from './testing/bad-inputs.js'

// The secret is checked in every form a key can leak through.
const KEY = 'fk_live_8f2d9c0b7a6e5d4c3b2a1f0e'
const BASE = 'https://secrets.paymux.test'

function client(hooks: TransportHooks = {}, timeoutMs = 1000) {
  return createTransport({
    provider: 'fastaar',
    baseUrl: BASE,
    secretHeaders: { Authorization: `Bearer ${KEY}` },
    secrets: [KEY],
    backoff: { initialDelayMs: 1, maxDelayMs: 2 },
    timeoutMs,
    hooks,
  })
}

function everyView(value: unknown): string {
  const error = value as PaymentError
  return [
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    inspect(error, { depth: 20 }),
    String(error),
  ].join('\n')
}

const get = (transport: ReturnType<typeof client>) =>
  transport.request({
    operation: 'payments.retrieve',
    method: 'GET',
    path: '/payments/1',
    retry: 'safe',
    handleResponse: jsonResponseHandler(z.object({ data: z.object({ id: z.string() }) })),
  })

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

describe('an API key never leaks', () => {
  it('from an error whose provider echoed the key back', async () => {
    nock(BASE)
      .get('/payments/1')
      .reply(401, {
        error: { type: 'authentication_error', message: `Invalid API key ${KEY}` },
        sent: `Bearer ${KEY}`,
      })
    const error = await paymentErrorOf(get(client()))
    expect(error.message).toContain('Invalid API key [redacted]')
    expect(everyView(error)).not.toContain(KEY)
  })

  it('from an HTML or malformed success body that echoed it', async () => {
    nock(BASE).get('/payments/1').reply(200, `<html>debug: Authorization: Bearer ${KEY}</html>`)
    expect(everyView(await paymentErrorOf(get(client())))).not.toContain(KEY)
    nock(BASE)
      .get('/payments/1')
      .reply(200, { data: { id: 1, echo: KEY } })
    expect(everyView(await paymentErrorOf(get(client())))).not.toContain(KEY)
  })

  it('from timeouts and network failures, whose causes could carry the request', async () => {
    nock(BASE).get('/payments/1').times(3).delay(200).reply(200, {})
    expect(everyView(await paymentErrorOf(get(client({}, 20))))).not.toContain(KEY)
    nock(BASE).get('/payments/1').times(3).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
    expect(everyView(await paymentErrorOf(get(client())))).not.toContain(KEY)
  })

  it('from hook payloads', async () => {
    // The failed attempt's body echoes the key: the error handed to onRetry must already be scrubbed.
    nock(BASE)
      .get('/payments/1')
      .reply(503, { message: `upstream rejected ${KEY}` })
      .get('/payments/1')
      .reply(200, { data: { id: '1' } })
    const events: unknown[] = []
    await get(
      client({
        onRequest: (event) => events.push(event),
        onResponse: (event) => events.push(event),
        onRetry: (event) => events.push(event, everyView(event.error)),
      }),
    )
    expect(events).toHaveLength(6)
    expect(inspect(events, { depth: 10 })).not.toContain(KEY)
    expect(JSON.stringify(events)).toContain('[redacted]')
  })

  it('from util.inspect and JSON of the transport itself', () => {
    const transport = client()
    expect(inspect(transport, { depth: 10, showHidden: true })).not.toContain(KEY)
    expect(JSON.stringify(transport)).not.toContain(KEY)
  })
})

// ---------------------------------------------------------------------------------------------
// Issue 15, finding 3: every place a provider can echo the key, through the real transport with an
// in-process fetch that echoes the key it was sent (the socket-level faults are in http/*loopback*).

const ECHO_BASE = 'https://echo.paymux.test/v1'

interface Echo {
  readonly status: number
  readonly body: (key: string) => string
  readonly headers?: (key: string) => Record<string, string>
}

/** A fetch that answers every request with `echo`, filled in with the key the request carried. */
function echoFetch(echo: Echo): typeof globalThis.fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init)
    const key = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '')
    return new Response(echo.body(key), {
      status: echo.status,
      headers: { 'content-type': 'application/json', ...(echo.headers?.(key) ?? {}) },
    })
  }
}

/** Reads the error shapes the gateways read: Fastaar's `error.type` and 422 `errors`, Paystar's `errors[]`. */

function echoClient(key: string, echo: Echo, hooks: TransportHooks = {}, provider = 'fastaar') {
  return createTransport({
    provider,
    baseUrl: ECHO_BASE,
    secretHeaders: { Authorization: `Bearer ${key}` },
    secrets: [key],
    backoff: { initialDelayMs: 0, maxDelayMs: 0 },
    maxRetries: 1,
    failureHandler: gatewayLikeFailureHandler,
    fetch: echoFetch(echo),
    hooks,
  })
}

const create = (transport: ReturnType<typeof echoClient>, extra: Partial<TransportRequest<unknown>> = {}) =>
  transport.request({
    operation: 'sessions.create',
    method: 'POST',
    path: '/payments',
    body: { amount: 500 },
    retry: 'safe',
    handleResponse: jsonResponseHandler(z.object({ data: z.object({ id: z.string() }) })),
    ...extra,
  })

describe('the key never leaks from any field a provider can echo it into', () => {
  it('error.code, from a Fastaar-style error.type', async () => {
    const echo = {
      status: 400,
      body: (key: string) => JSON.stringify({ error: { type: key, message: 'bad' } }),
    }
    const error = await paymentErrorOf(create(echoClient(KEY, echo)))
    expect(error.code).toBe('[redacted]')
    expect(everyView(error)).not.toContain(KEY)
  })

  it('error.requestId and the onResponse requestId, from a request-id header', async () => {
    const seen: unknown[] = []
    const echo = {
      status: 404,
      body: () => JSON.stringify({ message: 'no such payment' }),
      headers: (key: string) => ({ 'x-request-id': `req_${key}` }),
    }
    const error = await paymentErrorOf(
      create(echoClient(KEY, echo, { onResponse: (event) => seen.push(event) })),
    )
    expect(error.requestId).toBe('req_[redacted]')
    expect(everyView(error)).not.toContain(KEY)
    expect(inspect(seen, { depth: 20 })).not.toContain(KEY)
    expect(seen).toMatchObject([{ requestId: 'req_[redacted]' }])
  })

  it('validation issues: Paystar-style errors[] and Fastaar-style 422 errors, path and message', async () => {
    const paystar = {
      status: 400,
      body: (key: string) =>
        JSON.stringify({ errors: [{ field: key, message: `${key} is not valid` }, key] }),
    }
    const fastaar = {
      status: 422,
      body: (key: string) => JSON.stringify({ message: 'invalid', errors: { [key]: [`unknown ${key}`] } }),
    }
    for (const echo of [paystar, fastaar]) {
      const error = (await paymentErrorOf(create(echoClient(KEY, echo)))) as InvalidRequestError
      expect(error.issues.length).toBeGreaterThan(0)
      expect(JSON.stringify(error.issues)).toContain('[redacted]')
      expect(everyView(error)).not.toContain(KEY)
    }
  })

  it('the keys of objects inside raw', async () => {
    const echo = {
      status: 400,
      body: (key: string) => JSON.stringify({ message: 'bad', seen: { [key]: 'x' } }),
    }
    const error = await paymentErrorOf(create(echoClient(KEY, echo)))
    expect(error.raw).toEqual({ message: 'bad', seen: { '[redacted]': 'x' } })
    expect(everyView(error)).not.toContain(KEY)
  })

  it.each([
    ['a double quote', 'sk_live_"quoted"_7f3a'],
    ['a backslash', 'sk_live_back\\slash_7f3a'],
    ['a control character', 'sk_live_tab\there'],
  ])('a key containing %s, echoed JSON-escaped', async (_name, key) => {
    // Echoed in raw only: the old presence check looked for the key in JSON.stringify(raw), where it is escaped.
    const echo = {
      status: 401,
      body: (k: string) => JSON.stringify({ message: 'invalid key', sent: { key: k } }),
    }
    const error = await paymentErrorOf(create(echoClient(key, echo)))
    expect(error.message).toBe('fastaar: invalid key (HTTP 401)')
    expect(error.raw).toEqual({ message: 'invalid key', sent: { key: '[redacted]' } })
    expect(everyView(error)).not.toContain(key)
    expect(everyView(error)).not.toContain(JSON.stringify(key).slice(1, -1))
  })

  it('a key echoed with every character \\u-escaped', async () => {
    const escaped = (key: string) =>
      [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
    const echo = {
      status: 400,
      body: (key: string) => `{"message":"bad key ${escaped(key)}","${escaped(key)}":1}`,
    }
    const error = await paymentErrorOf(create(echoClient(KEY, echo)))
    expect(error.message).toBe('fastaar: bad key [redacted] (HTTP 400)')
    expect(everyView(error)).not.toContain(KEY)
  })

  it('the cause of a network error, whose text a custom fetch may fill with the request', async () => {
    const transport = createTransport({
      provider: 'fastaar',
      baseUrl: ECHO_BASE,
      secretHeaders: { Authorization: `Bearer ${KEY}` },
      secrets: [KEY],
      maxRetries: 0,
      fetch: async () => {
        throw Object.assign(new TypeError(`proxy refused: Authorization: Bearer ${KEY}`), {
          code: `E_${KEY}`,
        })
      },
    })
    const error = await paymentErrorOf(create(transport as ReturnType<typeof echoClient>))
    expect(error.code).toBe('network_error')
    expect(everyView(error)).not.toContain(KEY)
  })

  it('the error handed to onRetry', async () => {
    const views: string[] = []
    const echo = {
      status: 503,
      body: (key: string) => JSON.stringify({ error: { type: key, message: key } }),
    }
    await paymentErrorOf(
      create(echoClient(KEY, echo, { onRetry: (event) => views.push(everyView(event.error)) })),
    )
    expect(views).toHaveLength(1)
    expect(views[0]).not.toContain(KEY)
    expect(views[0]).toContain('[redacted]')
  })
})

describe('scrubbing never mangles text', () => {
  it("a 1-character key is scrubbed from the provider's words only, once", async () => {
    const echo = { status: 400, body: () => JSON.stringify({ message: 'bad text' }) }
    const error = await paymentErrorOf(create(echoClient('t', echo)))
    // paymux's own words ("fastaar", "create") are not the provider's echo.
    expect(error.message).toBe('fastaar: bad [redacted]ex[redacted] (HTTP 400)')
  })

  it('an error scrubbed once is not scrubbed again after a retry that followed a lost answer', async () => {
    let calls = 0
    const fetch: typeof globalThis.fetch = async () => {
      calls++
      if (calls === 1) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })
      return new Response(JSON.stringify({ message: 'text' }), { status: 400 })
    }
    const transport = createTransport({
      provider: 'fastaar',
      baseUrl: ECHO_BASE,
      secretHeaders: { Authorization: 'Bearer t' },
      secrets: ['t'],
      backoff: { initialDelayMs: 0, maxDelayMs: 0 },
      fetch,
    })
    const error = await paymentErrorOf(create(transport as ReturnType<typeof echoClient>))
    expect(calls).toBe(2)
    expect(error.message).toBe('fastaar: [redacted]ex[redacted] (HTTP 400)')
  })
})

describe('a deeply nested answer', () => {
  it.each([5_000, 100_000])('a 500 nested %i levels deep is ProviderUnavailableError', async (depth) => {
    const body = (key: string) => `${'{"a":['.repeat(depth)}"${key}"${']}'.repeat(depth)}`
    const error = await paymentErrorOf(create(echoClient(KEY, { status: 500, body }), { retry: 'never' }))
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ httpStatus: 500, outcome: 'unknown', retryable: false })
    expect(everyView(error)).not.toContain(KEY)
  })

  it('a 200 nested 100,000 levels deep is an UnexpectedResponseError', async () => {
    const depth = 100_000
    const body = (key: string) => `${'['.repeat(depth)}"${key}"${']'.repeat(depth)}`
    const error = await paymentErrorOf(create(echoClient(KEY, { status: 200, body })))
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect(everyView(error)).not.toContain(KEY)
  })
})
