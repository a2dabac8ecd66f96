import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EMULATOR_CLOCK_TAG, EMULATOR_CLOCKS } from '../adapter-kit/gateway-clock.js'
import type { EmulatorClock } from './emulator-clock.js'
import { createEmulatorControl, type EmulatorControlOptions, isControlPath } from './emulator-control.js'
import { ConnectionDroppedError, type FetchHandler } from './emulator-faults.js'
import type { Emulator } from './emulator-interface.js'

/** A running loopback server (what `serveFetchHandler` returns). */
export interface ServedFetchHandler {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  /** Stops the server and drops open connections. */
  close(): Promise<void>
}

/** An emulator on a loopback port (what `serveEmulator` and each `serve<X>Emulator` return). */
export interface ServedEmulator<E extends Emulator = Emulator> extends ServedFetchHandler {
  /** `http://127.0.0.1:<port>`: pages and scripts. */
  readonly url: string
  /** What `create<X>({ baseUrl })` takes: `${url}/api/v1` (FastStar, Fastaar), `url` (Paystar). */
  readonly baseUrl: string
  readonly port: number
  readonly emulator: E
  /** Settles in-flight deliveries, stops timers, closes connections, unregisters the clock. */
  close(): Promise<void>
}

/** Where `serveEmulator` listens. */
export interface ServeEmulatorOptions {
  /** @default 0 (a free port) */
  readonly port?: number
  /** @default '127.0.0.1' */
  readonly hostname?: string
  /** Appended to `url` to make `baseUrl`. @default '' */
  readonly apiPath?: string
  /**
   * Adds the `/__paymux/*` control routes the `paymux` command drives (docs/cli.md); an object
   * also publishes test values in `GET /__paymux/info`. Loopback hostnames only. @default false
   */
  readonly control?: boolean | EmulatorControlOptions
}

/**
 * Uses a handler in-process as a client's `fetch`. A dropped connection
 * (fault injection) rejects the way Node's fetch does on a reset socket:
 * `TypeError('fetch failed')` whose `cause.code` is `'ECONNRESET'`.
 * With `clock`, the function carries it (non-enumerable, under
 * `Symbol.for('paymux.emulator.clock')`), so a gateway given this fetch reads
 * the emulator's time without a `now` setting (`gatewayClock`).
 */
export function asFetch(
  handler: FetchHandler,
  options: { readonly clock?: EmulatorClock } = {},
): typeof globalThis.fetch {
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    if (request.signal.aborted) throw request.signal.reason
    try {
      return await raceAbort(handler(request), request.signal)
    } catch (error) {
      if (error instanceof ConnectionDroppedError) {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        })
      }
      throw error
    }
  }
  if (options.clock !== undefined)
    Object.defineProperty(fetch, EMULATOR_CLOCK_TAG, { value: options.clock, enumerable: false })
  return fetch
}

/**
 * Serves an emulator on a loopback port and registers its clock for the
 * served origins (`url`'s origin and `http://localhost:<port>`), so a gateway
 * created with `baseUrl: served.baseUrl` reads the emulator's time
 * (`gatewayClock`). `close()` settles in-flight deliveries, stops the
 * emulator's timers, closes the server and unregisters the clock.
 */
export async function serveEmulator<E extends Emulator>(
  emulator: E,
  options: ServeEmulatorOptions = {},
): Promise<ServedEmulator<E>> {
  let control: FetchHandler | undefined
  const handler = withControl(emulator.handler, () => control, options)
  const served = await serveFetchHandler(handler, options)
  if (options.control !== undefined && options.control !== false) {
    const target = { url: served.url, baseUrl: `${served.url}${options.apiPath ?? ''}`, port: served.port }
    control = createEmulatorControl(emulator, target, options.control === true ? {} : options.control)
  }
  const origins = [...new Set([new URL(served.url).origin, `http://localhost:${served.port}`])]
  const registry = clockRegistry()
  for (const origin of origins) registry.set(origin, emulator.clock)
  let closing: Promise<void> | undefined
  const close = async () => {
    try {
      await emulator.webhooks.settle()
      emulator.stop()
      await served.close()
    } finally {
      // Only this emulator's entries: another may have taken the port since.
      for (const origin of origins) if (registry.get(origin) === emulator.clock) registry.delete(origin)
    }
  }
  return {
    url: served.url,
    baseUrl: `${served.url}${options.apiPath ?? ''}`,
    port: served.port,
    emulator,
    // A second close() waits for the first instead of closing a closed server.
    close: () => {
      closing ??= close()
      return closing
    },
  }
}

/** The emulator's handler, with `/__paymux/*` sent to the control routes once they exist. */
function withControl(
  handler: FetchHandler,
  control: () => FetchHandler | undefined,
  options: ServeEmulatorOptions,
): FetchHandler {
  if (options.control === undefined || options.control === false) return handler
  const hostname = options.hostname ?? '127.0.0.1'
  // The routes drive the emulator: never offer them to other machines.
  if (!['127.0.0.1', 'localhost', '::1'].includes(hostname) && !/^127(\.\d{1,3}){3}$/.test(hostname))
    throw new TypeError(
      `serveEmulator: control routes need a loopback hostname, got ${JSON.stringify(hostname)}`,
    )
  return (request) => {
    const routes = control()
    return routes !== undefined && isControlPath(new URL(request.url).pathname)
      ? routes(request)
      : handler(request)
  }
}

function clockRegistry(): Map<string, EmulatorClock> {
  const holder = globalThis as { [EMULATOR_CLOCKS]?: Map<string, EmulatorClock> }
  holder[EMULATOR_CLOCKS] ??= new Map()
  return holder[EMULATOR_CLOCKS]
}

/**
 * Serves a handler on a loopback port (`port: 0`, the default, picks a free
 * one). Only binds to loopback addresses unless told otherwise.
 */
export async function serveFetchHandler(
  handler: FetchHandler,
  options: { readonly port?: number; readonly hostname?: string } = {},
): Promise<ServedFetchHandler> {
  const hostname = options.hostname ?? '127.0.0.1'
  const server = createServer((incoming, outgoing) => {
    handle(handler, incoming, outgoing, hostname).catch(() => outgoing.socket?.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, hostname, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${urlHost(hostname)}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

/** A hostname as a URL's host: an IPv6 literal (`::1`) goes in brackets, or the URL does not parse. */
function urlHost(hostname: string): string {
  return hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname
}

async function handle(
  handler: FetchHandler,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  hostname: string,
) {
  const chunks: Buffer[] = []
  for await (const chunk of incoming) chunks.push(chunk as Buffer)
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  const method = incoming.method ?? 'GET'
  const body =
    method === 'GET' || method === 'HEAD' || chunks.length === 0 ? undefined : Buffer.concat(chunks)
  // The request's signal aborts when the client leaves early, so a held-open stream (control routes) can end.
  const left = new AbortController()
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) left.abort()
  })
  const request = new Request(`http://${incoming.headers.host ?? urlHost(hostname)}${incoming.url ?? '/'}`, {
    method,
    headers,
    signal: left.signal,
    ...(body === undefined ? {} : { body }),
  })
  let response: Response
  try {
    response = await handler(request)
  } catch (error) {
    if (error instanceof ConnectionDroppedError) {
      incoming.socket.destroy()
      return
    }
    throw error
  }
  const responseHeaders: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    responseHeaders[name] = value
  })
  outgoing.writeHead(response.status, responseHeaders)
  if (response.body !== null && responseHeaders['content-type'] === 'text/event-stream') {
    await streamBody(response.body, outgoing)
    return
  }
  outgoing.end(Buffer.from(await response.arrayBuffer()))
}

/** Writes each chunk as it comes (Server-Sent Events), until the stream or the connection ends. */
async function streamBody(body: ReadableStream<Uint8Array>, outgoing: ServerResponse) {
  const reader = body.getReader()
  outgoing.once('close', () => void reader.cancel().catch(() => undefined))
  for (let part = await reader.read(); !part.done; part = await reader.read()) outgoing.write(part.value)
  outgoing.end()
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
