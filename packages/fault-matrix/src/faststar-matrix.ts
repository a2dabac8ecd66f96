import {
  createFastStar,
  FASTSTAR_CAPABILITIES,
  FASTSTAR_ENDPOINTS,
  type FastStarGateway,
} from '@paymux/faststar'
import {
  createFastStarEmulator,
  FASTSTAR_EMULATOR_KEYS,
  type FastStarEmulator,
} from '@paymux/faststar/testing'
import type { GatewayMatrix, Ledger, MatrixRow, PreparedCell, SubjectOptions } from './matrix-types.js'
import { subjectSettings, wireUp } from './matrix-world.js'

const urls = { successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/cart' }
const usd = (amount: number) => ({ amount, currency: 'USD' })

interface FastStarWorld {
  readonly emulator: FastStarEmulator
  /** Makes the fixtures, straight to the emulator. */
  readonly setup: FastStarGateway
  /** The gateway the cell is about, through the matrix wire. */
  readonly subject: FastStarGateway
  cell(call: () => Promise<unknown>, count?: () => number): PreparedCell
}

function world(options: SubjectOptions): FastStarWorld {
  const emulator = createFastStarEmulator()
  const { wire, cell } = wireUp(emulator)
  const apiKey = FASTSTAR_EMULATOR_KEYS.mor
  const settings = subjectSettings(options)
  return {
    emulator,
    setup: createFastStar({ apiKey, fetch: emulator.fetch, backoff: settings.backoff }),
    subject: createFastStar({ apiKey, fetch: wire.fetch, ...settings }),
    cell,
  }
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
    ledger: record('session', 'sessions'),
    missingField: 'data.session.id',
    async prepare(options) {
      const w = world(options)
      const price = await catalogPrice(w.setup)
      return w.cell(
        () =>
          w.subject.sessions.create({ lineItems: [{ priceId: price.id }], reference: 'order_1', ...urls }),
        () => w.emulator.state.sessions.size,
      )
    },
  },
  {
    operation: 'sessions.retrieve',
    label: 'sessions.retrieve',
    retry: 'safe',
    missingField: 'data.session.id',
    async prepare(options) {
      const w = world(options)
      const price = await catalogPrice(w.setup)
      const session = await w.setup.sessions.create({ lineItems: [{ priceId: price.id }], ...urls })
      return w.cell(() => w.subject.sessions.retrieve(session.id))
    },
  },
  {
    operation: 'payments.charge',
    label: 'payments.charge',
    retry: 'never',
    ledger: { noun: 'charge', plural: 'charges', movesMoney: true, idempotent: false },
    missingField: 'data.payment_intent_id',
    async prepare(options) {
      const w = world(options)
      const { customer, method } = await savedCard(w)
      return w.cell(
        () =>
          w.subject.payments.charge({
            customerId: customer.id,
            paymentMethodId: method.id,
            amount: usd(1999),
          }),
        // Every charge request the emulator handled, whatever its outcome: a second one is the bug.
        () => w.emulator.state.chargeAttempts.length,
      )
    },
  },
  {
    operation: 'customers.create',
    label: 'customers.create',
    retry: 'never',
    ledger: record('customer', 'customers'),
    missingField: 'data.id',
    async prepare(options) {
      const w = world(options)
      return w.cell(
        () => w.subject.customers.create({ email: 'jane@example.com' }),
        () => w.emulator.state.customers.size,
      )
    },
  },
  {
    operation: 'customers.retrieve',
    label: 'customers.retrieve',
    retry: 'safe',
    missingField: 'data.id',
    async prepare(options) {
      const w = world(options)
      const customer = await w.setup.customers.create({ email: 'jane@example.com' })
      return w.cell(() => w.subject.customers.retrieve(customer.id))
    },
  },
  {
    operation: 'customers.list',
    label: 'customers.list',
    retry: 'safe',
    missingField: 'data.0.id',
    async prepare(options) {
      const w = world(options)
      await w.setup.customers.create({ email: 'jane@example.com' })
      return w.cell(() => w.subject.customers.list())
    },
  },
  {
    operation: 'paymentMethods.createSetup',
    label: 'paymentMethods.createSetup',
    retry: 'safe',
    ledger: record('SetupIntent', 'SetupIntents'),
    missingField: 'data.client_secret',
    async prepare(options) {
      const w = world(options)
      const customer = await w.setup.customers.create({ email: 'jane@example.com' })
      return w.cell(
        () => w.subject.paymentMethods.createSetup(customer.id),
        () => w.emulator.state.setupIntents.size,
      )
    },
  },
  {
    operation: 'paymentMethods.attach',
    label: 'paymentMethods.attach',
    retry: 'never',
    ledger: record('saved card', 'saved cards'),
    missingField: 'data.id',
    async prepare(options) {
      const w = world(options)
      const customer = await w.setup.customers.create({ email: 'jane@example.com' })
      const setup = await w.setup.paymentMethods.createSetup(customer.id)
      w.emulator.completeSetupIntent(setup.setupIntentId)
      return w.cell(
        () => w.subject.paymentMethods.attach(customer.id, { setupIntentId: setup.setupIntentId }),
        () => w.emulator.state.paymentMethods.size,
      )
    },
  },
  {
    operation: 'paymentMethods.list',
    label: 'paymentMethods.list',
    retry: 'safe',
    missingField: 'data.0.id',
    async prepare(options) {
      const w = world(options)
      const { customer } = await savedCard(w)
      return w.cell(() => w.subject.paymentMethods.list(customer.id))
    },
  },
  {
    operation: 'paymentMethods.setDefault',
    label: 'paymentMethods.setDefault',
    retry: 'safe',
    // The answer's `data` is not read; the envelope's flag is what says it worked.
    missingField: 'success',
    async prepare(options) {
      const w = world(options)
      const { method } = await savedCard(w)
      return w.cell(() => w.subject.paymentMethods.setDefault(method.id))
    },
  },
  {
    operation: 'paymentMethods.detach',
    label: 'paymentMethods.detach',
    retry: 'safe',
    // The answer's `data` is not read; the envelope's flag is what says it worked.
    missingField: 'success',
    async prepare(options) {
      const w = world(options)
      const { method } = await savedCard(w)
      return w.cell(() => w.subject.paymentMethods.detach(method.id))
    },
  },
  {
    operation: 'catalog.products.create',
    label: 'catalog.products.create',
    retry: 'never',
    ledger: record('product', 'products'),
    missingField: 'data.id',
    async prepare(options) {
      const w = world(options)
      return w.cell(
        () => w.subject.catalog.products.create({ name: 'Coffee beans' }),
        () => w.emulator.state.products.size,
      )
    },
  },
  {
    operation: 'catalog.products.list',
    label: 'catalog.products.list',
    retry: 'safe',
    missingField: 'data.0.id',
    async prepare(options) {
      const w = world(options)
      await catalogPrice(w.setup)
      return w.cell(() => w.subject.catalog.products.list())
    },
  },
  {
    operation: 'catalog.prices.create',
    label: 'catalog.prices.create',
    retry: 'never',
    ledger: record('price', 'prices'),
    missingField: 'data.id',
    async prepare(options) {
      const w = world(options)
      const product = await w.setup.catalog.products.create({ name: 'Coffee beans' })
      return w.cell(
        () => w.subject.catalog.prices.create({ productId: product.id, unitAmount: usd(1299) }),
        () => w.emulator.state.prices.size,
      )
    },
  },
  {
    operation: 'catalog.prices.list',
    label: 'catalog.prices.list',
    retry: 'safe',
    missingField: 'data.0.id',
    async prepare(options) {
      const w = world(options)
      await catalogPrice(w.setup)
      return w.cell(() => w.subject.catalog.prices.list())
    },
  },
  {
    operation: 'tax.calculate',
    label: 'tax.calculate',
    retry: 'safe',
    missingField: 'data.tax_amount',
    async prepare(options) {
      const w = world(options)
      return w.cell(() => w.subject.tax.calculate({ amount: usd(10_000), country: 'DE' }))
    },
  },
  {
    operation: 'webhooks.verifyRemote',
    label: 'webhooks.verifyRemote',
    retry: 'safe',
    missingField: 'data.valid',
    async prepare(options) {
      const w = world(options)
      const delivery = w.emulator.signedEvent('payment.succeeded', { id: 'pi_1' })
      return w.cell(() =>
        w.subject.webhooks.verifyRemote({
          rawBody: delivery.rawBody,
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
  declared: FASTSTAR_CAPABILITIES.operations,
  notInMatrix: {
    'webhooks.verify': 'checks the signature locally and sends no request',
  },
  extraRows: ['webhooks.verifyRemote'],
  failureFlag: { heading: '200 `success: false`', body: { success: false, message: 'Request failed' } },
  endpointPolicies: Object.fromEntries(
    Object.values(FASTSTAR_ENDPOINTS).map((endpoint) => [endpoint.operation, endpoint.retry]),
  ),
  rows,
}
