import { createRouter } from '@paymux/core'
import { createFastStar, FASTSTAR_ENDPOINTS, type FastStarGateway } from '@paymux/faststar'
import {
  createFastStarEmulator,
  FASTSTAR_EMULATOR_KEYS,
  type FastStarEmulator,
} from '@paymux/faststar/testing'
import { FAST_BACKOFF } from './fault-catalog.js'
import type { GatewayMatrix, Ledger, MatrixRow, SubjectOptions } from './matrix-types.js'
import { buildWorld, type World, type WorldSpec } from './matrix-world.js'

const urls = { successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/cart' }
const usd = (amount: number) => ({ amount, currency: 'USD' })

const apiKey = FASTSTAR_EMULATOR_KEYS.mor

const spec: WorldSpec<FastStarEmulator, FastStarGateway> = {
  emulator: () => createFastStarEmulator(),
  apiPath: '/api/v1',
  gateway: (connection, settings) => createFastStar({ apiKey, ...connection, ...settings }),
  api: (gateway) => gateway,
  router: (gateways, route) => createRouter({ gateways, route }),
}

interface FastStarWorld extends World<FastStarEmulator, FastStarGateway> {
  /** Makes the fixtures, straight to the emulator the call is meant for. */
  readonly setup: FastStarGateway
}

async function world(options: SubjectOptions): Promise<FastStarWorld> {
  const w = await buildWorld(spec, options)
  return { ...w, setup: createFastStar({ apiKey, fetch: w.emulator.fetch, backoff: FAST_BACKOFF }) }
}

/**
 * Gives the second emulator of a router cell the first one's catalog, ids
 * included: a checkout names its prices by id, so a merchant that fails over
 * between two FastStar accounts keeps the same catalog in both.
 */
function shareCatalog(w: FastStarWorld): void {
  if (w.second === undefined) return
  for (const [id, product] of w.emulator.state.products) w.second.state.products.set(id, product)
  for (const [id, price] of w.emulator.state.prices) w.second.state.prices.set(id, price)
}

async function catalogPrice(gateway: FastStarGateway) {
  const product = await gateway.catalog.products.create({ name: 'Coffee beans' })
  return gateway.catalog.prices.create({ productId: product.id, unitAmount: usd(1299) })
}

async function savedCard(w: FastStarWorld) {
  const customer = await w.setup.customers.create({ email: 'jane@example.com', name: 'Jane Buyer' })
  const setup = await w.setup.paymentMethods.createSetup(customer.id)
  w.emulator.completeSetupIntent(setup.setupIntentId)
  const method = await w.setup.paymentMethods.attach(customer.id, { setupIntentId: setup.setupIntentId })
  return { customer, method }
}

const record = (noun: string, plural: string, idempotent = false): Ledger => ({
  noun,
  plural,
  movesMoney: false,
  idempotent,
})

const rows: MatrixRow[] = [
  {
    operation: 'sessions.create',
    label: 'sessions.create',
    retry: 'safe',
    dispatch: 'rule',
    ledger: record('session', 'sessions'),
    missingField: 'data.session.id',
    async prepare(options) {
      const w = await world(options)
      const price = await catalogPrice(w.setup)
      shareCatalog(w)
      return w.cell(
        () => w.api.sessions.create({ lineItems: [{ priceId: price.id }], reference: 'order_1', ...urls }),
        (e) => e.state.sessions.size,
      )
    },
  },
  {
    operation: 'sessions.retrieve',
    label: 'sessions.retrieve',
    retry: 'safe',
    dispatch: 'ref',
    missingField: 'data.session.id',
    async prepare(options) {
      const w = await world(options)
      const price = await catalogPrice(w.setup)
      const session = await w.setup.sessions.create({ lineItems: [{ priceId: price.id }], ...urls })
      return w.cell(() => w.api.sessions.retrieve(w.ref(session)))
    },
  },
  {
    operation: 'payments.charge',
    label: 'payments.charge',
    retry: 'never',
    dispatch: 'ref',
    ledger: { noun: 'charge', plural: 'charges', movesMoney: true, idempotent: false },
    missingField: 'data.payment_intent_id',
    async prepare(options) {
      const w = await world(options)
      const { customer, method } = await savedCard(w)
      return w.cell(
        () =>
          w.api.payments.charge({
            customerId: w.ref(customer),
            paymentMethodId: w.ref(method),
            amount: usd(1999),
          }),
        // Every charge request the emulator handled, whatever its outcome: a second one is the bug.
        (e) => e.state.chargeAttempts.length,
      )
    },
  },
  {
    operation: 'customers.create',
    label: 'customers.create',
    retry: 'never',
    dispatch: 'rule',
    ledger: record('customer', 'customers'),
    missingField: 'data.id',
    async prepare(options) {
      const w = await world(options)
      return w.cell(
        () => w.api.customers.create({ email: 'jane@example.com' }),
        (e) => e.state.customers.size,
      )
    },
  },
  {
    operation: 'customers.retrieve',
    label: 'customers.retrieve',
    retry: 'safe',
    dispatch: 'ref',
    missingField: 'data.id',
    async prepare(options) {
      const w = await world(options)
      const customer = await w.setup.customers.create({ email: 'jane@example.com' })
      return w.cell(() => w.api.customers.retrieve(w.ref(customer)))
    },
  },
  {
    operation: 'customers.list',
    label: 'customers.list',
    retry: 'safe',
    dispatch: 'rule',
    missingField: 'data.0.id',
    async prepare(options) {
      const w = await world(options)
      await w.setup.customers.create({ email: 'jane@example.com' })
      return w.cell(() => w.api.customers.list())
    },
  },
  {
    operation: 'paymentMethods.createSetup',
    label: 'paymentMethods.createSetup',
    retry: 'safe',
    dispatch: 'ref',
    ledger: record('SetupIntent', 'SetupIntents'),
    missingField: 'data.client_secret',
    async prepare(options) {
      const w = await world(options)
      const customer = await w.setup.customers.create({ email: 'jane@example.com' })
      return w.cell(
        () => w.api.paymentMethods.createSetup(w.ref(customer)),
        (e) => e.state.setupIntents.size,
      )
    },
  },
  {
    operation: 'paymentMethods.attach',
    label: 'paymentMethods.attach',
    retry: 'never',
    dispatch: 'ref',
    ledger: record('saved card', 'saved cards'),
    missingField: 'data.id',
    async prepare(options) {
      const w = await world(options)
      const customer = await w.setup.customers.create({ email: 'jane@example.com' })
      const setup = await w.setup.paymentMethods.createSetup(customer.id)
      w.emulator.completeSetupIntent(setup.setupIntentId)
      return w.cell(
        () => w.api.paymentMethods.attach(w.ref(customer), { setupIntentId: setup.setupIntentId }),
        (e) => e.state.paymentMethods.size,
      )
    },
  },
  {
    operation: 'paymentMethods.list',
    label: 'paymentMethods.list',
    retry: 'safe',
    dispatch: 'ref',
    missingField: 'data.0.id',
    async prepare(options) {
      const w = await world(options)
      const { customer } = await savedCard(w)
      return w.cell(() => w.api.paymentMethods.list(w.ref(customer)))
    },
  },
  {
    operation: 'paymentMethods.setDefault',
    label: 'paymentMethods.setDefault',
    retry: 'safe',
    dispatch: 'ref',
    // The answer's `data` is not read; the envelope's flag is what says it worked.
    missingField: 'success',
    async prepare(options) {
      const w = await world(options)
      const { method } = await savedCard(w)
      return w.cell(() => w.api.paymentMethods.setDefault(w.ref(method)))
    },
  },
  {
    operation: 'paymentMethods.detach',
    label: 'paymentMethods.detach',
    retry: 'safe',
    dispatch: 'ref',
    // The answer's `data` is not read; the envelope's flag is what says it worked.
    missingField: 'success',
    async prepare(options) {
      const w = await world(options)
      const { method } = await savedCard(w)
      return w.cell(() => w.api.paymentMethods.detach(w.ref(method)))
    },
  },
  {
    operation: 'catalog.products.create',
    label: 'catalog.products.create',
    retry: 'never',
    dispatch: 'rule',
    ledger: record('product', 'products'),
    missingField: 'data.id',
    async prepare(options) {
      const w = await world(options)
      return w.cell(
        () => w.api.catalog.products.create({ name: 'Coffee beans' }),
        (e) => e.state.products.size,
      )
    },
  },
  {
    operation: 'catalog.products.list',
    label: 'catalog.products.list',
    retry: 'safe',
    dispatch: 'rule',
    missingField: 'data.0.id',
    async prepare(options) {
      const w = await world(options)
      await catalogPrice(w.setup)
      return w.cell(() => w.api.catalog.products.list())
    },
  },
  {
    operation: 'catalog.prices.create',
    label: 'catalog.prices.create',
    retry: 'never',
    dispatch: 'ref',
    ledger: record('price', 'prices'),
    missingField: 'data.id',
    async prepare(options) {
      const w = await world(options)
      const product = await w.setup.catalog.products.create({ name: 'Coffee beans' })
      return w.cell(
        () => w.api.catalog.prices.create({ productId: w.ref(product), unitAmount: usd(1299) }),
        (e) => e.state.prices.size,
      )
    },
  },
  {
    operation: 'catalog.prices.list',
    label: 'catalog.prices.list',
    retry: 'safe',
    dispatch: 'rule',
    missingField: 'data.0.id',
    async prepare(options) {
      const w = await world(options)
      await catalogPrice(w.setup)
      return w.cell(() => w.api.catalog.prices.list())
    },
  },
  {
    operation: 'tax.calculate',
    label: 'tax.calculate',
    retry: 'safe',
    dispatch: 'rule',
    missingField: 'data.tax_amount',
    async prepare(options) {
      const w = await world(options)
      return w.cell(() => w.api.tax.calculate({ amount: usd(10_000), country: 'DE' }))
    },
  },
  {
    operation: 'webhooks.verifyRemote',
    label: 'webhooks.verifyRemote',
    retry: 'safe',
    dispatch: {
      notRouted:
        "is FastStar's own: a router has no such method (it is reached as `router.gateways.get('faststar')`)",
    },
    missingField: 'data.valid',
    async prepare(options) {
      const w = await world(options)
      const delivery = w.emulator.webhooks.build('payment.succeeded', { id: 'pi_1' })
      return w.cell(() =>
        w.gateway.webhooks.verifyRemote({
          rawBody: delivery.body,
          headers: delivery.headers,
          providerName: 'shop',
        }),
      )
    },
  },
]

/** FastStar's part of the matrix. */
export const FASTSTAR_MATRIX: GatewayMatrix = {
  id: 'faststar',
  title: 'FastStar',
  // `capabilities.operations` is read off a gateway's facets.
  declared: createFastStar({ apiKey }).capabilities.operations,
  notInMatrix: {
    'webhooks.verify': 'checks the signature locally and sends no request',
  },
  extraRows: ['webhooks.verifyRemote'],
  failureFlag: { heading: '200 `success: false`', body: { success: false, message: 'Request failed' } },
  endpoints: FASTSTAR_ENDPOINTS,
  rows,
}
