import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect } from 'vitest'
import { FASTSTAR_EMULATOR_KEYS, type ServedFastStarEmulator } from './index.js'

// The setup both FastStar browser test files share: a loopback shop page and the API calls that
// make its sessions.

/** A loopback server answering every GET with `html(url)`. */
export async function htmlServer(html: (path: string) => string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) =>
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(request.url ?? '/')),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/**
 * POSTs `body` to `path` of `served` with the Direct test key, expects HTTP 200 and returns
 * the answer's `data`.
 */
export async function postApi(
  served: ServedFastStarEmulator,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${served.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': FASTSTAR_EMULATOR_KEYS.direct, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { data: Record<string, unknown> }).data
}
