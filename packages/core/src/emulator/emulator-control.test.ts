import { request as httpRequest } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createEmulatorClock } from './emulator-clock.js'
import { createEmulatorControl, redactUrl } from './emulator-control.js'
import { createFaultInjector } from './emulator-faults.js'
import type { Emulator } from './emulator-interface.js'
import { asFetch, type ServedFetchHandler, serveEmulator, serveFetchHandler } from './emulator-server.js'
import { createWebhookOutbox, type EmulatorWebhookSettings } from './emulator-webhooks.js'

// A stand-in emulator whose signer puts its secret where Paystar may: in a header and in the URL's query.
const SECRET = 'shh-control-secret-9'
const PORT = 4321
const HOST = `127.0.0.1:${PORT}`

function stubEmulator(settings: EmulatorWebhookSettings = {}): Emulator {
  const clock = createEmulatorClock({ frozen: true })
  const webhooks = createWebhookOutbox({
    provider: 'paystar',
    clock,
    settings,
    defaultSecret: SECRET,
    sign: ({ secret, url }) => ({
      headers: { 'x-shared-secret': secret },
      url: url === '' ? url : `${url}?key=${secret}`,
    }),
  })
  const handler = async () => new Response('emulator page')
  const triggers = ['Payment.Succeeded', 'AutoPay.Enrolled']
  let n = 0
  return {
    provider: 'paystar',
    handler,
    fetch: asFetch(handler, { clock }),
    clock,
    faults: createFaultInjector(),
    webhooks,
    requestCount: () => 0,
    async advance(ms) {
      clock.advance(ms)
      await webhooks.settle()
    },
    triggers,
    async trigger(event) {
      if (!triggers.includes(event))
        throw new TypeError(`Unknown event ${event}; valid: ${triggers.join(', ')}`)
      n += 1
      const delivery = webhooks.enqueue(event, JSON.stringify({ action: event, payload: { n } }))
      await webhooks.settle()
      return [delivery]
    },
    stop: () => webhooks.stop(),
  }
}

function control(emulator: Emulator, publish?: Record<string, unknown>) {
  return createEmulatorControl(
    emulator,
    { url: `http://${HOST}`, baseUrl: `http://${HOST}`, port: PORT },
    publish === undefined ? {} : { publish },
  )
}

function get(path: string, host = HOST): Request {
  return new Request(`http://${HOST}/__paymux${path}`, { headers: { host } })
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://${HOST}/__paymux${path}`, {
    method: 'POST',
    headers: { host: HOST, 'x-paymux-control': '1', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

/** A local endpoint that records what it receives. */
const servers: ServedFetchHandler[] = []
async function receiver() {
  const received: Array<{ url: string; body: string }> = []
  const served = await serveFetchHandler(async (request) => {
    received.push({ url: request.url, body: await request.text() })
    return new Response('ok')
  })
  servers.push(served)
  return { received, url: `${served.url}/hooks` }
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((served) => served.close()))
})

/** Reads Server-Sent Events off a response until `count` have arrived. */
async function readEvents(response: Response, count: number) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  const events: Array<{ event: string; data: Record<string, unknown> }> = []
  let buffer = ''
  while (events.length < count) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += decoder.decode(value, { stream: true })
    let end = buffer.indexOf('\n\n')
    while (end !== -1) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? ''
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}') as Record<string, unknown>
      events.push({ event, data })
      end = buffer.indexOf('\n\n')
    }
  }
  return { events, reader }
}

describe('control routes: guards', () => {
  it.each([
    ['evil.example:4321', 'a rebinding name'],
    ['127.0.0.1:9999', 'another port'],
    ['0.0.0.0:4321', 'the unspecified address'],
  ])('refuses Host %s (%s) with 403 on every route', async (host) => {
    const handler = control(stubEmulator())
    for (const path of ['/info', '/deliveries', '/deliveries/stream']) {
      const response = await handler(get(path, host))
      expect(response.status).toBe(403)
      expect(await response.json()).toEqual({ error: expect.stringContaining(host) })
    }
    const refusedPost = await handler(
      new Request(`http://${HOST}/__paymux/trigger`, {
        method: 'POST',
        headers: { host, 'x-paymux-control': '1', 'content-type': 'application/json' },
        body: '{"event":"Payment.Succeeded"}',
      }),
    )
    expect(refusedPost.status).toBe(403)
  })

  it('answers on localhost and [::1] at its own port', async () => {
    const handler = control(stubEmulator())
    expect((await handler(get('/info', `localhost:${PORT}`))).status).toBe(200)
    expect((await handler(get('/info', `[::1]:${PORT}`))).status).toBe(200)
  })

  it('refuses a POST without X-Paymux-Control: 1, or not JSON, with 403 and causes nothing', async () => {
    const emulator = stubEmulator()
    const handler = control(emulator)
    const cases: Array<Record<string, string>> = [
      { 'x-paymux-control': '' },
      { 'x-paymux-control': 'true' },
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ]
    for (const headers of cases) {
      const response = await handler(post('/trigger', { event: 'Payment.Succeeded' }, headers))
      expect(response.status).toBe(403)
    }
    expect(emulator.webhooks.deliveries).toHaveLength(0)
    expect((await handler(post('/trigger', { event: 'Payment.Succeeded' }))).status).toBe(200)
    expect(emulator.webhooks.deliveries).toHaveLength(1)
  })

  it('answers 404 for an unknown route and 405 for a wrong method', async () => {
    const handler = control(stubEmulator())
    expect((await handler(get('/nope'))).status).toBe(404)
    expect((await handler(get('/trigger'))).status).toBe(405)
    expect((await handler(post('/info', {}))).status).toBe(405)
  })

  it.each([
    ['/trigger', 'not json', 'not JSON'],
    ['/trigger', '[1]', 'JSON object'],
    ['/trigger', '{}', 'Payment.Succeeded, AutoPay.Enrolled'],
    ['/trigger', '{"event":"Nope"}', 'valid: Payment.Succeeded'],
    ['/trigger', '{"event":"Payment.Succeeded","input":[]}', '"input"'],
    ['/clock', '{"advanceMs":-1}', 'advanceMs'],
    ['/clock', '{"advanceMs":"60000"}', 'advanceMs'],
    ['/targets', '{}', '"url"'],
    ['/targets', '{"url":"ftp://x"}', '"url"'],
    ['/deliveries/paystar_1/replay', '{"to":"javascript:alert(1)"}', '"to"'],
  ])('POST %s %s → 400 naming the problem', async (path, body, message) => {
    const emulator = stubEmulator()
    await emulator.trigger('Payment.Succeeded')
    const handler = control(emulator)
    const response = await handler(
      new Request(`http://${HOST}/__paymux${path}`, {
        method: 'POST',
        headers: { host: HOST, 'x-paymux-control': '1', 'content-type': 'application/json' },
        body,
      }),
    )
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toContain(message)
  })
})

describe('control routes: what they do', () => {
  it('info names the emulator, its triggers and only the published values', async () => {
    const handler = control(stubEmulator(), { webhookSecret: 'published-test-secret', keys: { apiKey: 'k' } })
    const body = (await (await handler(get('/info'))).json()) as Record<string, unknown>
    expect(body).toMatchObject({
      provider: 'paystar',
      url: `http://${HOST}`,
      baseUrl: `http://${HOST}`,
      port: PORT,
      triggers: ['Payment.Succeeded', 'AutoPay.Enrolled'],
      webhookSecret: 'published-test-secret',
      keys: { apiKey: 'k' },
    })
    expect(typeof body.now).toBe('number')
    expect(JSON.stringify(body)).not.toContain(SECRET)
  })

  it('trigger causes the event, delivers it, and answers its record without the secret', async () => {
    const { received, url } = await receiver()
    const handler = control(stubEmulator({ url }))
    const response = await handler(post('/trigger', { event: 'Payment.Succeeded' }))
    const text = await response.text()
    expect(response.status).toBe(200)
    expect(text).not.toContain(SECRET)
    const { deliveries } = JSON.parse(text) as { deliveries: Array<Record<string, unknown>> }
    expect(deliveries).toEqual([
      expect.objectContaining({
        id: 'paystar_1',
        event: 'Payment.Succeeded',
        state: 'delivered',
        url: `${url}?key=redacted`,
        body: '{"action":"Payment.Succeeded","payload":{"n":1}}',
        attempts: [expect.objectContaining({ ok: true, status: 200, url: `${url}?key=redacted` })],
      }),
    ])
    expect(deliveries[0]).not.toHaveProperty('headers')
    expect(received.map((r) => r.body)).toEqual(['{"action":"Payment.Succeeded","payload":{"n":1}}'])
  })

  it('deliveries lists every record, or those after ?after=<id>', async () => {
    const emulator = stubEmulator()
    const handler = control(emulator)
    await emulator.trigger('Payment.Succeeded')
    await emulator.trigger('AutoPay.Enrolled')
    const ids = async (path: string) =>
      ((await (await handler(get(path))).json()) as { deliveries: Array<{ id: string; state: string }> })
        .deliveries
    expect(await ids('/deliveries')).toEqual([
      expect.objectContaining({ id: 'paystar_1', state: 'unsent' }),
      expect.objectContaining({ id: 'paystar_2', state: 'unsent' }),
    ])
    expect((await ids('/deliveries?after=paystar_1')).map((d) => d.id)).toEqual(['paystar_2'])
  })

  it('replay re-sends the same body to `to` and answers the attempt; an unknown id is 404', async () => {
    const { received, url } = await receiver()
    const emulator = stubEmulator()
    const handler = control(emulator)
    const [first] = await emulator.trigger('Payment.Succeeded')
    const response = await handler(post('/deliveries/paystar_1/replay', { to: url }))
    const text = await response.text()
    expect(text).not.toContain(SECRET)
    expect(JSON.parse(text)).toMatchObject({
      attempt: { ok: true, status: 200, replay: true, url: `${url}?key=redacted` },
      ms: expect.any(Number),
      delivery: { id: 'paystar_1' },
    })
    expect(received.map((r) => r.body)).toEqual([first?.body])
    expect((await handler(post('/deliveries/paystar_9/replay', { to: url }))).status).toBe(404)
  })

  it('clock advances the emulator clock by advanceMs', async () => {
    const emulator = stubEmulator()
    const before = emulator.clock.now()
    const response = await control(emulator)(post('/clock', { advanceMs: 60_000 }))
    expect(await response.json()).toEqual({ now: before + 60_000 })
    expect(emulator.clock.now()).toBe(before + 60_000)
  })

  it('targets forwards every attempt while the stream is open, and removes the target when it closes', async () => {
    const forward = await receiver()
    const emulator = stubEmulator()
    const handler = control(emulator)
    const abort = new AbortController()
    const response = await handler(
      new Request(`http://${HOST}/__paymux/targets`, {
        method: 'POST',
        headers: { host: HOST, 'x-paymux-control': '1', 'content-type': 'application/json' },
        body: JSON.stringify({ url: forward.url }),
        signal: abort.signal,
      }),
    )
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const reading = readEvents(response, 2)
    await emulator.trigger('Payment.Succeeded')
    const { events } = await reading
    expect(events).toEqual([
      { event: 'ready', data: { provider: 'paystar', url: forward.url } },
      {
        event: 'attempt',
        data: expect.objectContaining({ id: 'paystar_1', event: 'Payment.Succeeded', ok: true, status: 200 }),
      },
    ])
    expect(forward.received).toHaveLength(1)
    abort.abort()
    await emulator.trigger('Payment.Succeeded')
    expect(forward.received).toHaveLength(1)
    expect(emulator.webhooks.get('paystar_2')?.state).toBe('unsent')
  })

  it('a cancelled targets stream removes the target too', async () => {
    const forward = await receiver()
    const emulator = stubEmulator()
    const response = await control(emulator)(post('/targets', { url: forward.url }))
    const { reader } = await readEvents(response, 1)
    await reader.cancel()
    await emulator.trigger('Payment.Succeeded')
    expect(forward.received).toHaveLength(0)
  })

  it('deliveries/stream sends each new delivery and attempt, without the secret', async () => {
    const { url } = await receiver()
    const emulator = stubEmulator({ url })
    const abort = new AbortController()
    const response = await control(emulator)(
      new Request(`http://${HOST}/__paymux/deliveries/stream`, {
        headers: { host: HOST },
        signal: abort.signal,
      }),
    )
    const reading = readEvents(response, 2)
    await emulator.trigger('AutoPay.Enrolled')
    const { events } = await reading
    expect(events.map((e) => [e.event, e.data.id, e.data.state])).toEqual([
      ['delivery', 'paystar_1', 'pending'],
      ['delivery', 'paystar_1', 'delivered'],
    ])
    expect(JSON.stringify(events)).not.toContain(SECRET)
    abort.abort()
  })
})

describe('serveEmulator({ control })', () => {
  /** A raw GET, so the test can send any Host header. */
  function rawGet(port: number, path: string, host: string) {
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const call = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
        let body = ''
        response.on('data', (chunk) => {
          body += chunk
        })
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      })
      call.on('error', reject)
      call.end()
    })
  }

  it('serves the routes over HTTP with its published values, and refuses another Host with 403', async () => {
    const served = await serveEmulator(stubEmulator(), { control: { publish: { webhookSecret: 'pub' } } })
    servers.push(served)
    const info = (await (await fetch(`${served.url}/__paymux/info`)).json()) as Record<string, unknown>
    expect(info).toMatchObject({
      provider: 'paystar',
      url: served.url,
      port: served.port,
      webhookSecret: 'pub',
    })
    expect((await rawGet(served.port, '/__paymux/info', `localhost:${served.port}`)).status).toBe(200)
    const rebound = await rawGet(served.port, '/__paymux/info', `attacker.example:${served.port}`)
    expect(rebound.status).toBe(403)
    expect((await fetch(`${served.url}/anything`)).status).toBe(200)
  })

  it('leaves /__paymux/* to the emulator without control (off by default)', async () => {
    const served = await serveEmulator(stubEmulator())
    servers.push(served)
    const response = await fetch(`${served.url}/__paymux/info`)
    expect(await response.text()).toBe('emulator page')
  })

  it('refuses control on a non-loopback hostname', async () => {
    await expect(serveEmulator(stubEmulator(), { hostname: '0.0.0.0', control: true })).rejects.toThrow(
      'control routes need a loopback hostname, got "0.0.0.0"',
    )
  })

  it('streams a forward target over HTTP and drops it when the client disconnects', async () => {
    const forward = await receiver()
    const emulator = stubEmulator()
    const served = await serveEmulator(emulator, { control: true })
    servers.push(served)
    const abort = new AbortController()
    const response = await fetch(`${served.url}/__paymux/targets`, {
      method: 'POST',
      headers: { 'x-paymux-control': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ url: forward.url }),
      signal: abort.signal,
    })
    // The target exists once 'ready' arrives; the stream then carries the attempt to it.
    const events = eventReader(response)
    expect((await events.next()).event).toBe('ready')
    await emulator.trigger('Payment.Succeeded')
    expect(await events.next()).toMatchObject({ event: 'attempt', data: { id: 'paystar_1', status: 200 } })
    abort.abort()
    await expect
      .poll(async () => {
        await emulator.trigger('Payment.Succeeded')
        return emulator.webhooks.deliveries.at(-1)?.state
      })
      .toBe('unsent')
    // Once the server saw the client go, nothing more reaches the forward endpoint.
    const count = forward.received.length
    await emulator.trigger('Payment.Succeeded')
    expect(forward.received).toHaveLength(count)
  })
})

/** Reads one Server-Sent Event at a time. */
function eventReader(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  return {
    async next(): Promise<{ event: string; data: Record<string, unknown> }> {
      let end = buffer.indexOf('\n\n')
      while (end === -1) {
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        buffer += decoder.decode(value, { stream: true })
        end = buffer.indexOf('\n\n')
      }
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      return {
        event: /^event: (.*)$/m.exec(block)?.[1] ?? '',
        data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}') as Record<string, unknown>,
      }
    },
  }
}

describe('redactUrl', () => {
  it.each([
    ['http://127.0.0.1:3000/hooks', 'http://127.0.0.1:3000/hooks'],
    ['http://127.0.0.1:3000/hooks?secret=abc&x=1', 'http://127.0.0.1:3000/hooks?secret=redacted&x=redacted'],
    ['https://user:pw@shop.example/h', 'https://shop.example/h'],
    ['', ''],
    ['not a url', '[unparsable url]'],
  ])('%s → %s', (input, output) => {
    expect(redactUrl(input)).toBe(output)
  })
})
