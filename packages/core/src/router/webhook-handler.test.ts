import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import type { WebhookEvent } from '../model/webhook-event.js'
import { createRouter } from './create-router.js'
import { fakeGateway } from './fake-gateway.test-support.js'
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

describe('createWebhookHandler with a failing event store', () => {
  it('answers 500 without calling onEvent when the store cannot record the event', async () => {
    const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
    const store = {
      add: async () => {
        throw new Error('redis down')
      },
      delete: async () => {},
    }
    const router = createRouter({ gateways: [aar.gateway], route: 'fastaar', webhooks: { store } })
    const onEvent = vi.fn()
    const onError = vi.fn()
    const handler = createWebhookHandler({ webhooks: router.webhooks, onEvent, onError })
    const response = await handler(post('good'))
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ error: 'store_failed' })
    expect(onEvent).not.toHaveBeenCalled()
    expect(onError).toHaveBeenCalledWith(new Error('redis down'))
  })
})
