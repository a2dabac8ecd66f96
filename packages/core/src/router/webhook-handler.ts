import { WebhookVerificationError } from '../errors/index.js'
import { callHook } from '../http/call-hook.js'
import type { ProviderId } from '../model/ref.js'
import type { WebhookEvent } from '../model/webhook-event.js'
import type { RouterWebhooksFacet } from './router-webhooks.js'

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** A router's `webhooks` (`router.webhooks`). */
  readonly webhooks: RouterWebhooksFacet
  /**
   * Your code, called once per event: redeliveries of an event already handled
   * are answered 200 without calling it. If it throws, the event is forgotten
   * and the answer is 500, so the gateway delivers it again later.
   */
  readonly onEvent: (event: WebhookEvent) => void | Promise<void>
  /** Names the gateway for every delivery to this handler (one URL per gateway); otherwise told by headers. */
  readonly provider?: ProviderId
  /** Sees every failure (refused deliveries, errors from `onEvent`), for your logs. Never receives a secret. */
  readonly onError?: (error: unknown) => void
  /** Sees each redelivery of an event already handled (answered 200 `duplicate`), for your logs or metrics. */
  readonly onDuplicate?: (event: WebhookEvent) => void
}

/**
 * A webhook endpoint on the Web `Request` / `Response` types: verify, drop
 * redeliveries, hand the event to `onEvent`, answer. Mount it in any framework
 * (Hono, Next.js route handlers, Bun, Deno directly; Node `http`, Express,
 * Fastify through {@link toNodeHandler}).
 *
 * Answers: 200 `{ received: true }` (with `duplicate: true` for a redelivery),
 * 400 for a delivery that fails verification (do not act on it), 405 for
 * anything but POST, 500 when `onEvent` throws or the event store fails.
 */
export function createWebhookHandler(
  options: WebhookHandlerOptions,
): (request: Request) => Promise<Response> {
  // Logging must not change the answer.
  const report = (error: unknown) => callHook(() => options.onError?.(error))
  const reportDuplicate = (event: WebhookEvent) => callHook(() => options.onDuplicate?.(event))
  const verifyOptions = options.provider === undefined ? undefined : { provider: options.provider }

  return async (request) => {
    if (request.method !== 'POST') return json(405, { error: 'method_not_allowed' }, { allow: 'POST' })
    let event: WebhookEvent
    try {
      const rawBody = new Uint8Array(await request.arrayBuffer())
      event = await options.webhooks.verify(
        { rawBody, headers: request.headers, url: request.url },
        verifyOptions,
      )
    } catch (error) {
      report(error)
      if (WebhookVerificationError.isInstance(error))
        return json(400, { error: error.code, message: error.message })
      return json(500, { error: 'verification_failed' })
    }
    try {
      if (await options.webhooks.seen(event)) {
        reportDuplicate(event)
        return json(200, { received: true, duplicate: true })
      }
    } catch (error) {
      // The store is down: answer 500 so the gateway delivers again once it is back.
      report(error)
      return json(500, { error: 'store_failed' })
    }
    try {
      await options.onEvent(event)
    } catch (error) {
      report(error)
      await options.webhooks.forget(event).catch(report)
      return json(500, { error: 'handler_failed' })
    }
    return json(200, { received: true })
  }
}

/** The parts of Node's `IncomingMessage` the adapter reads (Express and Fastify requests have them too). */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined
  readonly url?: string | undefined
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>
  /** A body a framework already read: Express's `express.raw()` leaves a Buffer here. */
  readonly body?: unknown
}

/** The parts of Node's `ServerResponse` the adapter writes. */
export interface NodeResponseLike {
  statusCode: number
  setHeader(name: string, value: string): unknown
  end(body?: string | Uint8Array): unknown
}

/**
 * Adapts a Web handler to Node's `http` `(req, res)` signature. It reads the
 * raw body itself, or takes the one `express.raw()` left in `req.body`; a body
 * already parsed to an object cannot be verified and is refused with 400.
 */
export function toNodeHandler(
  handler: (request: Request) => Promise<Response>,
): (request: NodeRequestLike, response: NodeResponseLike) => Promise<void> {
  return async (req, res) => {
    const body = await rawBodyOf(req)
    if (body === undefined) {
      writeJson(res, 400, {
        error: 'invalid_body',
        message:
          'the request body was already parsed; mount the webhook route with a raw body (express.raw()).',
      })
      return
    }
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue
      for (const item of typeof value === 'string' ? [value] : value) headers.append(name, item)
    }
    const host = headers.get('host') ?? 'localhost'
    const method = req.method ?? 'GET'
    const request = new Request(new URL(req.url ?? '/', `http://${host}`), {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: body as Uint8Array<ArrayBuffer> }),
    })
    const response = await handler(request)
    res.statusCode = response.status
    response.headers.forEach((value, name) => {
      res.setHeader(name, value)
    })
    res.end(new Uint8Array(await response.arrayBuffer()))
  }
}

async function rawBodyOf(req: NodeRequestLike): Promise<Uint8Array | undefined> {
  if (req.body instanceof Uint8Array) return req.body
  if (typeof req.body === 'string') return new TextEncoder().encode(req.body)
  if (req.body !== undefined && req.body !== null) return undefined
  const chunks: Uint8Array[] = []
  for await (const chunk of req)
    chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk)
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0))
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

function writeJson(res: NodeResponseLike, status: number, body: unknown): void {
  res.statusCode = status
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify(body))
}
