import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
// The front's own waits must not be faked by a cell that fakes the global timers (the 429).
import { setTimeout as sleep } from 'node:timers/promises'
import { ConnectionDroppedError, type FetchHandler } from '@paymux/core/emulator'
import type { SocketFaultId } from './matrix-types.js'
import { createAnswerDesk, type MatrixWire, type RecordedRequest } from './matrix-wire.js'

/** After a call ended, how long the client may keep a damaged answer's connection open before the cell fails. */
export const HANG_UP_WITHIN_MS = 2_000
/** A slow body arrives one byte per this many ms. */
export const DRIBBLE_EVERY_MS = 25
/**
 * A slow body is padded (with whitespace, which JSON ignores) to at least
 * this many bytes, so that in full it would take seconds: far longer than
 * the client's per-attempt limit, and than {@link HANG_UP_WITHIN_MS}.
 */
export const SLOW_BODY_BYTES = 400
/** The size an oversized body is padded to (with whitespace, so it stays the valid answer it was). */
export const OVERSIZED_BODY_BYTES = 128 * 1024
const CHUNK_BYTES = 16 * 1024

const openServers = new Set<Server>()

/** How many servers of loopback wires are still listening: none once every cell has closed its wire. */
export function openLoopbackServers(): number {
  return openServers.size
}

/** Stops every loopback server still listening (a cell that threw before closing its wire). */
export async function closeLoopbackServers(): Promise<void> {
  await Promise.all([...openServers].map(stop))
}

interface Queued {
  readonly fault: SocketFaultId
  remaining: number
}

/**
 * The loopback wire: a node:http server on 127.0.0.1 in front of the
 * emulator's handler, reached by the gateway's default `fetch` through a
 * `baseUrl`, and a second server on another port, the "other origin" a
 * redirect points at, which records every request it receives. The front
 * passes requests to the emulator in-process, and can misbehave at the
 * socket level: redirect, dribble or cut an answer, pad it past any limit,
 * or never answer.
 */
export async function createLoopbackWire(handler: FetchHandler): Promise<MatrixWire> {
  const desk = createAnswerDesk(handler)
  const queue: Queued[] = []
  const methods: string[] = []
  const elsewhere: RecordedRequest[] = []
  // Answers the client must let go of once its call is over: dribbled, cut, never sent.
  const lingering = new Map<ServerResponse, Promise<void>>()

  const other = await listen((incoming, outgoing) => {
    elsewhere.push({
      method: incoming.method ?? '',
      url: incoming.url ?? '',
      headers: Object.fromEntries(
        Object.entries(incoming.headers).map(([name, value]) => [name, String(value)]),
      ),
    })
    incoming.resume()
    // What a hostile host would answer: a plausible success, so that a client that follows the redirect is fooled.
    outgoing.writeHead(200, { 'content-type': 'application/json' })
    outgoing.end(JSON.stringify({ success: true, data: {} }))
  })

  const take = (): SocketFaultId | undefined => {
    const entry = queue[0]
    if (entry === undefined) return undefined
    entry.remaining--
    if (entry.remaining === 0) queue.shift()
    return entry.fault
  }

  const linger = (outgoing: ServerResponse) => {
    lingering.set(
      outgoing,
      new Promise((resolve) => outgoing.once('close', resolve)).then(() => {
        lingering.delete(outgoing)
      }),
    )
  }

  const serve = async (
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    fault: SocketFaultId | undefined,
  ) => {
    const body = await readBody(incoming)
    if (body === undefined) return
    if (fault === 'redirect-elsewhere' || fault === 'redirect-loop') {
      const target = fault === 'redirect-loop' ? front.url : other.url
      return redirect(incoming, outgoing, `${target}${incoming.url ?? '/'}`)
    }
    if (fault === 'hanging') return linger(outgoing)
    let response: Response
    try {
      response = await desk.handle(toRequest(incoming, body, front.url))
    } catch (error) {
      if (!(error instanceof ConnectionDroppedError)) throw error
      incoming.socket.destroy()
      return
    }
    const bytes = Buffer.from(await response.arrayBuffer())
    if (outgoing.destroyed) return
    const headers = headersOf(response)
    if (fault === 'slow-body') {
      linger(outgoing)
      return dribble(outgoing, response.status, headers, padStart(bytes, SLOW_BODY_BYTES))
    }
    if (fault === 'cut-body') {
      linger(outgoing)
      return cut(outgoing, response.status, headers, bytes)
    }
    if (fault === 'oversized-body')
      return chunked(outgoing, response.status, headers, padStart(bytes, OVERSIZED_BODY_BYTES))
    outgoing.writeHead(response.status, { ...headers, 'content-length': String(bytes.length) })
    outgoing.end(bytes)
  }

  const dribble = async (
    outgoing: ServerResponse,
    status: number,
    headers: Record<string, string>,
    bytes: Buffer,
  ) => {
    outgoing.writeHead(status, { ...headers, 'content-length': String(bytes.length) })
    outgoing.flushHeaders()
    for (let index = 0; index < bytes.length; index++) {
      await sleep(DRIBBLE_EVERY_MS)
      if (outgoing.destroyed) return
      outgoing.write(bytes.subarray(index, index + 1))
    }
    outgoing.end()
    desk.report(
      'the client read a slow answer to its end, long after its time limit: it never cancelled the body',
    )
  }

  const front = await listen((incoming, outgoing) => {
    methods.push(incoming.method ?? '')
    const fault = take()
    serve(incoming, outgoing, fault).catch((error: unknown) => {
      desk.report(`the loopback front failed: ${String(error)}`)
      outgoing.destroy()
    })
  })

  return {
    connection: (apiPath) => ({ baseUrl: `${front.url}${apiPath}` }),
    requestCount: () => methods.length,
    async settle() {
      await desk.settle()
      await Promise.race([Promise.all(lingering.values()), sleep(HANG_UP_WITHIN_MS)])
      for (const outgoing of lingering.keys()) {
        desk.report(
          `the client still held a connection to a damaged answer ${HANG_UP_WITHIN_MS} ms after its call ended`,
        )
        outgoing.destroy()
      }
    },
    dropFieldFromNextAnswer: desk.dropFieldFromNextAnswer,
    get problem() {
      return desk.problem
    },
    sockets: {
      damage(fault, count) {
        const remaining = count === 'every' ? Number.POSITIVE_INFINITY : count
        if (!(remaining >= 1)) throw new RangeError(`count must be ≥ 1, got ${count}`)
        queue.push({ fault, remaining })
      },
      elsewhere: () => elsewhere,
      methods: () => methods,
    },
    async close() {
      await Promise.all([stop(front.server), stop(other.server)])
    },
  }
}

async function listen(
  onRequest: (incoming: IncomingMessage, outgoing: ServerResponse) => void,
): Promise<{ readonly server: Server; readonly url: string }> {
  const server = createServer(onRequest)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  openServers.add(server)
  const { port } = server.address() as AddressInfo
  return { server, url: `http://127.0.0.1:${port}` }
}

function stop(server: Server): Promise<void> {
  openServers.delete(server)
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

// `undefined` when the client gave up while still sending its request: there is nothing to answer.
async function readBody(incoming: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  try {
    for await (const chunk of incoming) chunks.push(chunk as Buffer)
  } catch {
    return undefined
  }
  return Buffer.concat(chunks)
}

function toRequest(incoming: IncomingMessage, body: Buffer, origin: string): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  const method = incoming.method ?? 'GET'
  const hasBody = method !== 'GET' && method !== 'HEAD' && body.length > 0
  return new Request(`${origin}${incoming.url ?? '/'}`, {
    method,
    headers,
    ...(hasBody ? { body: new Uint8Array(body) } : {}),
  })
}

// 302 for a GET; 307 for anything else, the status that makes a following client send the body again.
function redirect(incoming: IncomingMessage, outgoing: ServerResponse, location: string): void {
  const status = incoming.method === 'GET' ? 302 : 307
  const body = JSON.stringify({ message: 'Moved' })
  outgoing.writeHead(status, {
    location,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  })
  outgoing.end(body)
}

// The full length is announced; half is sent; then the connection is destroyed.
function cut(outgoing: ServerResponse, status: number, headers: Record<string, string>, bytes: Buffer): void {
  outgoing.writeHead(status, { ...headers, 'content-length': String(bytes.length) })
  outgoing.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => outgoing.destroy())
}

// No Content-Length: the client learns the size only by reading.
function chunked(
  outgoing: ServerResponse,
  status: number,
  headers: Record<string, string>,
  bytes: Buffer,
): void {
  outgoing.writeHead(status, headers)
  for (let start = 0; start < bytes.length && !outgoing.destroyed; start += CHUNK_BYTES) {
    outgoing.write(bytes.subarray(start, start + CHUNK_BYTES))
  }
  outgoing.end()
}

function padStart(bytes: Buffer, size: number): Buffer {
  return bytes.length >= size ? bytes : Buffer.concat([Buffer.alloc(size - bytes.length, ' '), bytes])
}

const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive'])

function headersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    if (!HOP_HEADERS.has(name)) headers[name] = value
  })
  return headers
}
