import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRouter } from '@paymux/core'
import { BAD_PATH_IDS, invalidRequestOf } from '@paymux/core/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFastStar, type FastStarGateway } from './faststar-gateway.js'

// Finding 7 of issue 15: an id is one path segment. Every bad id is refused
// before any request, naming the argument, and a real server on 127.0.0.1
// proves nothing reached it (in-process fetch would never see a URL resolve).
// The bad ids are the shared BAD_PATH_IDS every gateway refuses.

type Call = (gateway: FastStarGateway, id: string) => Promise<unknown>
const money = { amount: 1999, currency: 'USD' }

/** Every FastStar method that puts an id into a URL path, the argument it names, and how to call it. */
const OPERATIONS: readonly (readonly [string, string, Call])[] = [
  ['sessions.retrieve', 'id', (g, id) => g.sessions.retrieve(id)],
  ['customers.retrieve', 'id', (g, id) => g.customers.retrieve(id)],
  ['paymentMethods.createSetup', 'customerId', (g, id) => g.paymentMethods.createSetup(id)],
  [
    'paymentMethods.attach',
    'customerId',
    (g, id) => g.paymentMethods.attach(id, { setupIntentId: 'seti_1' }),
  ],
  ['paymentMethods.list', 'customerId', (g, id) => g.paymentMethods.list(id)],
  ['paymentMethods.setDefault', 'paymentMethodId', (g, id) => g.paymentMethods.setDefault(id)],
  ['paymentMethods.detach', 'paymentMethodId', (g, id) => g.paymentMethods.detach(id)],
  [
    'payments.charge',
    'customerId',
    (g, id) => g.payments.charge({ customerId: id, paymentMethodId: 'pm_1', amount: money }),
  ],
  [
    'native.retrieveCheckoutSession',
    'sessionId',
    (g, id) => g.native.retrieveCheckoutSession({ params: { sessionId: id } }),
  ],
  [
    'native.retrieveCustomer',
    'customerId',
    (g, id) => g.native.retrieveCustomer({ params: { customerId: id } }),
  ],
  [
    'native.createSetupIntent',
    'customerId',
    (g, id) => g.native.createSetupIntent({ params: { customerId: id } }),
  ],
  [
    'native.attachPaymentMethod',
    'customerId',
    (g, id) =>
      g.native.attachPaymentMethod({ params: { customerId: id }, body: { setup_intent_id: 'seti_1' } }),
  ],
  [
    'native.listPaymentMethods',
    'customerId',
    (g, id) => g.native.listPaymentMethods({ params: { customerId: id } }),
  ],
  [
    'native.chargeCustomer',
    'customerId',
    (g, id) =>
      g.native.chargeCustomer({
        params: { customerId: id },
        body: {
          payment_method_id: 'pm_1',
          amount: 1999,
          currency: 'USD',
          off_session: true,
        },
      }),
  ],
  [
    'native.setDefaultPaymentMethod',
    'paymentMethodId',
    (g, id) => g.native.setDefaultPaymentMethod({ params: { paymentMethodId: id } }),
  ],
  [
    'native.detachPaymentMethod',
    'paymentMethodId',
    (g, id) => g.native.detachPaymentMethod({ params: { paymentMethodId: id } }),
  ],
]

let server: Server
let gateway: FastStarGateway
const received: string[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`)
    response.writeHead(404, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ success: false, message: 'not found' }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  gateway = createFastStar({
    apiKey: 'fs_test_path_ids',
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    maxRetries: 0,
  })
})
beforeEach(() => {
  received.length = 0
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe.each(OPERATIONS)('%s refuses a bad %s before any request', (_operation, field, call) => {
  it.each(BAD_PATH_IDS)('%s', async (_name, id) => {
    const error = await invalidRequestOf(call(gateway, id as string))
    expect(received).toEqual([])
    expect(error.provider).toBe('faststar')
    expect(error.issues.map((issue) => issue.path)).toEqual([field])
    expect(error.message).toContain(`: ${field}: `)
  })
})

describe.each(OPERATIONS)('%s takes FastStar refs as its %s', (_operation, field, call) => {
  it('its own ref reaches FastStar as the bare id', async () => {
    await call(gateway, 'faststar:own_1').catch(() => undefined)
    expect(received).toHaveLength(1)
    expect(received[0]).toMatch(/\/own_1(\/|$)/)
  })

  it('another gateway’s ref is refused before any request, with a hint', async () => {
    const error = await invalidRequestOf(call(gateway, 'fastaar:01jxyz'))
    expect(received).toEqual([])
    expect(error.issues).toEqual([{ path: field, message: expect.stringContaining('is a fastaar ref') }])
  })
})

describe('the loopback server', () => {
  it('does see a good id, so the refusals above are not an unreachable server', async () => {
    await expect(gateway.customers.retrieve('cus_1')).rejects.toMatchObject({ httpStatus: 404 })
    await expect(gateway.paymentMethods.detach('pm 1')).rejects.toMatchObject({ httpStatus: 404 })
    expect(received).toEqual([
      'GET /api/v1/public/customers/cus_1',
      'DELETE /api/v1/public/payment-methods/pm%201',
    ])
  })
})

describe('through a router', () => {
  it.each([
    ['faststar:..', (r: Router) => r.customers.retrieve('faststar:..')],
    ['faststar:.', (r: Router) => r.paymentMethods.detach('faststar:.')],
    ['faststar:a/b', (r: Router) => r.paymentMethods.list('faststar:a/b')],
  ])('checks the id part of %s after the prefix is stripped', async (_ref, call) => {
    const error = await invalidRequestOf(call(createRouter({ gateways: [gateway], route: 'faststar' })))
    expect(error.provider).toBe('faststar')
    expect(received).toEqual([])
  })
})

type Router = ReturnType<typeof createRouter<FastStarGateway>>
