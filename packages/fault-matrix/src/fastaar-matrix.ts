import { createRouter } from '@paymux/core'
import { createFastaar, FASTAAR_CAPABILITIES, FASTAAR_ENDPOINTS, type FastaarGateway } from '@paymux/fastaar'
import { createFastaarEmulator, type FastaarEmulator } from '@paymux/fastaar/testing'
import { FAST_BACKOFF, MAX_RETRIES } from './fault-catalog.js'
import type { GatewayMatrix, Ledger, MatrixRow, SubjectOptions } from './matrix-types.js'
import { buildWorld, type World } from './matrix-world.js'

const order = {
  amount: { amount: 107_950, currency: 'BDT' },
  successUrl: 'https://shop.example.com/thanks',
  cancelUrl: 'https://shop.example.com/cart',
} as const

const apiKey = 'fk_test_fault_matrix'

interface FastaarWorld extends World<FastaarEmulator, FastaarGateway> {
  /** Makes the fixtures, straight to the emulator the call is meant for. */
  readonly setup: FastaarGateway
}

/**
 * `conflict`: the newer Fastaar API, where a repeated reference is answered 409
 * `duplicate_invoice_number` (and the field is `invoice_number`) instead of the
 * documented 200 with the existing payment.
 */
async function world(
  options: SubjectOptions,
  api: 'documented' | 'conflict' = 'documented',
): Promise<FastaarWorld> {
  const conflict = api === 'conflict'
  const referenceField = conflict ? 'invoice_number' : 'invoice_id'
  const w = await buildWorld(
    {
      // The rate limit is switched off so that it can never be what a cell sees.
      emulator: () =>
        createFastaarEmulator({
          rateLimit: false,
          ...(conflict ? { onDuplicateInvoice: 'conflict', referenceField: 'invoice_number' } : {}),
        }),
      apiPath: '/api/v1',
      gateway: (connection, settings) =>
        createFastaar({ apiKey, referenceField, ...connection, ...settings }),
      api: (gateway) => gateway,
      router: (gateways, route) => createRouter({ gateways, route }),
    },
    options,
  )
  const setup = createFastaar({ apiKey, fetch: w.emulator.fetch, backoff: FAST_BACKOFF, referenceField })
  return { ...w, setup }
}

/** A payment the buyer has paid (test keys complete at once once a TrxID is submitted). */
async function completedPayment(w: FastaarWorld) {
  const session = await w.setup.sessions.create({ ...order, reference: 'ORDER-1' })
  await w.emulator.submitTrxId(session.id, { trxId: 'TRX0000001' })
  return session
}

// A fault that spends one look's attempts: the next look is answered.
const pollsThrough = {
  outcome: { result: 'ok', requests: 2 + MAX_RETRIES },
  why: 'waitFor polls through transient failures: when one look gives up after its retries, it looks again',
} as const

// Fastaar's own pace option passes through a router untouched.
const polling = { timeoutMs: 5_000, initialIntervalMs: 1 }

const payments = (idempotent: boolean): Ledger => ({
  noun: 'payment',
  plural: 'payments',
  movesMoney: true,
  idempotent,
})

const rows: MatrixRow[] = [
  {
    operation: 'sessions.create',
    label: 'sessions.create (reference)',
    retry: 'safe',
    dispatch: 'rule',
    ledger: payments(true),
    missingField: 'data.id',
    async prepare(options) {
      const w = await world(options)
      return w.cell(
        () => w.api.sessions.create({ ...order, reference: 'ORDER-1' }),
        (e) => e.paymentsCreated,
      )
    },
  },
  {
    operation: 'sessions.create',
    label: 'sessions.create (reference, 409 API)',
    retry: 'safe',
    dispatch: 'rule',
    ledger: payments(true),
    missingField: 'data.id',
    exceptions: {
      'reset-after': {
        outcome: { result: 'ok', requests: 3, created: 1 },
        why: 'where Fastaar answers a repeated reference with 409 instead of the existing payment, the retry after a lost answer meets the payment the lost attempt created: paymux reads it by the `paymentId` of the 409 (a third request) and returns it',
      },
    },
    async prepare(options) {
      const w = await world(options, 'conflict')
      return w.cell(
        () => w.api.sessions.create({ ...order, reference: 'ORDER-1' }),
        (e) => e.paymentsCreated,
      )
    },
  },
  {
    operation: 'sessions.create',
    label: 'sessions.create (no reference)',
    retry: 'never',
    dispatch: 'rule',
    ledger: payments(false),
    missingField: 'data.id',
    async prepare(options) {
      const w = await world(options)
      return w.cell(
        () => w.api.sessions.create(order),
        (e) => e.paymentsCreated,
      )
    },
  },
  {
    operation: 'sessions.retrieve',
    label: 'sessions.retrieve',
    retry: 'safe',
    dispatch: 'ref',
    missingField: 'data.id',
    async prepare(options) {
      const w = await world(options)
      const session = await w.setup.sessions.create({ ...order, reference: 'ORDER-1' })
      return w.cell(() => w.api.sessions.retrieve(w.ref(session)))
    },
  },
  {
    operation: 'payments.retrieve',
    label: 'payments.retrieve',
    retry: 'safe',
    dispatch: 'ref',
    missingField: 'data.id',
    async prepare(options) {
      const w = await world(options)
      const paid = await completedPayment(w)
      return w.cell(() => w.api.payments.retrieve(w.ref(paid)))
    },
  },
  {
    operation: 'payments.list',
    label: 'payments.list',
    retry: 'safe',
    dispatch: 'rule',
    missingField: 'data.0.id',
    async prepare(options) {
      const w = await world(options)
      await completedPayment(w)
      return w.cell(() => w.api.payments.list({ reference: 'ORDER-1' }))
    },
  },
  {
    operation: 'payments.refund',
    label: 'payments.refund',
    retry: 'never',
    dispatch: 'ref',
    ledger: { noun: 'refund', plural: 'refunds', movesMoney: true, idempotent: false },
    missingField: 'data.id',
    async prepare(options) {
      const w = await world(options)
      const paid = await completedPayment(w)
      return w.cell(
        () => w.api.payments.refund(w.ref(paid), { amount: { amount: 10_000, currency: 'BDT' } }),
        (e) => e.refundsCreated,
      )
    },
  },
  {
    operation: 'payments.listRefunds',
    label: 'payments.listRefunds',
    retry: 'safe',
    dispatch: 'ref',
    missingField: 'data.0.id',
    async prepare(options) {
      const w = await world(options)
      const paid = await completedPayment(w)
      await w.setup.payments.refund(paid.id, { amount: { amount: 10_000, currency: 'BDT' } })
      return w.cell(() => w.api.payments.listRefunds(w.ref(paid)))
    },
  },
  {
    operation: 'payments.waitFor',
    label: 'payments.waitFor',
    retry: 'safe',
    dispatch: 'ref',
    missingField: 'data.id',
    exceptions: {
      '500': pollsThrough,
      '502': pollsThrough,
      'slow-body': pollsThrough,
      'cut-body': pollsThrough,
      hanging: pollsThrough,
    },
    async prepare(options) {
      const w = await world(options)
      const paid = await completedPayment(w)
      return w.cell(() => w.api.payments.waitFor(w.ref(paid), polling))
    },
  },
]

// Customers: records, no money; a create has no idempotency key, so a lost answer may leave one behind.
const customers: Ledger = { noun: 'customer', plural: 'customers', movesMoney: false, idempotent: false }
const ada = { name: 'Ada Lovelace', phone: '01712345678' }

const customerRows: MatrixRow[] = [
  {
    operation: 'customers.create',
    label: 'customers.create',
    retry: 'never',
    dispatch: 'rule',
    ledger: customers,
    missingField: 'data.id',
    async prepare(options) {
      const w = await world(options)
      return w.cell(
        () => w.api.customers.create(ada),
        (e) => e.customersCreated,
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
      const customer = await w.setup.customers.create(ada)
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
      await w.setup.customers.create(ada)
      return w.cell(() => w.api.customers.list())
    },
  },
  {
    operation: 'customers.update',
    label: 'customers.update (native)',
    retry: 'safe',
    dispatch: { notRouted: 'native only (`gateway.native.updateCustomer`): the neutral model has no update' },
    missingField: 'data.id',
    async prepare(options) {
      const w = await world(options)
      const customer = await w.setup.customers.create(ada)
      return w.cell(() =>
        w.gateway.native.updateCustomer({ params: { customerId: customer.id }, body: { name: 'Ada King' } }),
      )
    },
  },
]

/** Fastaar's part of the matrix. */
export const FASTAAR_MATRIX: GatewayMatrix = {
  id: 'fastaar',
  title: 'Fastaar',
  declared: FASTAAR_CAPABILITIES.operations,
  endpoints: FASTAAR_ENDPOINTS,
  notInMatrix: {
    'webhooks.verify': 'checks the signature locally and sends no request',
  },
  extraRows: ['customers.update'],
  failureFlag: {
    heading: '200 `success: false`',
    body: { success: false, message: 'Something went wrong' },
  },
  rows: [...rows, ...customerRows],
}
