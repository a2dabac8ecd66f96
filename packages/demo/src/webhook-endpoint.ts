import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toNodeHandler } from '@paymux/core'

/** The shop's webhook endpoint on a loopback port: one URL for every gateway. */
export interface WebhookEndpoint {
  /** `http://127.0.0.1:<port>/webhooks`: give it to every emulator. */
  readonly url: string
  /** Puts the handler in place (the router it needs is built after the emulators, which need the URL). */
  mount(handler: (request: Request) => Promise<Response>): void
  close(): Promise<void>
}

/**
 * Starts a `node:http` server whose `POST /webhooks` runs the handler given
 * to `mount` through `toNodeHandler`, as an Express or bare Node app would.
 */
export async function startWebhookEndpoint(): Promise<WebhookEndpoint> {
  let handle: ((request: Request) => Promise<Response>) | undefined
  const node = toNodeHandler((request) =>
    handle === undefined ? Promise.resolve(new Response('not ready', { status: 503 })) : handle(request),
  )
  const server = createServer((req, res) => {
    // Routed by the raw path: `new URL` throws on some request lines, and toNodeHandler never rejects.
    if ((req.url ?? '/').split('?')[0] !== '/webhooks') {
      res.statusCode = 404
      res.end()
      return
    }
    void node(req, res)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    mount(handler) {
      handle = handler
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
