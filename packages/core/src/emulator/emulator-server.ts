import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ConnectionDroppedError, type FetchHandler } from './emulator-faults.js'

/** A running loopback server. */
export interface ServedEmulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  /** Stops the server and drops open connections. */
  close(): Promise<void>
}

/**
 * Uses a handler in-process as a client's `fetch`. A dropped connection
 * (fault injection) rejects the way Node's fetch does on a reset socket:
 * `TypeError('fetch failed')` whose `cause.code` is `'ECONNRESET'`.
 */
export function asFetch(handler: FetchHandler): typeof globalThis.fetch {
  return async (input, init) => {
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
}

/**
 * Serves a handler on a loopback port (`port: 0`, the default, picks a free
 * one). Only binds to loopback addresses unless told otherwise.
 */
export async function serveFetchHandler(
  handler: FetchHandler,
  options: { readonly port?: number; readonly hostname?: string } = {},
): Promise<ServedEmulator> {
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
    url: `http://${hostname}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
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
  const request = new Request(`http://${incoming.headers.host ?? hostname}${incoming.url ?? '/'}`, {
    method,
    headers,
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
  outgoing.end(Buffer.from(await response.arrayBuffer()))
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
