import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { InvalidRequestError, StoreUnavailableError } from '../errors/index.js'
import type { WebhookEvent } from '../model/webhook-event.js'
import { createRouter } from './create-router.js'
import { fakeGateway, testStore } from './fake-gateway.test-support.js'
import { createWebhookHandler, toNodeHandler } from './webhook-handler.js'

function setup(onEvent: (event: WebhookEvent) => void | Promise<void> = () => {}) {
  const aar = fakeGateway('fastaar', ['sessions.create', 'webhooks.verify'] as const)
  const star = fakeGateway('faststar', ['sessions.create', 'webhooks.verify'] as const)
  const router = createRouter({ gateways: [aar.gateway, star.gateway], route: 'fastaar' })
  const onError = vi.fn()
  const events = vi.fn(onEvent)
  const handler = createWebhookHandler({ webhooks: router.webhooks, onEvent: events, onError })
  return { handler, events, onError }
}

const post = (signature: string, id = 'evt_1', gateway = 'fastaar') =>
  new Request('https://shop.example/webhooks', {
    method: 'POST',
    headers: { [`x-${gateway}-signature`]: signature, 'content-type': 'application/json' },
    body: JSON.stringify({ id }),
  })

describe('createWebhookHandler', () => {
  it('hands each event to onEvent once and answers redeliveries 200 as duplicates', async () => {
    const { handler, events } = setup()
    const first = await handler(post('good'))
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ received: true })
    const again = await handler(post('good'))
    expect(await again.json()).toEqual({ received: true, duplicate: true })
    await handler(post('good', 'evt_1', 'faststar'))
    expect(events.mock.calls.map(([event]) => event.ref)).toEqual(['fastaar:evt_1', 'faststar:evt_1'])
  })

  it('tells onDuplicate of each redelivery, and a throwing onDuplicate changes nothing', async () => {
    const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
    const router = createRouter({ gateways: [aar.gateway], route: 'fastaar' })
    const duplicates: string[] = []
    const handler = createWebhookHandler({
      webhooks: router.webhooks,
      onEvent: () => {},
      onDuplicate: (event) => {
        duplicates.push(event.ref)
        throw new Error('metrics down')
      },
    })
    await handler(post('good'))
    expect(duplicates).toEqual([])
    const again = await handler(post('good'))
    expect(await again.json()).toEqual({ received: true, duplicate: true })
    expect(duplicates).toEqual(['fastaar:evt_1'])
  })

  it('answers 400 with the reason for a delivery that fails verification, and never calls onEvent', async () => {
    const { handler, events, onError } = setup()
    const response = await handler(post('forged'))
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'signature_mismatch', message: 'bad signature' })
    expect(events).not.toHaveBeenCalled()
    expect(onError).toHaveBeenCalledOnce()
  })

  it('answers 500 when onEvent throws, and handles the redelivery again', async () => {
    let failures = 1
    const { handler, events, onError } = setup(() => {
      if (failures-- > 0) throw new Error('database down')
    })
    const failed = await handler(post('good'))
    expect(failed.status).toBe(500)
    expect(await failed.json()).toEqual({ error: 'handler_failed' })
    expect(onError).toHaveBeenCalledWith(new Error('database down'))
    expect((await handler(post('good'))).status).toBe(200)
    expect(events).toHaveBeenCalledTimes(2)
  })

  it('answers 405 to anything but POST', async () => {
    const { handler } = setup()
    const response = await handler(new Request('https://shop.example/webhooks'))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })
})

describe('toNodeHandler', () => {
  async function serve(handle: ReturnType<typeof toNodeHandler>) {
    const server = createServer((req, res) => void handle(req, res))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    return { url: `http://127.0.0.1:${port}/webhooks?source=test`, close: () => server.close() }
  }

  it('serves the handler on node:http with the raw body and headers', async () => {
    const { handler, events } = setup()
    const server = await serve(toNodeHandler(handler))
    try {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'X-Fastaar-Signature': 'good' },
        body: JSON.stringify({ id: 'evt_node' }),
      })
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ received: true })
      expect(events.mock.calls[0]?.[0].ref).toBe('fastaar:evt_node')
    } finally {
      server.close()
    }
  })

  it('takes the Buffer express.raw() leaves in req.body, and refuses a parsed body', async () => {
    const { handler } = setup()
    const handle = toNodeHandler(handler)
    const written: { status?: number; body?: string } = {}
    const response = {
      statusCode: 0,
      setHeader: () => undefined,
      end(body?: string | Uint8Array) {
        written.status = this.statusCode
        written.body = typeof body === 'string' ? body : new TextDecoder().decode(body)
      },
    }
    const request = (body: unknown) => ({
      method: 'POST',
      url: '/webhooks',
      headers: { host: 'shop.example', 'x-fastaar-signature': 'good' },
      body,
      async *[Symbol.asyncIterator]() {},
    })
    await handle(request(Buffer.from(JSON.stringify({ id: 'evt_express' }))), response)
    expect(written).toEqual({ status: 200, body: '{"received":true}' })
    await handle(request({ id: 'evt_parsed' }), response)
    expect(written.status).toBe(400)
    expect(written.body).toContain('express.raw()')
  })
})

/** A handler over a router given `store`: one instance of an app, with the store's clock. */
function handlerOver(
  shared: ReturnType<typeof testStore>,
  onEvent: (event: WebhookEvent) => void | Promise<void>,
  settings: { claimTtlMs?: number; storeTimeoutMs?: number } = {},
) {
  const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
  const { storeTimeoutMs, ...webhooks } = settings
  const router = createRouter({
    gateways: [aar.gateway],
    route: 'fastaar',
    store: shared.store,
    now: shared.now,
    webhooks,
    ...(storeTimeoutMs === undefined ? {} : { storeTimeoutMs }),
  })
  const onError = vi.fn()
  const events = vi.fn(onEvent)
  const handler = createWebhookHandler({ webhooks: router.webhooks, onEvent: events, onError })
  return { handler, events, onError }
}

/** What `onError` received, as a store failure. */
function storeFailure(onError: ReturnType<typeof vi.fn>, call = 0) {
  const reported: unknown = onError.mock.calls.at(call)?.[0]
  expect(StoreUnavailableError.isInstance(reported), String(reported)).toBe(true)
  return reported as StoreUnavailableError
}

describe('createWebhookHandler with a failing store', () => {
  it('answers 500 without calling onEvent when the store cannot claim the event', async () => {
    const shared = testStore()
    shared.failing.add('acquireLease')
    const { handler, events, onError } = handlerOver(shared, () => {})
    const response = await handler(post('good'))
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ error: 'store_failed' })
    expect(events).not.toHaveBeenCalled()
    expect(storeFailure(onError)).toMatchObject({ code: 'store_unavailable', operation: 'acquireLease' })
  })

  it('answers 500 without calling onEvent when the store cannot say whether the event was handled', async () => {
    const shared = testStore()
    shared.failing.add('get')
    const { handler, events, onError } = handlerOver(shared, () => {})
    expect([(await handler(post('good'))).status, events.mock.calls.length]).toEqual([500, 0])
    expect(storeFailure(onError).operation).toBe('get')
    // The lease it took was let go: once the store answers again, the redelivery is handled at once.
    shared.failing.clear()
    expect((await handler(post('good'))).status).toBe(200)
    expect(events).toHaveBeenCalledOnce()
  })
})

describe('createWebhookHandler: an outage never loses an event', () => {
  it("when onEvent and the store's releaseLease both fail, the redelivery is not a duplicate and is handled later", async () => {
    const shared = testStore()
    let databaseDown = true
    const { handler, events, onError } = handlerOver(
      shared,
      () => {
        if (databaseDown) throw new Error('database down')
      },
      { claimTtlMs: 60_000 },
    )
    shared.failing.add('releaseLease')
    const failed = await handler(post('good'))
    expect([failed.status, await failed.json()]).toEqual([500, { error: 'handler_failed' }])
    expect(onError).toHaveBeenCalledTimes(2) // onEvent's error, then the store's
    expect(onError.mock.calls[0]?.[0]).toEqual(new Error('database down'))
    expect(storeFailure(onError, 1).operation).toBe('releaseLease')

    // The gateway redelivers at once: not "handled", so it keeps redelivering.
    const soon = await handler(post('good'))
    expect([soon.status, await soon.json()]).toEqual([409, { error: 'in_progress' }])
    shared.advance(59_999)
    expect((await handler(post('good'))).status).toBe(409)
    expect(events).toHaveBeenCalledTimes(1)

    // Later the claim has lapsed, the database is back: handled, and only then a duplicate.
    databaseDown = false
    shared.failing.clear()
    shared.advance(1)
    const handled = await handler(post('good'))
    expect([handled.status, await handled.json()]).toEqual([200, { received: true }])
    expect(events).toHaveBeenCalledTimes(2)
    expect(await (await handler(post('good'))).json()).toEqual({ received: true, duplicate: true })
    expect(events).toHaveBeenCalledTimes(2)
  })

  it('handles the redelivery even while the store still cannot release or record anything', async () => {
    const shared = testStore()
    let calls = 0
    const { handler, onError } = handlerOver(
      shared,
      () => {
        if (calls++ === 0) throw new Error('database down')
      },
      { claimTtlMs: 60_000 },
    )
    shared.failing.add('releaseLease').add('compareAndSet')
    expect((await handler(post('good'))).status).toBe(500)
    shared.advance(60_000)
    const handled = await handler(post('good'))
    expect([handled.status, await handled.json()]).toEqual([200, { received: true }])
    expect(calls).toBe(2)
    // Recording "handled" failed too: reported, never turned into a failure of a handled event.
    expect(storeFailure(onError, -1).operation).toBe('compareAndSet')
  })

  it('runs onEvent once for 100 concurrent copies of one delivery at two instances, and never answers a copy 200 before it is handled', async () => {
    let finish: () => void = () => {}
    const running = new Promise<void>((resolve) => {
      finish = resolve
    })
    const shared = testStore()
    const instances = [handlerOver(shared, () => running), handlerOver(shared, () => running)]
    const answers = Array.from({ length: 100 }, (_, i) => instances[i % 2]?.handler(post('good')))
    const events = () => instances.reduce((sum, { events }) => sum + events.mock.calls.length, 0)
    await vi.waitFor(() => expect(events()).toBe(1))
    finish()
    const statuses = await Promise.all(answers.map(async (answer) => (await answer)?.status))
    expect(statuses.filter((status) => status === 200)).toHaveLength(1)
    expect(statuses.filter((status) => status === 409)).toHaveLength(99)
    expect(events()).toBe(1)
    for (const { handler } of instances)
      expect(await (await handler(post('good'))).json()).toEqual({ received: true, duplicate: true })
  })

  it('answers 409 while another instance handles the event, and handles it once that claim lapsed (the instance died)', async () => {
    const shared = testStore()
    const dying = handlerOver(shared, () => new Promise<void>(() => {}), { claimTtlMs: 30_000 })
    const alive = handlerOver(shared, () => {}, { claimTtlMs: 30_000 })
    void dying.handler(post('good')) // its process is killed while onEvent runs: no answer, no release
    await vi.waitFor(() => expect(dying.events).toHaveBeenCalledOnce())
    const during = await alive.handler(post('good'))
    expect([during.status, await during.json()]).toEqual([409, { error: 'in_progress' }])
    shared.advance(29_999)
    expect((await alive.handler(post('good'))).status).toBe(409)
    expect(alive.events).not.toHaveBeenCalled()
    shared.advance(1)
    const after = await alive.handler(post('good'))
    expect([after.status, await after.json()]).toEqual([200, { received: true }])
    expect(alive.events).toHaveBeenCalledOnce()
    expect(await (await alive.handler(post('good'))).json()).toEqual({ received: true, duplicate: true })
  })
})

describe('createWebhookHandler: a store that misbehaves', () => {
  it.each([
    ['the string OK', 'OK'],
    ['1', 1],
    ['null', null],
    ['undefined', undefined],
    ['an object', { ok: true }],
  ])(
    'answers 500 store_failed when acquireLease() resolves to %s, without calling onEvent',
    async (_name, answer) => {
      const shared = testStore()
      shared.replace('acquireLease', async () => answer)
      const { handler, events, onError } = handlerOver(shared, () => {})
      const response = await handler(post('good'))
      expect([response.status, await response.json()]).toEqual([500, { error: 'store_failed' }])
      expect(events).not.toHaveBeenCalled()
      expect(storeFailure(onError)).toMatchObject({ code: 'store_invalid_answer', operation: 'acquireLease' })
    },
  )

  it.each([
    ['the string 1', '1'],
    ['null', null],
    ['a value without a version', { value: '1' }],
    ['true', true],
  ])('answers 500 store_failed when get() resolves to %s, without calling onEvent', async (_name, answer) => {
    const shared = testStore()
    shared.replace('get', async () => answer)
    const { handler, events, onError } = handlerOver(shared, () => {})
    const response = await handler(post('good'))
    expect([response.status, await response.json()]).toEqual([500, { error: 'store_failed' }])
    expect(events).not.toHaveBeenCalled()
    expect(storeFailure(onError)).toMatchObject({ code: 'store_invalid_answer', operation: 'get' })
  })

  it('answers 500 store_failed when the store never settles, after storeTimeoutMs', async () => {
    const shared = testStore()
    shared.replace('acquireLease', () => new Promise<boolean>(() => {}))
    const { handler, events, onError } = handlerOver(shared, () => {}, { storeTimeoutMs: 10 })
    const started = performance.now()
    const response = await handler(post('good'))
    expect([response.status, await response.json()]).toEqual([500, { error: 'store_failed' }])
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(events).not.toHaveBeenCalled()
    const reported = storeFailure(onError)
    expect(reported.code).toBe('store_timeout')
    expect(reported.message).toContain('storeTimeoutMs')
  })

  it('still answers when releasing a failed event hangs: 500 handler_failed after the store timeout', async () => {
    const shared = testStore()
    shared.replace('releaseLease', () => new Promise<boolean>(() => {}))
    const { handler, onError } = handlerOver(
      shared,
      () => {
        throw new Error('boom')
      },
      { storeTimeoutMs: 10 },
    )
    expect(await (await handler(post('good'))).json()).toEqual({ error: 'handler_failed' })
    expect(storeFailure(onError, 1).code).toBe('store_timeout')
  })

  it('still answers 200 when recording a handled event hangs, after the store timeout', async () => {
    const shared = testStore()
    shared.replace('compareAndSet', () => new Promise<number>(() => {}))
    const { handler, events, onError } = handlerOver(shared, () => {}, { storeTimeoutMs: 10 })
    expect(await (await handler(post('good'))).json()).toEqual({ received: true })
    expect(events).toHaveBeenCalledOnce()
    expect(storeFailure(onError)).toMatchObject({ code: 'store_timeout', operation: 'compareAndSet' })
  })
})

describe('createWebhookHandler: requests it refuses', () => {
  it.each(['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
    'answers %s with 405 and Allow: POST',
    async (method) => {
      const { handler, events } = setup()
      const response = await handler(new Request('https://shop.example/webhooks', { method }))
      expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST'])
      expect(events).not.toHaveBeenCalled()
    },
  )

  function streamOf(chunks: Uint8Array[], { failAfter }: { failAfter?: number } = {}) {
    let pulled = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (failAfter !== undefined && pulled === failAfter) {
          controller.error(new Error('socket hang up'))
          return
        }
        const chunk = chunks[pulled++]
        if (chunk === undefined) controller.close()
        else controller.enqueue(chunk)
      },
    })
    return { stream, pulled: () => pulled }
  }

  function streamed(body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
    return new Request('https://shop.example/webhooks', {
      method: 'POST',
      headers: { 'x-fastaar-signature': 'good', ...headers },
      body,
      duplex: 'half',
    } as RequestInit)
  }

  it('answers 413 past maxBodyBytes, and stops reading there', async () => {
    const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
    const router = createRouter({ gateways: [aar.gateway], route: 'fastaar' })
    const onEvent = vi.fn()
    const handler = createWebhookHandler({ webhooks: router.webhooks, onEvent, maxBodyBytes: 10 })
    expect(handler.maxBodyBytes).toBe(10)
    const body = streamOf(Array.from({ length: 1_000 }, () => new Uint8Array(4)))
    const response = await handler(streamed(body.stream))
    expect([response.status, await response.json()]).toEqual([
      413,
      { error: 'payload_too_large', message: 'the body is larger than 10 bytes.' },
    ])
    expect(body.pulled()).toBeLessThan(10)
    // A Content-Length past the limit is refused before a byte is read.
    const declared = streamOf([new Uint8Array(4)])
    const early = await handler(streamed(declared.stream, { 'content-length': '11' }))
    expect(early.status).toBe(413)
    expect(declared.pulled()).toBe(0)
    // Exactly at the limit is read and verified.
    const atLimit = await handler(post('good', 'e')) // {"id":"e"}: 10 bytes
    expect(atLimit.status).toBe(200)
    expect(onEvent).toHaveBeenCalledOnce()
  })

  it('limits the body to 1 MiB by default', async () => {
    const { handler } = setup()
    expect(handler.maxBodyBytes).toBe(1_048_576)
    const body = streamOf(Array.from({ length: 20 }, () => new Uint8Array(65_536)))
    expect((await handler(streamed(body.stream))).status).toBe(413)
    expect(body.pulled()).toBeLessThanOrEqual(17)
  })

  it('answers 400 invalid_body when the body breaks off, without calling onEvent', async () => {
    const { handler, events, onError } = setup()
    const body = streamOf([new TextEncoder().encode('{"id":')], { failAfter: 1 })
    const response = await handler(streamed(body.stream))
    expect(response.status).toBe(400)
    expect((await response.json()).error).toBe('invalid_body')
    expect(events).not.toHaveBeenCalled()
    expect(onError).toHaveBeenCalledWith(new Error('socket hang up'))
  })

  it('answers 500 instead of rejecting when something unexpected throws', async () => {
    const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
    const router = createRouter({ gateways: [aar.gateway], route: 'fastaar' })
    const onError = vi.fn()
    const handler = createWebhookHandler({
      // A facet of someone's own, missing a method the handler needs only once onEvent failed.
      webhooks: { ...router.webhooks, release: undefined as never },
      onEvent: () => {
        throw new Error('boom')
      },
      onError,
    })
    const response = await handler(post('good'))
    expect([response.status, await response.json()]).toEqual([500, { error: 'internal_error' }])
  })
})

describe('createWebhookHandler and toNodeHandler: settings', () => {
  const badSizes: unknown[] = [0, -1, 1.5, '1mb', Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, null]

  it.each(badSizes)('refuses maxBodyBytes %s, naming it', (maxBodyBytes) => {
    const { handler } = setup()
    const router = createRouter({
      gateways: [fakeGateway('fastaar', ['webhooks.verify'] as const).gateway],
      route: 'fastaar',
    })
    for (const build of [
      () =>
        createWebhookHandler({
          webhooks: router.webhooks,
          onEvent: () => {},
          maxBodyBytes: maxBodyBytes as number,
        }),
      () => toNodeHandler(handler, { maxBodyBytes: maxBodyBytes as number }),
    ]) {
      const error = (() => {
        try {
          build()
        } catch (caught) {
          return caught
        }
        return expect.fail('accepted')
      })()
      expect(InvalidRequestError.isInstance(error) && error.code).toBe('invalid_settings')
      expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(['maxBodyBytes'])
    }
  })

  it("refuses options without a router's webhooks or an onEvent", () => {
    expect(() => createWebhookHandler({} as never)).toThrow(
      /webhooks must be a router's webhooks.*onEvent must be a function/,
    )
  })

  it.each([Number.NaN, -1, 0, '72h', Number.POSITIVE_INFINITY])(
    'createRouter refuses webhooks.ttlMs %s instead of turning deduplication off',
    (ttlMs) => {
      const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
      expect(() =>
        createRouter({ gateways: [aar.gateway], route: 'fastaar', webhooks: { ttlMs: ttlMs as number } }),
      ).toThrow(/webhooks\.ttlMs must be a whole number/)
    },
  )

  it('createRouter refuses a bad webhooks.ttlMs even when no gateway of it receives webhooks', () => {
    const star = fakeGateway('faststar', ['sessions.create'] as const)
    expect(() =>
      createRouter({ gateways: [star.gateway], route: 'faststar', webhooks: { ttlMs: -1 } }),
    ).toThrow(/webhooks\.ttlMs must be a whole number/)
  })
})
