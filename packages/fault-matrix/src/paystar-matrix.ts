import { createRouter } from '@paymux/core'
import { createPaystar, PAYSTAR_ENDPOINTS, type PaystarGateway } from '@paymux/paystar'
import {
  createPaystarEmulator,
  PAYSTAR_EMULATOR_API_KEY,
  PAYSTAR_EMULATOR_BUSINESS_UNIT,
  type PaystarEmulator,
} from '@paymux/paystar/testing'
import { ATTEMPTS } from './fault-catalog.js'
import type { GatewayMatrix, Ledger, MatrixRow, PreparedCell, SubjectOptions } from './matrix-types.js'
import { buildWorld, type World, type WorldSpec } from './matrix-world.js'

const bill = {
  amount: { amount: 12_550, currency: 'USD' },
  description: 'Water bill, March',
  successUrl: 'https://utility.example/paid',
} as const
const customer = { email: 'john@example.com', firstName: 'John', lastName: 'Doe' }
const account = { accountNumber: 'ACC-12345', name: 'John Doe' }

const spec: WorldSpec<PaystarEmulator, PaystarGateway> = {
  emulator: () => createPaystarEmulator(),
  apiPath: '',
  gateway: (connection, settings) =>
    createPaystar({
      apiKey: PAYSTAR_EMULATOR_API_KEY,
      businessUnitSlug: PAYSTAR_EMULATOR_BUSINESS_UNIT,
      ...connection,
      ...settings,
    }),
  api: (gateway) => gateway,
  router: (gateways, route) => createRouter({ gateways, route }),
}

interface PaystarWorld extends World<PaystarEmulator, PaystarGateway> {
  /** A cell whose ledger is every session and payment the emulator made. */
  sessionsCell(call: () => Promise<unknown>): PreparedCell
}

async function world(options: SubjectOptions): Promise<PaystarWorld> {
  const w = await buildWorld(spec, options)
  return {
    ...w,
    // Sessions only: no money moves until a buyer pays on Paystar's page, which no cell does.
    sessionsCell: (call) => w.cell(call, (e) => e.stats.sessionsCreated + e.stats.payments),
  }
}

// A duplicate Paystar session moves no money: it expires unused (30 or 60 minutes).
const sessions: Ledger = { noun: 'session', plural: 'sessions', movesMoney: false, idempotent: false }

// Every attempt acts and loses its answer; the retries meet the reference the first one used.
const oneSessionPerReference = {
  outcome: { result: 'ProviderUnavailable', requests: ATTEMPTS, created: 1 },
  why: 'the first attempt created the session; its retries reuse a `ClientReference` Paystar requires to be unique and are refused (their answers lost the same way), so one session is left',
} as const

const manageNotRouted = {
  notRouted:
    "is Paystar's own: a router has no such method (it is reached as `router.gateways.get('paystar')`)",
}

const rows: MatrixRow[] = [
  {
    operation: 'sessions.create',
    label: 'sessions.create',
    retry: 'safe',
    dispatch: 'rule',
    ledger: sessions,
    missingField: 'data.PaymentSessionIdentifier',
    async prepare(options) {
      const w = await world(options)
      return w.sessionsCell(() => w.api.sessions.create(bill))
    },
  },
  {
    operation: 'sessions.create',
    label: 'sessions.create (reference)',
    retry: 'safe',
    dispatch: 'rule',
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
      'slow-body': oneSessionPerReference,
      'cut-body': oneSessionPerReference,
    },
    missingField: 'data.PaymentSessionIdentifier',
    async prepare(options) {
      const w = await world(options)
      return w.sessionsCell(() => w.api.sessions.create({ ...bill, reference: 'order-1' }))
    },
  },
  {
    operation: 'manage.autopay',
    label: 'manage.autopay',
    retry: 'safe',
    dispatch: manageNotRouted,
    ledger: sessions,
    missingField: 'data.SessionLink',
    async prepare(options) {
      const w = await world(options)
      return w.sessionsCell(() => w.gateway.manage.autopay({ customer, account, syncAccount: true }))
    },
  },
  {
    operation: 'manage.wallet',
    label: 'manage.wallet',
    retry: 'safe',
    dispatch: manageNotRouted,
    ledger: sessions,
    missingField: 'data.SessionLink',
    async prepare(options) {
      const w = await world(options)
      return w.sessionsCell(() => w.gateway.manage.wallet({ customer }))
    },
  },
  {
    operation: 'manage.paperless',
    label: 'manage.paperless',
    retry: 'safe',
    dispatch: manageNotRouted,
    ledger: sessions,
    missingField: 'data.SessionLink',
    async prepare(options) {
      const w = await world(options)
      return w.sessionsCell(() => w.gateway.manage.paperless({ customer, account, syncAccount: true }))
    },
  },
  {
    operation: 'manage.notifications',
    label: 'manage.notifications',
    retry: 'safe',
    dispatch: manageNotRouted,
    ledger: sessions,
    missingField: 'data.SessionLink',
    async prepare(options) {
      const w = await world(options)
      return w.sessionsCell(() => w.gateway.manage.notifications({ customer }))
    },
  },
]

// The operations a Paystar gateway declares, read off its facets (no request is sent to build one).
const declared = createPaystar({
  apiKey: PAYSTAR_EMULATOR_API_KEY,
  businessUnitSlug: PAYSTAR_EMULATOR_BUSINESS_UNIT,
}).capabilities.operations

/** Paystar's part of the matrix. */
export const PAYSTAR_MATRIX: GatewayMatrix = {
  id: 'paystar',
  title: 'Paystar',
  declared,
  notInMatrix: {
    'webhooks.verify': 'checks the shared secret locally and sends no request',
  },
  extraRows: ['manage.autopay', 'manage.wallet', 'manage.paperless', 'manage.notifications'],
  failureFlag: {
    heading: '200 `hasErrors: true`',
    body: { hasErrors: true, errors: ['The request could not be processed.'], data: null },
  },
  endpoints: PAYSTAR_ENDPOINTS,
  rows,
}
