import { createHmac } from 'node:crypto'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEmulatorClock, type EmulatorClock } from './emulator-clock.js'
import { type ServedFetchHandler, serveFetchHandler } from './emulator-server.js'
import {
  createWebhookOutbox,
  type EmulatorDelivery,
  type EmulatorWebhookSettings,
  type WebhookOutbox,
  type WebhookSigner,
} from './emulator-webhooks.js'

const SECRET = 'whsec_test_secret_value'
const START = Date.UTC(2026, 5, 12, 8, 30)
const MAIN = 'https://merchant.test/webhooks'

// A FastStar-like signer: `t=<seconds>,v1=<hmac(t.body)>`.
const sign: WebhookSigner = ({ body, secret, now }) => {
  const t = Math.floor(now / 1000)
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
  return { headers: { 'x-signature': `t=${t},v1=${v1}` } }
}

/** What a merchant's verifier would do with `delivery.request`. */
function verifies(request: EmulatorDelivery['request'], secret = SECRET): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]+)$/.exec(request.headers['x-signature'] ?? '')
  if (match === null) return false
  const expected = createHmac('sha256', secret).update(`${match[1]}.${request.rawBody}`).digest('hex')
  return expected === match[2]
}

interface Received {
  readonly url: string
  readonly body: string
  readonly headers: Record<string, string>
}

/** A scripted endpoint: answers the statuses in turn (the last one repeats). */
function endpoint(...statuses: Array<number | Error | 'hang'>) {
  const received: Received[] = []
  const fetch = vi.fn(async (request: Request) => {
    received.push({
      url: request.url,
      body: await request.text(),
      headers: Object.fromEntries(request.headers),
    })
    const next = statuses.length > 1 ? statuses.shift() : statuses[0]
    if (next === 'hang') return new Promise<Response>(() => undefined)
    if (next instanceof Error) throw next
    return new Response(null, { status: next ?? 200 })
  })
  return { fetch, received }
}

let outboxes: WebhookOutbox[] = []
afterEach(() => {
  for (const outbox of outboxes) outbox.stop()
  outboxes = []
})

function outboxWith(
  settings: EmulatorWebhookSettings | undefined,
  extra: { clock?: EmulatorClock; defaultRetryDelaysMs?: readonly number[]; sign?: WebhookSigner } = {},
) {
  const clock = extra.clock ?? createEmulatorClock({ start: START, frozen: true })
  const outbox = createWebhookOutbox({
    provider: 'faststar',
    clock,
    settings,
    defaultSecret: SECRET,
    sign: extra.sign ?? sign,
    ...(extra.defaultRetryDelaysMs === undefined ? {} : { defaultRetryDelaysMs: extra.defaultRetryDelaysMs }),
  })
  outboxes.push(outbox)
  return { outbox, clock }
}

const body = (n: number) => JSON.stringify({ id: `evt_${n}`, type: 'payment.succeeded', amount: 1050 })

describe('createWebhookOutbox: auto mode', () => {
  it('starts the first attempt at once without being awaited, then records it', async () => {
    const { fetch, received } = endpoint(200)
    const { outbox } = outboxWith({ url: MAIN, fetch })
    const delivery = outbox.enqueue('payment.succeeded', body(1), { eventId: 'evt_1' })
    expect(delivery).toMatchObject({
      id: 'faststar_1',
      provider: 'faststar',
      state: 'pending',
      createdAt: START,
    })
    expect(delivery.attempts).toEqual([])
    await outbox.settle()
    expect(delivery).toMatchObject({
      state: 'delivered',
      eventId: 'evt_1',
      nextAttemptAt: undefined,
      url: MAIN,
    })
    expect(delivery.attempts).toEqual([{ at: START, url: MAIN, ok: true, status: 200 }])
    expect(received).toEqual([
      { url: MAIN, body: body(1), headers: expect.objectContaining(delivery.headers) },
    ])
    expect(received[0]?.headers['content-length']).toBeUndefined()
    expect(delivery.request).toEqual({ rawBody: body(1), headers: delivery.headers, url: MAIN })
    expect(verifies(delivery.request)).toBe(true)
  })

  it('retries a failed attempt on the emulator clock, each freshly signed, then gives up', async () => {
    const { fetch, received } = endpoint(500, new Error('boom'), 503)
    const { outbox, clock } = outboxWith({ url: MAIN, fetch, retryDelaysMs: [60_000, 300_000] })
    const delivery = outbox.enqueue('payment.succeeded', body(1))
    await outbox.settle()
    expect(delivery).toMatchObject({ state: 'pending', nextAttemptAt: START + 60_000 })
    clock.advance(59_999)
    await outbox.settle()
    expect(delivery.attempts).toHaveLength(1)
    clock.advance(1)
    await outbox.settle()
    expect(delivery.attempts.map((a) => [a.at, a.ok, a.status, a.error])).toEqual([
      [START, false, 500, undefined],
      [START + 60_000, false, undefined, 'boom'],
    ])
    expect(delivery).toMatchObject({ state: 'pending', nextAttemptAt: START + 360_000 })
    clock.set(START + 360_000)
    await outbox.settle()
    expect(delivery).toMatchObject({ state: 'failed', nextAttemptAt: undefined })
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, undefined, 503])
    // Same bytes every time; a new signature for each attempt's time.
    expect(new Set(received.map((r) => r.body))).toEqual(new Set([body(1)]))
    expect(new Set(received.map((r) => r.headers['x-signature'])).size).toBe(3)
    expect(verifies(delivery.request)).toBe(true)
    expect(delivery.headers['x-signature']).toBe(received[2]?.headers['x-signature'])
  })

  it('is delivered by the first retry that gets a 2xx, and uses the default schedule', async () => {
    const { fetch } = endpoint(502, 204)
    const { outbox, clock } = outboxWith({ url: MAIN, fetch }, { defaultRetryDelaysMs: [1000, 2000] })
    const delivery = outbox.enqueue('payment.succeeded', body(1))
    await outbox.settle()
    clock.advance(1000)
    await outbox.settle()
    expect(delivery).toMatchObject({ state: 'delivered', nextAttemptAt: undefined })
    expect(delivery.attempts.map((a) => a.status)).toEqual([502, 204])
    clock.advance(5000)
    await outbox.settle()
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('fails at once with no schedule (the default)', async () => {
    const { fetch } = endpoint(500)
    const { outbox } = outboxWith({ url: MAIN, fetch })
    const delivery = outbox.enqueue('payment.succeeded', body(1))
    await outbox.settle()
    expect(delivery).toMatchObject({ state: 'failed', nextAttemptAt: undefined })
  })

  it('fires a retry in real time, with one unref’d timer, when the clock follows real time', async () => {
    const { fetch } = endpoint(500, 200)
    const { outbox } = outboxWith({ url: MAIN, fetch, retryDelaysMs: [40] }, { clock: createEmulatorClock() })
    const delivery = outbox.enqueue('payment.succeeded', body(1))
    await outbox.settle()
    expect(delivery.state).toBe('pending')
    await vi.waitFor(() => expect(delivery.state).toBe('delivered'), { timeout: 2000, interval: 10 })
    const [first, retry] = delivery.attempts
    expect((retry?.at ?? 0) - (first?.at ?? Number.POSITIVE_INFINITY)).toBeGreaterThanOrEqual(40)
  })

  it('does not retry on real time while the clock is frozen: only advance moves it', async () => {
    const { fetch } = endpoint(500, 200)
    const { outbox, clock } = outboxWith({ url: MAIN, fetch, retryDelaysMs: [20] })
    const delivery = outbox.enqueue('payment.succeeded', body(1))
    await outbox.settle()
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(delivery.attempts).toHaveLength(1)
    clock.advance(20)
    await outbox.settle()
    expect(delivery.state).toBe('delivered')
  })

  it('keeps deliveries in event order, whatever order their attempts end in', async () => {
    let release: () => void = () => undefined
    const slow = new Promise<void>((resolve) => {
      release = resolve
    })
    const fetch = vi.fn(async (request: Request) => {
      if ((await request.text()) === body(1)) await slow
      return new Response(null, { status: 200 })
    })
    const { outbox } = outboxWith({ url: MAIN, fetch })
    outbox.enqueue('payment.succeeded', body(1))
    outbox.enqueue('payment.refunded', body(2))
    outbox.enqueue('payment.succeeded', body(3))
    await vi.waitFor(() => expect(outbox.get('faststar_2')?.state).toBe('delivered'))
    expect(outbox.get('faststar_1')?.state).toBe('pending')
    release()
    await outbox.settle()
    expect(outbox.deliveries.map((d) => [d.id, d.event, d.state])).toEqual([
      ['faststar_1', 'payment.succeeded', 'delivered'],
      ['faststar_2', 'payment.refunded', 'delivered'],
      ['faststar_3', 'payment.succeeded', 'delivered'],
    ])
    expect(outbox.ofType('payment.succeeded').map((d) => d.id)).toEqual(['faststar_1', 'faststar_3'])
    expect(outbox.ofType('payment.failed')).toEqual([])
    expect(outbox.get('faststar_4')).toBeUndefined()
  })

  it('posts through globalThis.fetch to a real loopback endpoint by default', async () => {
    const bodies: string[] = []
    let served: ServedFetchHandler | undefined
    try {
      served = await serveFetchHandler(async (request) => {
        bodies.push(await request.text())
        return new Response(null, { status: 200 })
      })
      const { outbox } = outboxWith({ url: `${served.url}/hooks` })
      const delivery = outbox.enqueue('payment.succeeded', body(1))
      await outbox.settle()
      expect(delivery.attempts).toEqual([{ at: START, url: `${served.url}/hooks`, ok: true, status: 200 }])
      expect(bodies).toEqual([body(1)])
    } finally {
      await served?.close()
    }
  })
})

describe('createWebhookOutbox: manual mode', () => {
  it('sends nothing until deliverDue(), which sends first attempts and due retries', async () => {
    const { fetch } = endpoint(500, 200)
    const { outbox, clock } = outboxWith({ url: MAIN, fetch, mode: 'manual', retryDelaysMs: [1000] })
    const delivery = outbox.enqueue('payment.succeeded', body(1))
    await outbox.settle()
    expect(fetch).not.toHaveBeenCalled()
    expect(delivery).toMatchObject({ state: 'pending', nextAttemptAt: START })
    expect(await outbox.deliverDue()).toEqual([delivery])
    expect(delivery).toMatchObject({ state: 'pending', nextAttemptAt: START + 1000 })
    clock.advance(1000)
    await outbox.settle()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(await outbox.deliverDue()).toEqual([delivery])
    expect(delivery.state).toBe('delivered')
    expect(await outbox.deliverDue()).toEqual([])
  })
})

describe('createWebhookOutbox: records without an attempt are still verifiable', () => {
  it("records 'unsent' without a target, signed at enqueue", async () => {
    const { outbox, clock } = outboxWith({ fetch: endpoint(200).fetch })
    clock.advance(5000)
    const delivery = outbox.enqueue('payment.succeeded', body(1))
    await outbox.settle()
    expect(delivery).toMatchObject({ state: 'unsent', attempts: [], nextAttemptAt: undefined, url: '' })
    expect(delivery.headers['x-signature']).toMatch(new RegExp(`^t=${(START + 5000) / 1000},`))
    expect(verifies(delivery.request)).toBe(true)
  })

  it("records 'filtered' for events outside `events`, and sends the rest", async () => {
    const { fetch, received } = endpoint(200)
    const { outbox } = outboxWith({ url: MAIN, fetch, events: ['payment.succeeded'] })
    const filtered = outbox.enqueue('payment.refunded', body(1))
    const sent = outbox.enqueue('payment.succeeded', body(2))
    await outbox.settle()
    expect(filtered).toMatchObject({ state: 'filtered', attempts: [], url: MAIN })
    expect(verifies(filtered.request)).toBe(true)
    expect(sent.state).toBe('delivered')
    expect(received.map((r) => r.body)).toEqual([body(2)])
  })

  it('sends every event when `events` is empty (SUPPLEMENT: "empty = all")', async () => {
    const { fetch } = endpoint(200)
    const { outbox } = outboxWith({ url: MAIN, fetch, events: [] })
    outbox.enqueue('payment.refunded', body(1))
    await outbox.settle()
    expect(outbox.deliveries.map((d) => d.state)).toEqual(['delivered'])
  })

  it('build() signs at clock.now() and neither records nor sends', async () => {
    const { fetch } = endpoint(200)
    const { outbox } = outboxWith({ url: MAIN, fetch })
    const built = outbox.build('payment.succeeded', body(1), { eventId: 'evt_1' })
    await outbox.settle()
    expect(built).toMatchObject({
      id: 'faststar_0',
      state: 'unsent',
      eventId: 'evt_1',
      createdAt: START,
      url: MAIN,
    })
    expect(verifies(built.request)).toBe(true)
    expect(outbox.deliveries).toEqual([])
    expect(fetch).not.toHaveBeenCalled()
    expect(outbox.enqueue('payment.succeeded', body(1)).id).toBe('faststar_1')
  })
})

describe('createWebhookOutbox: replay, targets, url', () => {
  it('replays the same bytes, freshly signed, without touching the retry schedule', async () => {
    const { fetch, received } = endpoint(500, 200)
    const { outbox, clock } = outboxWith({ url: MAIN, fetch, retryDelaysMs: [60_000] })
    const delivery = outbox.enqueue('payment.succeeded', body(1), { eventId: 'evt_1' })
    await outbox.settle()
    clock.advance(1000)
    const attempt = await outbox.replay('faststar_1')
    expect(attempt).toEqual({ at: START + 1000, url: MAIN, ok: true, status: 200, replay: true })
    expect(delivery).toMatchObject({ state: 'pending', nextAttemptAt: START + 60_000 })
    expect(received[1]?.body).toBe(received[0]?.body)
    expect(received[1]?.headers['x-signature']).not.toBe(received[0]?.headers['x-signature'])
    expect(verifies(delivery.request)).toBe(true)
    const elsewhere = await outbox.replay('faststar_1', { url: 'https://dev.test/hook' })
    expect(elsewhere).toMatchObject({ url: 'https://dev.test/hook', replay: true })
    expect(received.map((r) => [r.url, r.body])).toEqual([
      [MAIN, body(1)],
      [MAIN, body(1)],
      ['https://dev.test/hook', body(1)],
    ])
    expect(delivery.attempts).toHaveLength(3)
  })

  it('replays an unsent record to a given url, and rejects an unknown id or a missing url', async () => {
    const { fetch } = endpoint(200)
    const { outbox } = outboxWith({ fetch })
    outbox.enqueue('payment.succeeded', body(1))
    await expect(outbox.replay('faststar_9')).rejects.toThrow(/faststar_9/)
    await expect(outbox.replay('faststar_1')).rejects.toThrow(TypeError)
    await expect(outbox.replay('faststar_1', { url: MAIN })).resolves.toMatchObject({ ok: true })
    expect(outbox.get('faststar_1')?.state).toBe('unsent')
  })

  it('posts every attempt to added targets too, recorded under their url, until removed', async () => {
    const { fetch, received } = endpoint(200)
    const { outbox } = outboxWith({ url: MAIN, fetch })
    const remove = outbox.addTarget('http://localhost:3000/hook')
    const first = outbox.enqueue('payment.succeeded', body(1))
    await outbox.settle()
    expect(first.attempts.map((a) => a.url).sort()).toEqual(['http://localhost:3000/hook', MAIN])
    expect(first.url).toBe(MAIN)
    remove()
    remove()
    const second = outbox.enqueue('payment.succeeded', body(2))
    await outbox.settle()
    expect(second.attempts.map((a) => a.url)).toEqual([MAIN])
    expect(received).toHaveLength(3)
  })

  it('judges an attempt by the main url; with none, a forward target alone delivers', async () => {
    const fetch = vi.fn(
      async (request: Request) => new Response(null, { status: request.url === MAIN ? 500 : 200 }),
    )
    const { outbox } = outboxWith({ url: MAIN, fetch })
    outbox.addTarget('http://localhost:3000/hook')
    const judged = outbox.enqueue('payment.succeeded', body(1))
    await outbox.settle()
    expect(judged.state).toBe('failed')
    outbox.setUrl(undefined)
    const forwarded = outbox.enqueue('payment.succeeded', body(2))
    await outbox.settle()
    expect(forwarded).toMatchObject({ state: 'delivered', url: 'http://localhost:3000/hook' })
  })

  it('setUrl changes the endpoint for new deliveries and waiting retries', async () => {
    const { fetch, received } = endpoint(500, 200)
    const { outbox, clock } = outboxWith({ fetch, retryDelaysMs: [1000] })
    expect(outbox.enqueue('payment.succeeded', body(1)).state).toBe('unsent')
    outbox.setUrl(MAIN)
    const delivery = outbox.enqueue('payment.succeeded', body(2))
    await outbox.settle()
    outbox.setUrl('https://moved.test/hook')
    clock.advance(1000)
    await outbox.settle()
    expect(received.map((r) => r.url)).toEqual([MAIN, 'https://moved.test/hook'])
    expect(delivery).toMatchObject({ state: 'delivered', url: 'https://moved.test/hook' })
    outbox.setUrl(undefined)
    expect(outbox.enqueue('payment.succeeded', body(3)).state).toBe('unsent')
  })

  it("takes the signer's url (Paystar's query secret) as the record's and attempt's url", async () => {
    const { fetch, received } = endpoint(200)
    const querySigner: WebhookSigner = ({ url, secret }) => ({ headers: {}, url: `${url}?secret=${secret}` })
    const { outbox } = outboxWith({ url: MAIN, fetch }, { sign: querySigner })
    const delivery = outbox.enqueue('Payment.Succeeded', body(1))
    await outbox.settle()
    expect(received[0]?.url).toBe(`${MAIN}?secret=${SECRET}`)
    expect(delivery.request.url).toBe(`${MAIN}?secret=${SECRET}`)
    expect(delivery.attempts[0]?.url).toBe(`${MAIN}?secret=${SECRET}`)
  })
})

describe('createWebhookOutbox: failures never escape', () => {
  it('records a refused connection, a sync throw, a bad url and a timeout as attempts', async () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    })
    const cases: Array<[EmulatorWebhookSettings, string]> = [
      [{ url: MAIN, fetch: () => Promise.reject(refused) }, 'fetch failed: ECONNREFUSED'],
      [
        {
          url: MAIN,
          fetch: () => {
            throw new Error('sync')
          },
        },
        'sync',
      ],
      [
        { url: 'not a url', fetch: endpoint(200).fetch },
        expect.stringMatching(/^Failed to parse URL from not a url/) as never,
      ],
      [{ url: MAIN, fetch: endpoint('hang').fetch, timeoutMs: 30 }, 'timeout'],
    ]
    for (const [settings, error] of cases) {
      const { outbox } = outboxWith(settings)
      const delivery = outbox.enqueue('payment.succeeded', body(1))
      await outbox.settle()
      expect(delivery.state).toBe('failed')
      expect(delivery.attempts).toEqual([{ at: START, url: settings.url, ok: false, error }])
    }
  })

  it('never records the secret in an error', async () => {
    const { outbox } = outboxWith({
      url: MAIN,
      fetch: () => Promise.reject(new Error(`bad target ${MAIN}?secret=${SECRET}`)),
    })
    const delivery = outbox.enqueue('payment.succeeded', body(1))
    await outbox.settle()
    expect(delivery.attempts[0]?.error).toBe(`bad target ${MAIN}?secret=[redacted]`)
  })

  it('keeps delivering when a subscriber throws; subscribers see new records and finished attempts', async () => {
    const { fetch } = endpoint(200)
    const { outbox } = outboxWith({ url: MAIN, fetch })
    const seen: Array<[string, string, number]> = []
    outbox.subscribe(() => {
      throw new Error('subscriber bug')
    })
    const unsubscribe = outbox.subscribe((d) => seen.push([d.id, d.state, d.attempts.length]))
    outbox.enqueue('payment.succeeded', body(1))
    await outbox.settle()
    unsubscribe()
    outbox.enqueue('payment.succeeded', body(2))
    await outbox.settle()
    expect(seen).toEqual([
      ['faststar_1', 'pending', 0],
      ['faststar_1', 'delivered', 1],
    ])
    expect(outbox.get('faststar_2')?.state).toBe('delivered')
  })

  it('names the bad setting', () => {
    expect(() => outboxWith({ retryDelaysMs: [1000, -1] })).toThrow(/retryDelaysMs\[1\]/)
    expect(() => outboxWith({ retryDelaysMs: [Number.NaN] })).toThrow(RangeError)
    expect(() => outboxWith({ timeoutMs: 0 })).toThrow(/timeoutMs/)
  })
})

describe('createWebhookOutbox: secret and stop', () => {
  it('reads the secret from settings or the default, and keeps it out of inspect and JSON', () => {
    expect(outboxWith(undefined).outbox.secret).toBe(SECRET)
    const { outbox } = outboxWith({ secret: 'whsec_own_secret' })
    expect(outbox.secret).toBe('whsec_own_secret')
    expect(inspect(outbox, { depth: 5, showHidden: false })).not.toContain('whsec_own_secret')
    expect(JSON.stringify(outbox)).not.toContain('whsec_own_secret')
  })

  it('stop() ends clock-driven retries', async () => {
    const { fetch } = endpoint(500)
    const { outbox, clock } = outboxWith({ url: MAIN, fetch, retryDelaysMs: [1000] })
    outbox.enqueue('payment.succeeded', body(1))
    await outbox.settle()
    outbox.stop()
    clock.advance(1000)
    await outbox.settle()
    expect(fetch).toHaveBeenCalledTimes(1)
  })
})
