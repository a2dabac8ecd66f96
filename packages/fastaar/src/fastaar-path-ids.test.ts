import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRouter, InvalidRequestError } from '@paymux/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFastaar, type FastaarGateway } from './fastaar-gateway.js'

// Finding 7 of issue 15: `payments.retrieve('.')` sent `GET /payments/` and the
// list of other payments came back in `error.raw`. Every bad id is refused
// before any request, naming the argument; a real server on 127.0.0.1 proves
// nothing reached it (in-process fetch would never see a URL resolve).

const BAD_IDS: readonly (readonly [string, unknown])[] = [
  ['empty', ''],
  ['blank', '  '],
  ['the dot segment .', '.'],
  ['the dot segment ..', '..'],
  ['a slash', '01jx/yz'],
  ['a climb out', '../payments'],
  ['a backslash', '..\\payments'],
  ['a query', '01jxyz?per_page=100'],
  ['a fragment', '01jxyz#x'],
  ['a pre-encoded id', '01jx%2Eyz'],
  ['a leading space', ' 01jxyz'],
  ['a trailing newline', '01jxyz\n'],
  ['an embedded newline', '01jx\nyz'],
  ['a NUL', '01jx\u0000yz'],
  ['a DEL', '01jx\u007fyz'],
  ['a C1 control', '01jx\u0085yz'],
  ['a lone surrogate', '01jx\udc00'],
  ['a number', 42],
  ['undefined', undefined],
]

type Call = (gateway: FastaarGateway, id: string) => Promise<unknown>

/** Every Fastaar method that puts an id into a URL path. */
const OPERATIONS: readonly (readonly [string, Call])[] = [
  ['sessions.retrieve', (g, id) => g.sessions.retrieve(id)],
  ['payments.retrieve', (g, id) => g.payments.retrieve(id)],
  ['payments.refund', (g, id) => g.payments.refund(id)],
  [
    'payments.refund with an amount',
    (g, id) => g.payments.refund(id, { amount: { amount: 100, currency: 'BDT' } }),
  ],
  ['payments.listRefunds', (g, id) => g.payments.listRefunds(id)],
  ['payments.waitFor', (g, id) => g.payments.waitFor(id, { timeoutMs: 1000 })],
  ['native.retrievePayment', (g, id) => g.native.retrievePayment(id)],
  ['native.refundPayment', (g, id) => g.native.refundPayment(id, {})],
  ['native.listRefunds', (g, id) => g.native.listRefunds(id)],
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

async function refusal(promise: Promise<unknown>): Promise<InvalidRequestError> {
  const error = await promise.then(
    () => new Error('expected a refusal, but the call succeeded'),
    (reason: unknown) => reason,
  )
  if (!InvalidRequestError.isInstance(error)) throw error
  return error
}

describe.each(OPERATIONS)('%s refuses a bad id before any request', (_operation, call) => {
  it.each(BAD_IDS)('%s', async (_name, id) => {
    const error = await refusal(call(gateway, id as string))
    expect(received).toEqual([])
    expect(error.provider).toBe('fastaar')
    expect(error.issues.map((issue) => issue.path)).toEqual(['id'])
    expect(error.message).toContain(': id: ')
  })
})

describe('the loopback server', () => {
  it('does see a good id, so the refusals above are not an unreachable server', async () => {
    await expect(gateway.payments.retrieve('01jxyz...')).rejects.toMatchObject({ httpStatus: 404 })
    expect(received).toEqual(['GET /api/v1/payments/01jxyz...'])
  })
})

describe('through a router', () => {
  it.each(['fastaar:.', 'fastaar:..', 'fastaar:../payments'])(
    'checks the id part of %s after the prefix is stripped',
    async (ref) => {
      const router = createRouter({ gateways: [gateway], route: 'fastaar' })
      for (const call of [() => router.payments.retrieve(ref), () => router.payments.refund(ref)]) {
        const error = await refusal(call())
        expect(error.issues.map((issue) => issue.path)).toEqual(['id'])
      }
      expect(received).toEqual([])
    },
  )
})
