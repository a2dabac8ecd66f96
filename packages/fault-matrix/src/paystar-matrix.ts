import { createPaystar, PAYSTAR_CAPABILITIES, PAYSTAR_ENDPOINTS, type PaystarGateway } from '@paymux/paystar'
import {
  createPaystarEmulator,
  PAYSTAR_EMULATOR_API_KEY,
  PAYSTAR_EMULATOR_BUSINESS_UNIT,
  type PaystarEmulator,
} from '@paymux/paystar/testing'
import type { GatewayMatrix, Ledger, MatrixRow, PreparedCell, SubjectOptions } from './matrix-types.js'
import { subjectSettings, wireUp } from './matrix-world.js'

const bill = {
  amount: { amount: 12_550, currency: 'USD' },
  description: 'Water bill, March',
  successUrl: 'https://utility.example/paid',
} as const
const customer = { email: 'john@example.com', firstName: 'John', lastName: 'Doe' }
const account = { accountNumber: 'ACC-12345', name: 'John Doe' }

interface PaystarWorld {
  readonly emulator: PaystarEmulator
  /** The gateway the cell is about, through the matrix wire. */
  readonly subject: PaystarGateway
  cell(call: () => Promise<unknown>): PreparedCell
}

function world(options: SubjectOptions): PaystarWorld {
  const emulator = createPaystarEmulator()
  const { wire, cell } = wireUp(emulator)
  const subject = createPaystar({
    apiKey: PAYSTAR_EMULATOR_API_KEY,
    businessUnitSlug: PAYSTAR_EMULATOR_BUSINESS_UNIT,
    fetch: wire.fetch,
    ...subjectSettings(options),
  })
  return {
    emulator,
    subject,
    // Sessions only: no money moves until a buyer pays on Paystar's page, which no cell does.
    cell: (call) => cell(call, () => emulator.stats.sessionsCreated + emulator.stats.payments),
  }
}

// A duplicate Paystar session moves no money: it expires unused (30 or 60 minutes).
const sessions: Ledger = { noun: 'session', plural: 'sessions', movesMoney: false, idempotent: false }

const rows: MatrixRow[] = [
  {
    operation: 'sessions.create',
    label: 'sessions.create',
    retry: 'safe',
    ledger: sessions,
    missingField: 'data.PaymentSessionIdentifier',
    async prepare(options) {
      const w = world(options)
      return w.cell(() => w.subject.sessions.create(bill))
    },
  },
  {
    operation: 'sessions.create',
    label: 'sessions.create (reference)',
    retry: 'safe',
    ledger: sessions,
    exceptions: {
      'timeout-then-ok': {
        outcome: { result: 'ok', requests: 2, created: 1 },
        why: 'the retry creates the session first; the late first attempt then meets its own `ClientReference`, which Paystar requires to be unique, and is refused',
      },
      'reset-after': {
        outcome: { result: 'ProviderUnavailable', requests: 2, created: 1 },
        code: 'reference_refused_after_lost_answer',
        why: 'the lost first attempt created the session, so the retry reuses a `ClientReference` Paystar requires to be unique and is refused; paymux reports a session that may exist (outcome unknown, so a router fails over), not bad input: no money moved, create the session again with a new reference',
      },
    },
    missingField: 'data.PaymentSessionIdentifier',
    async prepare(options) {
      const w = world(options)
      return w.cell(() => w.subject.sessions.create({ ...bill, reference: 'order-1' }))
    },
  },
  {
    operation: 'manage.autopay',
    label: 'manage.autopay',
    retry: 'safe',
    ledger: sessions,
    missingField: 'data.SessionLink',
    async prepare(options) {
      const w = world(options)
      return w.cell(() => w.subject.manage.autopay({ customer, account, syncAccount: true }))
    },
  },
  {
    operation: 'manage.wallet',
    label: 'manage.wallet',
    retry: 'safe',
    ledger: sessions,
    missingField: 'data.SessionLink',
    async prepare(options) {
      const w = world(options)
      return w.cell(() => w.subject.manage.wallet({ customer }))
    },
  },
  {
    operation: 'manage.paperless',
    label: 'manage.paperless',
    retry: 'safe',
    ledger: sessions,
    missingField: 'data.SessionLink',
    async prepare(options) {
      const w = world(options)
      return w.cell(() => w.subject.manage.paperless({ customer, account, syncAccount: true }))
    },
  },
  {
    operation: 'manage.notifications',
    label: 'manage.notifications',
    retry: 'safe',
    ledger: sessions,
    missingField: 'data.SessionLink',
    async prepare(options) {
      const w = world(options)
      return w.cell(() => w.subject.manage.notifications({ customer }))
    },
  },
]

/** Paystar's part of the matrix. */
export const PAYSTAR_MATRIX: GatewayMatrix = {
  id: 'paystar',
  title: 'Paystar',
  declared: PAYSTAR_CAPABILITIES.operations,
  notInMatrix: {
    'webhooks.verify': 'checks the shared secret locally and sends no request',
  },
  extraRows: ['manage.autopay', 'manage.wallet', 'manage.paperless', 'manage.notifications'],
  failureFlag: {
    heading: '200 `hasErrors: true`',
    body: { hasErrors: true, errors: ['The request could not be processed.'], data: null },
  },
  endpointPolicies: {
    'sessions.create': PAYSTAR_ENDPOINTS.initiatePayment.retry,
    'manage.autopay': PAYSTAR_ENDPOINTS.initiateManageAutopay.retry,
    'manage.wallet': PAYSTAR_ENDPOINTS.initiateManageWallet.retry,
    'manage.paperless': PAYSTAR_ENDPOINTS.initiateManagePaperless.retry,
    'manage.notifications': PAYSTAR_ENDPOINTS.initiateManageNotifications.retry,
  },
  rows,
}
