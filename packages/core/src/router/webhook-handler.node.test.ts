/**
 * `toNodeHandler` over real loopback sockets, mounted exactly as
 * docs/guides/webhooks.md shows (`void webhooks(req, res)` on node:http):
 * no request may crash the process or make the returned promise reject.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { staticImportGraph } from '../import-graph.test-support.js'
import { createRouter } from './create-router.js'
import { fakeGateway } from './fake-gateway.test-support.js'
import { createWebhookHandler, type NodeRequestLike, toNodeHandler } from './webhook-handler.js'

const MiB = 1_048_576

/** Every `unhandledRejection` and `uncaughtException` while a test runs: there must be none. */
const processFaults: unknown[] = []
const recordFault = (error: unknown) => processFaults.push(error)
beforeEach(() => {
  processFaults.length = 0
  process.on('unhandledRejection', recordFault)
  process.on('uncaughtException', recordFault)
})
afterEach(async () => {
  // Let a rejection from the last request surface before looking.
  await new Promise((resolve) => setTimeout(resolve, 20))
  process.off('unhandledRejection', recordFault)
  process.off('uncaughtException', recordFault)
  expect(processFaults).toEqual([])
})

function shop() {
  const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
  const router = createRouter({ gateways: [aar.gateway], route: 'fastaar' })
  const onEvent = vi.fn()
  return { handler: createWebhookHandler({ webhooks: router.webhooks, onEvent }), onEvent }
}

/** The guide's node:http mounting, as written there; it also notes what each request left behind. */
async function serveDocumented(handler: (request: Request) => Promise<Response>) {
  const webhooks = toNodeHandler(handler)
  const finished: { status: number; bytesRead: number }[] = []
  const server = createServer((req, res) => {
    res.on('finish', () => finished.push({ status: res.statusCode, bytesRead: req.socket.bytesRead }))
    if (req.url?.startsWith('/webhooks')) {
      void webhooks(req, res)
      return
    }
    res.statusCode = 404
    res.end()
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    port,
    finished,
    url: `http://127.0.0.1:${port}/webhooks`,
    close: () => {
      server.closeAllConnections()
      server.close()
    },
  }
}

/** Sends raw bytes and collects everything the server answers until it closes the connection. */
function rawExchange(port: number, request: string, { hangUp = false } = {}) {
  return new Promise<{ status: number | undefined; head: string; body: string }>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (data) => {
      received += data.toString('latin1')
    })
    socket.on('error', () => undefined) // a reset after the answer is fine
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n')
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]) || undefined, head, body })
    })
    socket.write(request, () => {
      if (hangUp) socket.destroy()
    })
  })
}

const goodDelivery = (url: string, id = 'evt_after') =>
  fetch(url, {
    method: 'POST',
    headers: { 'x-fastaar-signature': 'good' },
    body: JSON.stringify({ id }),
  })

describe('toNodeHandler on node:http: no request crashes the process', () => {
  it('answers TRACE with 405 and Allow: POST (new Request refuses the method)', async () => {
    const { handler, onEvent } = shop()
    const server = await serveDocumented(handler)
    try {
      const answer = await rawExchange(
        server.port,
        'TRACE /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
      )
      expect(answer.status).toBe(405)
      expect(answer.head.toLowerCase()).toContain('allow: post')
      expect(JSON.parse(answer.body)).toEqual({ error: 'method_not_allowed' })
      expect((await goodDelivery(server.url)).status).toBe(200)
      expect(onEvent).toHaveBeenCalledOnce()
    } finally {
      server.close()
    }
  })

  it.each(['GET', 'HEAD'])('answers %s with 405 without reading the body it announces', async (method) => {
    const { handler } = shop()
    const server = await serveDocumented(handler)
    try {
      // 100 000 bytes announced, 10 sent and the connection kept open: reading would wait forever.
      const answer = await new Promise<string>((resolveAnswer) => {
        const socket = connect(server.port, '127.0.0.1')
        socket.on('error', () => undefined)
        socket.on('data', (data) => {
          resolveAnswer(data.toString('latin1'))
          socket.destroy()
        })
        socket.write(
          `${method} /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n0123456789`,
        )
      })
      expect(answer).toMatch(/^HTTP\/1\.1 405/)
      expect(answer.toLowerCase()).toContain('allow: post')
    } finally {
      server.close()
    }
  })

  it.each([
    ['a space', 'a b'],
    ['a bracket', '[::1'],
    ['a percent sign', 'shop%zz.example'],
  ])('answers a Host with %s with 400 invalid_request', async (_name, host) => {
    const { handler, onEvent } = shop()
    const server = await serveDocumented(handler)
    try {
      const answer = await rawExchange(
        server.port,
        `POST /webhooks HTTP/1.1\r\nHost: ${host}\r\nX-Fastaar-Signature: good\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{"id":"e_1"}`,
      )
      expect(answer.status).toBe(400)
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_request' })
      expect(onEvent).not.toHaveBeenCalled()
      expect((await goodDelivery(server.url)).status).toBe(200)
    } finally {
      server.close()
    }
  })

  it('lets a client that hangs up mid-body go quietly, and answers the next delivery', async () => {
    const { handler, onEvent } = shop()
    const server = await serveDocumented(handler)
    try {
      const cut = await rawExchange(
        server.port,
        `POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fastaar-Signature: good\r\nContent-Length: 100000\r\n\r\n${'a'.repeat(100)}`,
        { hangUp: true },
      )
      expect(cut.status).toBeUndefined()
      const after = await goodDelivery(server.url)
      expect([after.status, await after.json()]).toEqual([200, { received: true }])
      expect(onEvent).toHaveBeenCalledOnce()
      expect(onEvent.mock.calls[0]?.[0].ref).toBe('fastaar:evt_after')
    } finally {
      server.close()
    }
  })

  it('answers 500, never a rejection, when the handler throws or returns no Response', async () => {
    const broken = [
      async () => {
        throw new Error('boom')
      },
      async () => undefined as unknown as Response,
    ]
    for (const handler of broken) {
      const server = await serveDocumented(handler)
      try {
        const response = await goodDelivery(server.url)
        expect([response.status, await response.json()]).toEqual([500, { error: 'internal_error' }])
      } finally {
        server.close()
      }
    }
  })
})

describe('toNodeHandler: body limit while streaming', () => {
  /**
   * Streams `total` bytes of an unsigned POST, 64 KiB at a time, as fast as
   * the socket takes them; stops once the server answered or closed.
   */
  async function flood(port: number, total: number, framing: 'content-length' | 'chunked') {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    let sentWhenAnswered: number | undefined
    let sent = 0
    const closed = new Promise<void>((resolveClosed) => socket.on('close', () => resolveClosed()))
    let isClosed = false
    void closed.then(() => {
      isClosed = true
    })
    socket.on('error', () => undefined) // the server closes on us: expected
    socket.on('data', (data) => {
      sentWhenAnswered ??= sent
      received += data.toString('latin1')
    })
    const header = framing === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${total}`
    socket.write(`POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\n${header}\r\n\r\n`)
    const chunk = Buffer.alloc(65_536, 0x61)
    const frame =
      framing === 'chunked' ? Buffer.concat([Buffer.from('10000\r\n'), chunk, Buffer.from('\r\n')]) : chunk
    while (!isClosed && sentWhenAnswered === undefined && sent < total) {
      sent += chunk.byteLength
      if (!socket.write(frame)) {
        await Promise.race([new Promise((drained) => socket.once('drain', drained)), closed])
      }
    }
    if (sent >= total && framing === 'chunked') socket.write('0\r\n\r\n')
    await closed
    return { received, sent, sentWhenAnswered }
  }

  it.each(['chunked', 'content-length'] as const)(
    'answers a 20 MB unsigned POST (%s) with 413 before the client finished, having read little of it',
    async (framing) => {
      const { handler, onEvent } = shop()
      const server = await serveDocumented(handler)
      const total = 20 * MiB
      try {
        const result = await flood(server.port, total, framing)
        expect(result.received).toMatch(/^HTTP\/1\.1 413/)
        expect(result.received).toContain('"error":"payload_too_large"')
        expect(result.sentWhenAnswered).toBeLessThan(total)
        // The server stopped reading: what it took off the socket is the 1 MiB limit, plus buffers.
        expect(server.finished).toHaveLength(1)
        expect(server.finished[0]?.status).toBe(413)
        expect(server.finished[0]?.bytesRead).toBeLessThan(2 * MiB)
        expect(onEvent).not.toHaveBeenCalled()
        expect((await goodDelivery(server.url)).status).toBe(200)
      } finally {
        server.close()
      }
    },
  )

  it("takes its limit from the handler's maxBodyBytes, or from its own option", async () => {
    const aar = fakeGateway('fastaar', ['webhooks.verify'] as const)
    const router = createRouter({ gateways: [aar.gateway], route: 'fastaar' })
    const small = createWebhookHandler({ webhooks: router.webhooks, onEvent: () => {}, maxBodyBytes: 16 })
    const body = JSON.stringify({ id: 'evt_longer_than_16' })
    for (const handle of [
      toNodeHandler(small),
      toNodeHandler(async () => new Response('ok'), { maxBodyBytes: 16 }),
    ]) {
      const server = createServer((req, res) => void handle(req, res)).listen(0, '127.0.0.1')
      await once(server, 'listening')
      try {
        const { port } = server.address() as AddressInfo
        const response = await fetch(`http://127.0.0.1:${port}/webhooks`, { method: 'POST', body })
        expect(response.status).toBe(413)
      } finally {
        server.closeAllConnections()
        server.close()
      }
    }
  })

  it('refuses a body express.raw() left in req.body when it is past the limit', async () => {
    const { handler } = shop()
    const handle = toNodeHandler(handler, { maxBodyBytes: 4 })
    const response = fakeResponse()
    await handle(fakeRequest({ body: Buffer.from('{"id":"e"}') }), response)
    expect(response.written.status).toBe(413)
  })
})

function fakeRequest(more: Partial<NodeRequestLike> & { method?: string } = {}): NodeRequestLike {
  return {
    method: 'POST',
    url: '/webhooks',
    headers: { host: 'shop.example', 'x-fastaar-signature': 'good' },
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
      throw new Error('the body must not be read')
    },
    ...more,
  }
}

function fakeResponse() {
  const written: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} }
  return {
    written,
    statusCode: 0,
    setHeader(name: string, value: string) {
      written.headers[name.toLowerCase()] = value
    },
    end(body?: string | Uint8Array) {
      written.status = this.statusCode
      written.body = typeof body === 'string' ? body : new TextDecoder().decode(body)
    },
  }
}

describe('toNodeHandler: requests that never become a Request', () => {
  it.each(['CONNECT', 'TRACK', 'TRACE', 'GET', 'DELETE', 'not a method'])(
    'answers %s with 405 and Allow: POST without reading the body',
    async (method) => {
      const { handler, onEvent } = shop()
      const response = fakeResponse()
      await expect(toNodeHandler(handler)(fakeRequest({ method }), response)).resolves.toBeUndefined()
      expect([response.written.status, response.written.headers.allow]).toEqual([405, 'POST'])
      expect(onEvent).not.toHaveBeenCalled()
    },
  )

  it('never rejects even when the response object itself throws', async () => {
    const { handler } = shop()
    const response = {
      statusCode: 0,
      setHeader: () => {
        throw new Error('headers already sent')
      },
      end: () => {
        throw new Error('socket gone')
      },
    }
    await expect(toNodeHandler(handler)(fakeRequest(), response)).resolves.toBeUndefined()
  })
})

describe('toNodeHandler: a body a framework already read', () => {
  const fastifyHint = /already read by the framework.*removeAllContentTypeParsers\(\).*addContentTypeParser/

  it("answers 400 invalid_body naming Fastify's fix for a request.raw whose stream Fastify consumed", async () => {
    const { handler, onEvent } = shop()
    const response = fakeResponse()
    // What Fastify's default JSON parser leaves in request.raw: no body property, the stream ended.
    await toNodeHandler(handler)(fakeRequest({ readableEnded: true }), response)
    expect(response.written.status).toBe(400)
    expect(JSON.parse(response.written.body ?? '')).toMatchObject({ error: 'invalid_body' })
    expect(response.written.body).toMatch(fastifyHint)
    expect(onEvent).not.toHaveBeenCalled()
  })

  it('says the same over a real socket when something read the stream before the adapter', async () => {
    const { handler } = shop()
    const webhooks = toNodeHandler(handler)
    // A parser in front, as Fastify's runs: it reads the whole body, then hands over the request.
    const consumeFirst = (req: IncomingMessage, then: () => void) => {
      req.on('data', () => undefined)
      req.on('end', then)
    }
    const server = createServer((req, res) => consumeFirst(req, () => void webhooks(req, res)))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const { port } = server.address() as AddressInfo
      const response = await goodDelivery(`http://127.0.0.1:${port}/webhooks`)
      expect(response.status).toBe(400)
      const body = (await response.json()) as { error: string; message: string }
      expect(body.error).toBe('invalid_body')
      expect(body.message).toMatch(fastifyHint)
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })

  it('still refuses a body Express parsed into an object, naming express.raw()', async () => {
    const { handler } = shop()
    const response = fakeResponse()
    await toNodeHandler(handler)(fakeRequest({ body: { id: 'evt_parsed' } }), response)
    expect(response.written.status).toBe(400)
    expect(response.written.body).toContain('express.raw()')
  })
})

describe('toNodeHandler in a process of its own', () => {
  const source = resolve(dirname(fileURLToPath(import.meta.url)), '..')

  /**
   * Transpiles the modules the child needs (with their relative imports) to
   * plain ESM in a temporary directory: the child is plain Node, as a user's
   * server would be, without the test runner's error handlers.
   */
  function buildChild(): string {
    const out = mkdtempSync(join(tmpdir(), 'paymux-webhook-child-'))
    const entries = ['router/webhook-handler.ts', 'router/router-webhooks.ts', 'state/memory-store.ts'].map(
      (file) => join(source, file),
    )
    const files = new Set(entries.flatMap((entry) => [...staticImportGraph(entry).keys()]))
    for (const file of files) {
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      })
      const target = join(out, relative(source, file)).replace(/\.ts$/, '.js')
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, outputText)
    }
    writeFileSync(join(out, 'package.json'), '{ "type": "module" }')
    writeFileSync(join(out, 'server.js'), CHILD_SERVER)
    return out
  }

  it('survives TRACE, a bad Host and a body cut short, then answers a good delivery', async () => {
    const dir = buildChild()
    let child: ChildProcess | undefined
    try {
      child = spawn(process.execPath, [join(dir, 'server.js')], { stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      child.stderr?.on('data', (data) => {
        stderr += data
      })
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolveExit) =>
        child?.on('exit', (code, signal) => resolveExit({ code, signal })),
      )
      const [line] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer]
      const port = Number(line.toString().trim())

      const trace = await rawExchange(
        port,
        'TRACE /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
      )
      const badHost = await rawExchange(
        port,
        'POST /webhooks HTTP/1.1\r\nHost: a b\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
      )
      await rawExchange(
        port,
        `POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n${'a'.repeat(100)}`,
        { hangUp: true },
      )
      const good = await goodDelivery(`http://127.0.0.1:${port}/webhooks`, 'evt_child')
      expect([trace.status, badHost.status, good.status]).toEqual([405, 400, 200])
      expect(await good.json()).toEqual({ received: true })
      expect(child.exitCode).toBeNull()

      child.kill('SIGTERM')
      expect(await exited).toEqual({ code: null, signal: 'SIGTERM' })
      expect(stderr).toBe('')
    } finally {
      child?.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/** The child: the guide's node:http mounting, over a router-like webhooks of one gateway that verifies nothing. */
const CHILD_SERVER = `
import { createServer } from 'node:http'
import { createRouterWebhooks } from './router/router-webhooks.js'
import { createWebhookHandler, toNodeHandler } from './router/webhook-handler.js'
import { createMemoryStore } from './state/memory-store.js'

const gateway = {
  id: 'fastaar',
  capabilities: { operations: ['webhooks.verify'] },
  webhooks: {
    recognizes: () => true,
    async verify({ rawBody }) {
      const body = JSON.parse(new TextDecoder().decode(rawBody))
      return { type: 'unknown', id: body.id, provider: 'fastaar', ref: 'fastaar:' + body.id, raw: body, data: body }
    },
  },
}
const webhooks = createRouterWebhooks({
  gateways: new Map([['fastaar', gateway]]),
  settings: undefined,
  store: createMemoryStore(),
})
const handler = createWebhookHandler({ webhooks, onEvent: () => {} })
const nodeWebhooks = toNodeHandler(handler)

const server = createServer((req, res) => {
  if (req.url?.startsWith('/webhooks')) {
    void nodeWebhooks(req, res)
    return
  }
  res.statusCode = 404
  res.end()
}).listen(0, '127.0.0.1', () => console.log(server.address().port))
`
