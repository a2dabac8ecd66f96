import { createFastaar, FASTAAR_CAPABILITIES, type FastaarGateway } from '@paymux/fastaar'
import { createFastaarEmulator, type FastaarEmulator } from '@paymux/fastaar/testing'
import { MAX_RETRIES } from './fault-catalog.js'
import type { GatewayMatrix, Ledger, MatrixRow, PreparedCell, SubjectOptions } from './matrix-types.js'
import { subjectSettings, wireUp } from './matrix-world.js'

const order = {
  amount: { amount: 107_950, currency: 'BDT' },
  successUrl: 'https://shop.example.com/thanks',
  cancelUrl: 'https://shop.example.com/cart',
} as const

interface FastaarWorld {
  readonly emulator: FastaarEmulator
  /** Makes the fixtures, straight to the emulator. */
  readonly setup: FastaarGateway
  /** The gateway the cell is about, through the matrix wire. */
  readonly subject: FastaarGateway
  cell(call: () => Promise<unknown>, count?: () => number): PreparedCell
}

/**
 * `conflict`: the newer Fastaar API, where a repeated reference is answered 409
 * `duplicate_invoice_number` (and the field is `invoice_number`) instead of the
 * documented 200 with the existing payment.
 */
function world(options: SubjectOptions, api: 'documented' | 'conflict' = 'documented'): FastaarWorld {
  const conflict = api === 'conflict'
  // The rate limit is switched off so that it can never be what a cell sees.
  const emulator = createFastaarEmulator({
    rateLimit: false,
    ...(conflict ? { onDuplicateInvoice: 'conflict', referenceField: 'invoice_number' } : {}),
  })
  const { wire, cell } = wireUp(emulator)
  const apiKey = 'fk_test_fault_matrix'
  const referenceField = conflict ? 'invoice_number' : 'invoice_id'
  const settings = subjectSettings(options)
  return {
    emulator,
    setup: createFastaar({ apiKey, fetch: emulator.fetch, backoff: settings.backoff, referenceField }),
    subject: createFastaar({ apiKey, referenceField, fetch: wire.fetch, ...settings }),
    cell,
  }
}

/** A payment the buyer has paid (test keys complete at once once a TrxID is submitted). */
async function completedPayment(w: FastaarWorld) {
  const session = await w.setup.sessions.create({ ...order, reference: 'ORDER-1' })
  w.emulator.submitTrxId(session.id, { trxId: 'TRX0000001' })
  return session.id
}

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
    ledger: payments(true),
    missingField: 'data.id',
    async prepare(options) {
      const w = world(options)
      return w.cell(
        () => w.subject.sessions.create({ ...order, reference: 'ORDER-1' }),
        () => w.emulator.paymentsCreated,
      )
    },
  },
  {
    operation: 'sessions.create',
    label: 'sessions.create (reference, 409 API)',
    retry: 'safe',
    ledger: payments(true),
    missingField: 'data.id',
    exceptions: {
      'reset-after': {
        outcome: { result: 'ok', requests: 3, created: 1 },
        why: 'where Fastaar answers a repeated reference with 409 instead of the existing payment, the retry after a lost answer meets the payment the lost attempt created: paymux reads it by the `paymentId` of the 409 (a third request) and returns it',
      },
    },
    async prepare(options) {
      const w = world(options, 'conflict')
      return w.cell(
        () => w.subject.sessions.create({ ...order, reference: 'ORDER-1' }),
        () => w.emulator.paymentsCreated,
      )
    },
  },
  {
    operation: 'sessions.create',
    label: 'sessions.create (no reference)',
    retry: 'never',
    ledger: payments(false),
    missingField: 'data.id',
    async prepare(options) {
      const w = world(options)
      return w.cell(
        () => w.subject.sessions.create(order),
        () => w.emulator.paymentsCreated,
      )
    },
  },
  {
    operation: 'sessions.retrieve',
    label: 'sessions.retrieve',
    retry: 'safe',
    missingField: 'data.id',
    async prepare(options) {
      const w = world(options)
      const session = await w.setup.sessions.create({ ...order, reference: 'ORDER-1' })
      return w.cell(() => w.subject.sessions.retrieve(session.id))
    },
  },
  {
    operation: 'payments.retrieve',
    label: 'payments.retrieve',
    retry: 'safe',
    missingField: 'data.id',
    async prepare(options) {
      const w = world(options)
      const id = await completedPayment(w)
      return w.cell(() => w.subject.payments.retrieve(id))
    },
  },
  {
    operation: 'payments.list',
    label: 'payments.list',
    retry: 'safe',
    missingField: 'data.0.id',
    async prepare(options) {
      const w = world(options)
      await completedPayment(w)
      return w.cell(() => w.subject.payments.list({ reference: 'ORDER-1' }))
    },
  },
  {
    operation: 'payments.refund',
    label: 'payments.refund',
    retry: 'never',
    ledger: { noun: 'refund', plural: 'refunds', movesMoney: true, idempotent: false },
    missingField: 'data.id',
    async prepare(options) {
      const w = world(options)
      const id = await completedPayment(w)
      return w.cell(
        () => w.subject.payments.refund(id, { amount: { amount: 10_000, currency: 'BDT' } }),
        () => w.emulator.refundsCreated,
      )
    },
  },
  {
    operation: 'payments.listRefunds',
    label: 'payments.listRefunds',
    retry: 'safe',
    missingField: 'data.0.id',
    async prepare(options) {
      const w = world(options)
      const id = await completedPayment(w)
      await w.setup.payments.refund(id, { amount: { amount: 10_000, currency: 'BDT' } })
      return w.cell(() => w.subject.payments.listRefunds(id))
    },
  },
  {
    operation: 'payments.waitFor',
    label: 'payments.waitFor',
    retry: 'safe',
    missingField: 'data.id',
    exceptions: {
      '500': {
        outcome: { result: 'ok', requests: 2 + MAX_RETRIES },
        why: 'waitFor polls through transient failures: when one look gives up after its retries, it looks again',
      },
      '502': {
        outcome: { result: 'ok', requests: 2 + MAX_RETRIES },
        why: 'waitFor polls through transient failures: when one look gives up after its retries, it looks again',
      },
    },
    async prepare(options) {
      const w = world(options)
      const id = await completedPayment(w)
      return w.cell(() => w.subject.payments.waitFor(id, { timeoutMs: 5_000, initialIntervalMs: 1 }))
    },
  },
]

/** Fastaar's part of the matrix. */
export const FASTAAR_MATRIX: GatewayMatrix = {
  id: 'fastaar',
  title: 'Fastaar',
  declared: FASTAAR_CAPABILITIES.operations,
  notInMatrix: {
    'webhooks.verify': 'checks the signature locally and sends no request',
  },
  extraRows: [],
  failureFlag: {
    heading: '200 `success: false`',
    body: { success: false, message: 'Something went wrong' },
  },
  rows,
}
