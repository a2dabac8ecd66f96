import { type FieldIssue, WebhookVerificationError } from '../errors/index.js'
import { callHook } from '../http/call-hook.js'
import type { ProviderId } from '../model/ref.js'
import { createTelemetry, type SpanNote, type Telemetry, telemetryOf } from '../telemetry/telemetry.js'
import { type TelemetryOption, telemetryIssues } from '../telemetry/telemetry-settings.js'
import { throwIfInvalid, wholeNumber } from '../validation/settings.js'
import type { RouterEvent } from './router-facets.js'
import type { RouterWebhooksFacet } from './router-webhooks.js'

/** The body limit of {@link createWebhookHandler} and {@link toNodeHandler} unless told otherwise: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576
/** The largest `maxBodyBytes` accepted: 1 GiB. */
const MAX_BODY_BYTES_LIMIT = 1_073_741_824

/**
 * Options of {@link createWebhookHandler}, for a router of gateways `P`.
 * @default P = ProviderId, any gateway
 */
export interface WebhookHandlerOptions<P extends ProviderId = ProviderId> {
  /** A router's `webhooks` (`router.webhooks`). */
  readonly webhooks: RouterWebhooksFacet<P>
  /**
   * Your code, called once per event: redeliveries of an event already handled
   * are answered 200 without calling it. If it throws, the answer is 500 and
   * the event is released, so the gateway's redelivery is handled again.
   */
  readonly onEvent: (event: RouterEvent<P>) => void | Promise<void>
  /** Names the gateway for every delivery to this handler (one URL per gateway); otherwise told by headers. */
  readonly provider?: P
  /** Sees every failure (refused deliveries, errors from `onEvent` or the store), for your logs. Never receives a secret. */
  readonly onError?: (error: unknown) => void
  /** Sees each redelivery of an event already handled (answered 200 `duplicate`), for your logs or metrics. */
  readonly onDuplicate?: (event: RouterEvent<P>) => void
  /**
   * The largest body read, in bytes (a whole number from 1 to 1 GiB): a
   * longer delivery is answered 413 and not read further. Real deliveries
   * are a few KiB. {@link toNodeHandler} enforces it too, while streaming.
   * @default 1_048_576 (1 MiB)
   */
  readonly maxBodyBytes?: number
  /**
   * A span per delivery and the `paymux.webhook.deliveries` counter (see
   * docs/guides/observability.md): `false` turns them off, settings may hand
   * in a tracer and a meter. @default the `telemetry` option of the router whose `webhooks` this is
   */
  readonly telemetry?: TelemetryOption
}

/** A webhook endpoint on the Web `Request` / `Response` types, as {@link createWebhookHandler} returns it. */
export interface WebhookHandler {
  (request: Request): Promise<Response>
  /** Its body limit, which {@link toNodeHandler} applies to the Node request before building the `Request`. */
  readonly maxBodyBytes: number
}

/**
 * A webhook endpoint on the Web `Request` / `Response` types: verify, drop
 * redeliveries, hand the event to `onEvent`, answer. Mount it in any framework
 * (Hono, Next.js route handlers, Bun, Deno directly; Node `http`, Express,
 * Fastify through {@link toNodeHandler}). It never rejects.
 *
 * Answers: 200 `{ received: true }` (with `duplicate: true` for a redelivery),
 * 400 for a delivery that fails verification or whose body cannot be read,
 * 405 for anything but POST, 409 while another copy of the event is being
 * handled, 413 past `maxBodyBytes`, 500 when `onEvent` throws or the event
 * store fails. Throws `InvalidRequestError` (`invalid_settings`) for a bad option.
 */
export function createWebhookHandler<P extends ProviderId>(
  options: WebhookHandlerOptions<P>,
): WebhookHandler {
  const maxBodyBytes = checkHandlerOptions(options)
  // Logging must not change the answer.
  const report = (error: unknown) => callHook(() => options.onError?.(error))
  const handle = deliveryHandler(options, maxBodyBytes, report)
  const answer = async (request: Request, note: DeliveryNote) => {
    try {
      return await handle(request, note)
    } catch (error) {
      report(error)
      note.outcome('failed', 'internal_error')
      return json(500, { error: 'internal_error' })
    }
  }
  const telemetry =
    options.telemetry === undefined ? telemetryOf(options.webhooks) : createTelemetry(options.telemetry)
  const handler =
    telemetry === undefined
      ? (request: Request) => answer(request, SILENT)
      : (request: Request) => traced(telemetry, (note) => answer(request, note))
  return Object.assign(handler, { maxBodyBytes })
}

/** What a delivery's span and counter record about it, as the handler finds out. */
interface DeliveryNote {
  verified(event: RouterEvent): void
  /**
   * How the delivery ended; `refusal` says why it was refused or failed (a
   * code, never a message), `gateway` which gateway refused it, when one did.
   */
  outcome(outcome: DeliveryOutcome, refusal?: string, gateway?: string): void
}

type DeliveryOutcome = 'handled' | 'duplicate' | 'refused' | 'in_progress' | 'failed'

const SILENT: DeliveryNote = { verified: () => undefined, outcome: () => undefined }

/** One delivery inside its span, `paymux.webhooks.deliver`, counted in `paymux.webhook.deliveries`. */
function traced(telemetry: Telemetry, run: (note: DeliveryNote) => Promise<Response>): Promise<Response> {
  return telemetry.span('paymux.webhooks.deliver', {}, async (span: SpanNote) => {
    let gateway: string | undefined
    let ended: { outcome: DeliveryOutcome; refusal: string | undefined } = {
      outcome: 'failed',
      refusal: undefined,
    }
    const note: DeliveryNote = {
      verified(event) {
        gateway = event.provider
        span.set({
          'paymux.gateway': event.provider,
          'paymux.webhook.event_type': event.type,
          'paymux.webhook.event_id': event.id,
          'paymux.webhook.verified': true,
        })
      },
      outcome(outcome, refusal, refusedBy) {
        ended = { outcome, refusal }
        gateway ??= refusedBy
      },
    }
    const response = await run(note)
    const { outcome, refusal } = ended
    span.set({
      'http.response.status_code': response.status,
      'paymux.webhook.outcome': outcome,
      'paymux.webhook.duplicate': outcome === 'duplicate',
      'paymux.webhook.refusal': refusal,
      ...(outcome === 'refused' || refusal === 'verification_failed'
        ? { 'paymux.webhook.verified': false }
        : {}),
      'paymux.gateway': gateway,
    })
    if (outcome === 'refused' || outcome === 'failed') span.fail(refusal ?? outcome)
    telemetry.count('paymux.webhook.deliveries', {
      'paymux.gateway': gateway,
      'paymux.webhook.outcome': outcome,
      'paymux.webhook.refusal': refusal,
    })
    return response
  })
}

function deliveryHandler<P extends ProviderId>(
  options: WebhookHandlerOptions<P>,
  maxBodyBytes: number,
  report: (error: unknown) => void,
): (request: Request, note: DeliveryNote) => Promise<Response> {
  const webhooks = options.webhooks
  const verifyOptions = options.provider === undefined ? undefined : { provider: options.provider }
  return async (request, note) => {
    if (request.method !== 'POST') {
      note.outcome('refused', 'method_not_allowed')
      return methodNotAllowed()
    }
    const body = await readWebBody(request, maxBodyBytes)
    if (body === TOO_LARGE) {
      note.outcome('refused', 'body_too_large')
      return payloadTooLarge(maxBodyBytes)
    }
    if (body instanceof Error) {
      report(body)
      note.outcome('refused', 'invalid_body')
      return json(400, { error: 'invalid_body', message: 'the request body could not be read to its end.' })
    }
    let event: RouterEvent<P>
    try {
      event = await webhooks.verify(
        { rawBody: body, headers: request.headers, url: request.url },
        verifyOptions,
      )
    } catch (error) {
      report(error)
      if (WebhookVerificationError.isInstance(error)) {
        note.outcome('refused', error.reason, error.provider === 'paymux' ? undefined : error.provider)
        return json(400, { error: error.code, message: error.message })
      }
      note.outcome('failed', 'verification_failed')
      return json(500, { error: 'verification_failed' })
    }
    note.verified(event)
    let claim: Awaited<ReturnType<RouterWebhooksFacet['claim']>>
    try {
      claim = await webhooks.claim(event)
    } catch (error) {
      // The store is down: answer 500 so the gateway delivers again once it is back.
      report(error)
      note.outcome('failed', 'store_failed')
      return json(500, { error: 'store_failed' })
    }
    if (claim === 'handled') {
      callHook(() => options.onDuplicate?.(event))
      note.outcome('duplicate')
      return json(200, { received: true, duplicate: true })
    }
    // Not 2xx: if the copy being handled fails, the gateway must still deliver again.
    if (claim === 'in_progress') {
      note.outcome('in_progress')
      return json(409, { error: 'in_progress' })
    }
    try {
      await options.onEvent(event)
    } catch (error) {
      report(error)
      // If the store cannot release the claim, the claim expires (claimTtlMs): a delay, never a loss.
      await webhooks.release(event).catch(report)
      note.outcome('failed', 'handler_failed')
      return json(500, { error: 'handler_failed' })
    }
    // Handled: a failure to record that only risks handling a late redelivery twice.
    await webhooks.complete(event).catch(report)
    note.outcome('handled')
    return json(200, { received: true })
  }
}

function checkHandlerOptions<P extends ProviderId>(options: WebhookHandlerOptions<P>): number {
  const issues: FieldIssue[] = []
  const maxBodyBytes = checkMaxBodyBytes(issues, options.maxBodyBytes)
  const webhooks = options.webhooks as Partial<RouterWebhooksFacet> | undefined
  if (typeof webhooks?.verify !== 'function' || typeof webhooks.claim !== 'function') {
    issues.push({ path: 'webhooks', message: "must be a router's webhooks (router.webhooks)" })
  }
  if (typeof options.onEvent !== 'function') issues.push({ path: 'onEvent', message: 'must be a function' })
  issues.push(...telemetryIssues(options.telemetry))
  throwIfInvalid('webhook handler options', issues)
  return maxBodyBytes
}

function checkMaxBodyBytes(issues: FieldIssue[], value: unknown): number {
  return wholeNumber(issues, 'maxBodyBytes', value, DEFAULT_MAX_BODY_BYTES, 1, MAX_BODY_BYTES_LIMIT)
}

const TOO_LARGE = Symbol('too large')

/** The body, at most `limit` bytes: `TOO_LARGE` past it (the rest is not read), the stream's error if it broke. */
async function readWebBody(request: Request, limit: number): Promise<Uint8Array | typeof TOO_LARGE | Error> {
  if (declaredLength(request.headers.get('content-length')) > limit) {
    await request.body?.cancel().catch(() => undefined)
    return TOO_LARGE
  }
  const reader = request.body?.getReader()
  if (reader === undefined) return new Uint8Array(0)
  const chunks = new ChunkList()
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      if (!chunks.push(read.value, limit)) {
        await reader.cancel().catch(() => undefined)
        return TOO_LARGE
      }
    }
  } catch (error) {
    return error instanceof Error ? error : new Error('the request body stream failed')
  }
  return chunks.bytes()
}

/** Chunks of a body and their total size. */
class ChunkList {
  private readonly chunks: Uint8Array[] = []
  private size = 0

  /** Adds a chunk; `false`, adding nothing, if the total would pass `limit`. */
  push(chunk: Uint8Array, limit: number): boolean {
    if (this.size + chunk.byteLength > limit) return false
    this.chunks.push(chunk)
    this.size += chunk.byteLength
    return true
  }

  bytes(): Uint8Array {
    const bytes = new Uint8Array(this.size)
    let offset = 0
    for (const chunk of this.chunks) {
      bytes.set(chunk, offset)
      offset += chunk.byteLength
    }
    return bytes
  }
}

/** A `Content-Length` as a number; 0 when absent or unreadable (the byte count while reading still applies). */
function declaredLength(value: string | null | undefined): number {
  return value !== null && value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : 0
}

/** The parts of Node's `IncomingMessage` the adapter reads (Express and Fastify requests have them too). */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined
  readonly url?: string | undefined
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>
  /** A body a framework already read: Express's `express.raw()` leaves a Buffer here. */
  readonly body?: unknown
  /** True once the body stream was read to its end: by a framework's parser (Fastify's), if not by the adapter. */
  readonly readableEnded?: boolean | undefined
}

/** The parts of Node's `ServerResponse` the adapter writes. */
export interface NodeResponseLike {
  statusCode: number
  setHeader(name: string, value: string): unknown
  end(body?: string | Uint8Array): unknown
  /** True once the headers went out (Node's `ServerResponse` has it): then a late failure can only cut the answer. */
  readonly headersSent?: boolean | undefined
  /** Node's `ServerResponse` has it: used to cut an answer whose body failed half-way. */
  destroy?(error?: Error): unknown
}

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /**
   * The largest body read from the socket, in bytes (a whole number from 1
   * to 1 GiB): past it the adapter stops reading and answers 413.
   * @default the handler's own `maxBodyBytes`, or 1_048_576 (1 MiB) for a handler of your own
   */
  readonly maxBodyBytes?: number
}

/**
 * Adapts a webhook handler to Node's `http` `(req, res)` signature, for
 * `node:http`, Express and Fastify. It reads the raw body itself, at most
 * `maxBodyBytes` of it (413 past that, checking `Content-Length` first and
 * counting while it streams), or takes the one `express.raw()` left in
 * `req.body`; a body a framework already parsed or consumed cannot be
 * verified and is refused with 400.
 *
 * The returned function never rejects: anything but POST is answered 405
 * without reading the body, a malformed request (a `Host` or URL that does
 * not parse) 400, a client that hangs up mid-body is let go quietly, and
 * anything unexpected 500. Throws `InvalidRequestError` (`invalid_settings`)
 * for a bad option.
 */
export function toNodeHandler(
  handler: (request: Request) => Promise<Response>,
  options: NodeHandlerOptions = {},
): (request: NodeRequestLike, response: NodeResponseLike) => Promise<void> {
  const issues: FieldIssue[] = []
  const own = (handler as Partial<WebhookHandler>).maxBodyBytes
  const maxBodyBytes = checkMaxBodyBytes(
    issues,
    options.maxBodyBytes !== undefined ? options.maxBodyBytes : own,
  )
  throwIfInvalid('toNodeHandler options', issues)
  return async (req, res) => {
    try {
      await serveNode(handler, maxBodyBytes, req, res)
    } catch {
      // Never reject: `void webhooks(req, res)` would turn a rejection into a crash.
      failQuietly(res)
    }
  }
}

async function serveNode(
  handler: (request: Request) => Promise<Response>,
  maxBodyBytes: number,
  req: NodeRequestLike,
  res: NodeResponseLike,
): Promise<void> {
  // Before reading anything: `new Request` refuses TRACE, CONNECT and TRACK, and a GET has no body to read.
  if (req.method !== 'POST') return writeResponse(res, methodNotAllowed())
  const target = parseTarget(req)
  if (target === undefined) {
    return writeResponse(
      res,
      json(400, { error: 'invalid_request', message: 'the Host header or the request URL is malformed.' }),
    )
  }
  if (declaredLength(target.headers.get('content-length')) > maxBodyBytes)
    return writeResponse(res, payloadTooLarge(maxBodyBytes), { close: true })
  const body = await readNodeBody(req, maxBodyBytes)
  if (body === ABORTED) return // The client hung up: nobody is left to answer.
  if (body === TOO_LARGE) return writeResponse(res, payloadTooLarge(maxBodyBytes), { close: true })
  if (typeof body === 'string') return writeResponse(res, json(400, { error: 'invalid_body', message: body }))
  const request = new Request(target.url, {
    method: 'POST',
    headers: target.headers,
    body: body as Uint8Array<ArrayBuffer>,
  })
  await writeResponse(res, await handler(request))
}

/** The request's URL and headers as the Web types want them, or `undefined` if they do not parse. */
function parseTarget(req: NodeRequestLike): { url: URL; headers: Headers } | undefined {
  try {
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue
      for (const item of typeof value === 'string' ? [value] : value) headers.append(name, item)
    }
    const url = new URL(req.url ?? '/', `http://${headers.get('host') ?? 'localhost'}`)
    return { url, headers }
  } catch {
    return undefined
  }
}

const ABORTED = Symbol('aborted')

const PARSED_BODY =
  'the request body was already parsed, so its raw bytes are gone: mount the webhook route with a raw body (express.raw()).'
const CONSUMED_BODY =
  "the request body was already read by the framework (Fastify's JSON parser reads it before your handler): in the webhook route's scope call removeAllContentTypeParsers() and addContentTypeParser('*', (_request, _payload, done) => done(null)), then pass request.raw."

/**
 * The raw body: a framework's `Buffer` or string, or read from the stream up
 * to `limit` bytes. A string is the reason it cannot be had (already parsed
 * or consumed); `TOO_LARGE` past the limit; `ABORTED` if the client hung up.
 */
async function readNodeBody(
  req: NodeRequestLike,
  limit: number,
): Promise<Uint8Array | string | typeof TOO_LARGE | typeof ABORTED> {
  if (req.body instanceof Uint8Array) return req.body.byteLength > limit ? TOO_LARGE : req.body
  if (typeof req.body === 'string') return checkSize(new TextEncoder().encode(req.body), limit)
  if (req.body !== undefined && req.body !== null) return PARSED_BODY
  if (req.readableEnded === true) return CONSUMED_BODY
  const chunks = new ChunkList()
  // Not `for await`: leaving that loop early destroys the socket before the 413 is written.
  // Past the limit we simply stop asking: the stream stops reading the socket (backpressure),
  // and the 413 goes out with `Connection: close`, which closes it.
  const iterator = req[Symbol.asyncIterator]()
  try {
    for (let read = await iterator.next(); read.done !== true; read = await iterator.next()) {
      const chunk = typeof read.value === 'string' ? new TextEncoder().encode(read.value) : read.value
      if (!chunks.push(chunk, limit)) return TOO_LARGE
    }
  } catch {
    return ABORTED
  }
  return chunks.bytes()
}

function checkSize(bytes: Uint8Array, limit: number): Uint8Array | typeof TOO_LARGE {
  return bytes.byteLength > limit ? TOO_LARGE : bytes
}

async function writeResponse(
  res: NodeResponseLike,
  response: Response,
  { close = false }: { close?: boolean } = {},
): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer())
  res.statusCode = response.status
  response.headers.forEach((value, name) => {
    res.setHeader(name, value)
  })
  // The rest of an oversized body is still on its way: close rather than read it to reuse the socket.
  if (close) res.setHeader('connection', 'close')
  res.end(body)
}

/** The last resort after an unexpected failure: a 500 if nothing was sent yet, else cut the answer. */
function failQuietly(res: NodeResponseLike): void {
  try {
    if (res.headersSent === true) {
      res.destroy?.()
      return
    }
    res.statusCode = 500
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ error: 'internal_error' }))
  } catch {
    // The response itself is broken (its socket is gone): there is no one left to tell.
  }
}

function methodNotAllowed(): Response {
  return json(405, { error: 'method_not_allowed' }, { allow: 'POST' })
}

function payloadTooLarge(limit: number): Response {
  return json(413, { error: 'payload_too_large', message: `the body is larger than ${limit} bytes.` })
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
}
