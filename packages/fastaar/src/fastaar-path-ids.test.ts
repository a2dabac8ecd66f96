import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRouter } from '@paymux/core'
import { BAD_PATH_IDS, invalidRequestOf } from '@paymux/core/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFastaar, type FastaarGateway } from './fastaar-gateway.js'

// Finding 7 of issue 15: `payments.retrieve('.')` sent `GET /payments/` and the
// list of other payments came back in `error.raw`. Every bad id is refused
// before any request, naming the argument; a real server on 127.0.0.1 proves
// nothing reached it (in-process fetch would never see a URL resolve).
// The bad ids are the shared BAD_PATH_IDS every gateway refuses.

type Call = (gateway: FastaarGateway, id: string) => Promise<unknown>

/** Every Fastaar method that puts an id into a URL path, and the argument a refusal names. */
const OPERATIONS: readonly (readonly [string, Call, string])[] = [
  ['sessions.retrieve', (g, id) => g.sessions.retrieve(id), 'id'],
  ['payments.retrieve', (g, id) => g.payments.retrieve(id), 'id'],
  ['payments.refund', (g, id) => g.payments.refund(id), 'id'],
  [
    'payments.refund with an amount',
    (g, id) => g.payments.refund(id, { amount: { amount: 100, currency: 'BDT' } }),
    'id',
  ],
  ['payments.listRefunds', (g, id) => g.payments.listRefunds(id), 'id'],
  ['payments.waitFor', (g, id) => g.payments.waitFor(id, { timeoutMs: 1000 }), 'id'],
  // The native client names the path id as its endpoint's template does (`/payments/:paymentId`).
  ['native.retrievePayment', (g, id) => g.native.retrievePayment({ params: { paymentId: id } }), 'paymentId'],
  [
    'native.refundPayment',
    (g, id) => g.native.refundPayment({ params: { paymentId: id }, body: {} }),
    'paymentId',
  ],
  ['native.listRefunds', (g, id) => g.native.listRefunds({ params: { paymentId: id } }), 'paymentId'],
]

let server: Server
let gateway: FastaarGateway
const received: string[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`)
    response.writeHead(404, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ error: { type: 'not_found', message: 'No such payment' } }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  gateway = createFastaar({
    apiKey: 'fk_test_path_ids',
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    maxRetries: 0,
  })
})
beforeEach(() => {
  received.length = 0
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe.each(OPERATIONS)('%s refuses a bad id before any request', (_operation, call, field) => {
  it.each(BAD_PATH_IDS)('%s', async (_name, id) => {
    const error = await invalidRequestOf(call(gateway, id as string))
    expect(received).toEqual([])
    expect(error.provider).toBe('fastaar')
    expect(error.issues.map((issue) => issue.path)).toEqual([field])
    expect(error.message).toContain(`: ${field}: `)
  })
})

describe('the loopback server', () => {
  it('does see a good id, so the refusals above are not an unreachable server', async () => {
    await expect(gateway.payments.retrieve('01jxyz...')).rejects.toMatchObject({ httpStatus: 404 })
    expect(received).toEqual(['GET /api/v1/payments/01jxyz...'])
  })
})

describe('through a router', () => {
  it.each(['fastaar:.', 'fastaar:..', 'fastaar:../payments'] as const)(
    'checks the id part of %s after the prefix is stripped',
    async (ref) => {
      const router = createRouter({ gateways: [gateway], route: 'fastaar' })
      for (const call of [() => router.payments.retrieve(ref), () => router.payments.refund(ref)]) {
        const error = await invalidRequestOf(call())
        expect(error.issues.map((issue) => issue.path)).toEqual(['id'])
      }
      expect(received).toEqual([])
    },
  )
})
