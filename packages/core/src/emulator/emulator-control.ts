import type { FetchHandler } from './emulator-faults.js'
import type { Emulator } from './emulator-interface.js'
import type { EmulatorDelivery, EmulatorDeliveryAttempt } from './emulator-webhooks.js'

/** Where the control routes live: in no provider's path space (`/api/v1`, `/integrations`, `/app`, `/pay` …). */
export const EMULATOR_CONTROL_PATH = '/__paymux'

/** What `serveEmulator(e, { control })` takes besides `true`. */
export interface EmulatorControlOptions {
  /**
   * Published test values `GET /__paymux/info` returns as given (the emulator's API keys, its
   * default webhook secret): only ever constants printed in the docs, never a user's secret.
   * @default {}
   */
  readonly publish?: Readonly<Record<string, unknown>>
}

/** Where the emulator is served, for `info` and the Host check. */
export interface EmulatorControlTarget {
  readonly url: string
  readonly baseUrl: string
  readonly port: number
}

/**
 * The `/__paymux/*` routes the `paymux` command drives a served emulator through: `GET info`,
 * `GET deliveries`, `GET deliveries/stream` (SSE), `POST deliveries/{id}/replay`, `POST trigger`,
 * `POST targets` (SSE, held open: a forward target for as long as the connection lives) and
 * `POST clock`. Guards: the Host must be the loopback address and port the emulator is served on
 * (against DNS rebinding), and a POST must carry `X-Paymux-Control: 1` and a JSON body (a web page
 * cannot send either cross-origin without a preflight, which these routes never answer). Answers
 * carry no headers of deliveries, no URL query values and never the webhook secret.
 */
export function createEmulatorControl(
  emulator: Emulator,
  target: EmulatorControlTarget,
  options: EmulatorControlOptions = {},
): FetchHandler {
  const hosts = new Set([`127.0.0.1:${target.port}`, `localhost:${target.port}`, `[::1]:${target.port}`])
  const scrub = scrubberOf(emulator)
  const context: RouteContext = { emulator, target, publish: options.publish ?? {}, scrub }
  return async (request) => {
    const host = request.headers.get('host') ?? new URL(request.url).host
    if (!hosts.has(host)) return problem(403, `paymux control routes answer only on loopback: Host ${host}`)
    if (request.method === 'POST') {
      if (request.headers.get('x-paymux-control') !== '1')
        return problem(403, 'A control POST needs the header X-Paymux-Control: 1')
      if (!(request.headers.get('content-type') ?? '').startsWith('application/json'))
        return problem(403, 'A control POST needs content-type: application/json')
    }
    try {
      return await route(context, request)
    } catch (error) {
      return problem(
        error instanceof TypeError || error instanceof RangeError ? 400 : 500,
        scrub(messageOf(error)),
      )
    }
  }
}

/** True for a path the control routes own. */
export function isControlPath(pathname: string): boolean {
  return pathname === EMULATOR_CONTROL_PATH || pathname.startsWith(`${EMULATOR_CONTROL_PATH}/`)
}

interface RouteContext {
  readonly emulator: Emulator
  readonly target: EmulatorControlTarget
  readonly publish: Readonly<Record<string, unknown>>
  readonly scrub: (text: string) => string
}

async function route(context: RouteContext, request: Request): Promise<Response> {
  const path = new URL(request.url).pathname.slice(EMULATOR_CONTROL_PATH.length)
  const replay = /^\/deliveries\/([^/]+)\/replay$/.exec(path)
  const key = replay === null ? path : '/deliveries/{id}/replay'
  const routes: Record<string, readonly [method: string, run: () => Promise<Response> | Response]> = {
    '/info': ['GET', () => info(context)],
    '/deliveries': ['GET', () => deliveries(context, new URL(request.url).searchParams.get('after'))],
    '/deliveries/stream': ['GET', () => deliveryStream(context, request.signal)],
    '/deliveries/{id}/replay': [
      'POST',
      async () => replayOne(context, decodeURIComponent(replay?.[1] ?? ''), await jsonBody(request)),
    ],
    '/trigger': ['POST', async () => trigger(context, await jsonBody(request))],
    '/targets': ['POST', async () => forwardTarget(context, await jsonBody(request), request.signal)],
    '/clock': ['POST', async () => advanceClock(context, await jsonBody(request))],
  }
  const found = routes[key]
  if (found === undefined) return problem(404, `No control route ${path || '/'}; see docs/cli.md`)
  if (request.method !== found[0]) return problem(405, `${EMULATOR_CONTROL_PATH}${path} takes ${found[0]}`)
  return found[1]()
}

function info({ emulator, target, publish, scrub }: RouteContext): Response {
  const own = {
    provider: emulator.provider,
    url: target.url,
    baseUrl: target.baseUrl,
    port: target.port,
    now: emulator.clock.now(),
    triggers: emulator.triggers,
    deliveries: emulator.webhooks.deliveries.length,
  }
  // The published values are test constants, deliberately returned as they are (not scrubbed).
  return json(200, { ...JSON.parse(scrub(JSON.stringify(own))), ...publish })
}

function deliveries(context: RouteContext, after: string | null): Response {
  const all = context.emulator.webhooks.deliveries
  const from = after === null ? 0 : all.findIndex((delivery) => delivery.id === after) + 1
  return safeJson(context, 200, { deliveries: all.slice(from).map(deliveryView) })
}

async function replayOne(
  context: RouteContext,
  id: string,
  body: Record<string, unknown>,
): Promise<Response> {
  const to = optionalHttpUrl(body.to, 'to')
  const delivery = context.emulator.webhooks.get(id)
  if (delivery === undefined)
    return problem(404, `No delivery ${JSON.stringify(id)} at this ${context.emulator.provider} emulator`)
  const started = performance.now()
  const attempt = await context.emulator.webhooks.replay(id, to === undefined ? {} : { url: to })
  const ms = Math.round(performance.now() - started)
  return safeJson(context, 200, { attempt: attemptView(attempt), ms, delivery: deliveryView(delivery) })
}

async function trigger(context: RouteContext, body: Record<string, unknown>): Promise<Response> {
  if (typeof body.event !== 'string' || body.event === '')
    throw new TypeError(`trigger needs "event", one of: ${context.emulator.triggers.join(', ')}`)
  if (body.input !== undefined && !isRecord(body.input))
    throw new TypeError('trigger "input" must be a JSON object')
  const produced = await context.emulator.trigger(body.event, body.input)
  return safeJson(context, 200, { deliveries: produced.map(deliveryView) })
}

async function advanceClock(context: RouteContext, body: Record<string, unknown>): Promise<Response> {
  const ms = body.advanceMs
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw new RangeError(`clock needs "advanceMs", a non-negative number of ms, got ${JSON.stringify(ms)}`)
  await context.emulator.advance(ms)
  return json(200, { now: context.emulator.clock.now() })
}

/** Every new delivery and finished attempt, as Server-Sent Events, until the client goes. */
function deliveryStream(context: RouteContext, signal: AbortSignal): Response {
  return eventStream(signal, (send) =>
    context.emulator.webhooks.subscribe((delivery) =>
      send('delivery', context.scrub(JSON.stringify(deliveryView(delivery)))),
    ),
  )
}

/** Adds `url` as a forward target while the connection lives; streams each attempt made to it. */
function forwardTarget(context: RouteContext, body: Record<string, unknown>, signal: AbortSignal): Response {
  const url = optionalHttpUrl(body.url, 'url')
  if (url === undefined) throw new TypeError('targets needs "url", the endpoint to forward to')
  const { emulator, scrub } = context
  const seen = new Map<string, number>(emulator.webhooks.deliveries.map((d) => [d.id, d.attempts.length]))
  return eventStream(signal, (send) => {
    const unsubscribe = emulator.webhooks.subscribe((delivery) => {
      const fresh = delivery.attempts.slice(seen.get(delivery.id) ?? 0)
      seen.set(delivery.id, delivery.attempts.length)
      for (const attempt of fresh.filter((a) => sameTarget(a.url, url))) {
        const ms = Math.max(0, emulator.clock.now() - attempt.at)
        send(
          'attempt',
          scrub(JSON.stringify({ id: delivery.id, event: delivery.event, ...attemptView(attempt), ms })),
        )
      }
    })
    const remove = emulator.webhooks.addTarget(url)
    send('ready', JSON.stringify({ provider: emulator.provider, url: redactUrl(url) }))
    return () => {
      remove()
      unsubscribe()
    }
  })
}

/** A text/event-stream response; `start` returns its cleanup, run once when the client leaves or cancels. */
function eventStream(
  signal: AbortSignal,
  start: (send: (event: string, data: string) => void) => () => void,
): Response {
  const encoder = new TextEncoder()
  let stop: (() => void) | undefined
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true
      const send = (event: string, data: string) => {
        if (open) controller.enqueue(encoder.encode(`event: ${event}\ndata: ${data}\n\n`))
      }
      const cleanup = start(send)
      stop = () => {
        if (!open) return
        open = false
        cleanup()
        try {
          controller.close()
        } catch {
          // Already closed by a cancel: nothing left to end.
        }
      }
      if (signal.aborted) stop()
      else signal.addEventListener('abort', () => stop?.(), { once: true })
    },
    cancel() {
      stop?.()
    },
  })
  return new Response(stream, {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' },
  })
}

/** What the control routes show of a delivery: no headers (Paystar may carry its shared secret in one). */
function deliveryView(delivery: EmulatorDelivery) {
  return {
    id: delivery.id,
    provider: delivery.provider,
    event: delivery.event,
    ...(delivery.eventId === undefined ? {} : { eventId: delivery.eventId }),
    createdAt: delivery.createdAt,
    state: delivery.state,
    url: redactUrl(delivery.url),
    nextAttemptAt: delivery.nextAttemptAt ?? null,
    body: delivery.body,
    attempts: delivery.attempts.map(attemptView),
  }
}

function attemptView(attempt: EmulatorDeliveryAttempt) {
  return {
    at: attempt.at,
    url: redactUrl(attempt.url),
    ok: attempt.ok,
    ...(attempt.status === undefined ? {} : { status: attempt.status }),
    ...(attempt.error === undefined ? {} : { error: attempt.error }),
    ...(attempt.replay === true ? { replay: true } : {}),
  }
}

/** Query values and user info go (a secret in the endpoint URL is one of Paystar's documented options). */
export function redactUrl(url: string): string {
  if (url === '') return url
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    for (const name of new Set(parsed.searchParams.keys())) parsed.searchParams.set(name, 'redacted')
    return parsed.href
  } catch {
    return '[unparsable url]'
  }
}

/** An attempt went to `target` if its URL is the target's, possibly with a query secret appended. */
function sameTarget(attemptUrl: string, target: string): boolean {
  return attemptUrl === target || attemptUrl.startsWith(`${target}?`) || attemptUrl.startsWith(`${target}&`)
}

/** Cuts the outbox's secret out of any text, in case a body or message ever carries it. */
function scrubberOf(emulator: Emulator): (text: string) => string {
  const secret = (emulator.webhooks as { readonly secret?: unknown }).secret
  if (typeof secret !== 'string' || secret === '') return (text) => text
  const escaped = JSON.stringify(secret).slice(1, -1)
  return (text) => text.split(secret).join('[redacted]').split(escaped).join('[redacted]')
}

async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text()
  if (text === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new TypeError('The control request body is not JSON')
  }
  if (!isRecord(parsed)) throw new TypeError('The control request body must be a JSON object')
  return parsed
}

function optionalHttpUrl(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string' && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol))
    return value
  throw new TypeError(`"${field}" must be an http(s) URL`)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function safeJson(context: RouteContext, status: number, body: unknown): Response {
  return new Response(context.scrub(JSON.stringify(body)), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  })
}

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } })
}

function problem(status: number, message: string): Response {
  return json(status, { error: message })
}
