import { inspect } from 'node:util'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { isPaymentError, type PaymentError } from './errors/index.js'
import { createTransport, jsonResponseHandler, type TransportHooks } from './http/index.js'

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

async function failure(promise: Promise<unknown>): Promise<PaymentError> {
  try {
    await promise
  } catch (error) {
    if (isPaymentError(error)) return error
    throw error
  }
  throw new Error('expected a failure')
}

function everyView(value: unknown): string {
  const error = value as PaymentError
  return [
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
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
    const error = await failure(get(client()))
    expect(error.message).toContain('Invalid API key [redacted]')
    expect(everyView(error)).not.toContain(KEY)
  })

  it('from an HTML or malformed success body that echoed it', async () => {
    nock(BASE).get('/payments/1').reply(200, `<html>debug: Authorization: Bearer ${KEY}</html>`)
    expect(everyView(await failure(get(client())))).not.toContain(KEY)
    nock(BASE)
      .get('/payments/1')
      .reply(200, { data: { id: 1, echo: KEY } })
    expect(everyView(await failure(get(client())))).not.toContain(KEY)
  })

  it('from timeouts and network failures, whose causes could carry the request', async () => {
    nock(BASE).get('/payments/1').times(3).delay(200).reply(200, {})
    expect(everyView(await failure(get(client({}, 20))))).not.toContain(KEY)
    nock(BASE).get('/payments/1').times(3).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
    expect(everyView(await failure(get(client())))).not.toContain(KEY)
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
