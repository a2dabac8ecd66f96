import { InvalidRequestError } from '@paymux/core'
import { invalidRequestOf, recordingFetch } from '@paymux/core/testing'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { exactly, interceptOnly, PAYSTAR_DEV_API } from './fixtures/nock-helpers.js'
import {
  DOCUMENTED_AUTOPAY_REQUEST,
  DOCUMENTED_NOTIFICATIONS_REQUEST,
  DOCUMENTED_PAPERLESS_REQUEST,
  DOCUMENTED_PAYMENT_REQUEST,
  DOCUMENTED_PAYMENT_RESPONSE,
  DOCUMENTED_WALLET_REQUEST,
} from './fixtures/paystar-documents.js'
import { PAYSTAR_ENDPOINTS, type PaystarEndpointName } from './paystar-endpoints.js'
import { createPaystar } from './paystar-gateway.js'

const API = PAYSTAR_DEV_API
const KEY = 'ps_live_key_for_tests'
const managementAnswer = {
  hasErrors: false,
  errors: [],
  data: {
    SessionLink: 'https://dev.paystar.io/app/embedded/acme-utilities/manage/s1',
    SessionStatus: 'Active',
    ValidUntil: '2026-01-01T01:00:00Z',
  },
}

interceptOnly()

function gateway() {
  return createPaystar({ apiKey: KEY, businessUnitSlug: 'acme-utilities' })
}

/** Intercepts one POST to `path` and records the headers it came with. */
function intercept(path: string, body: unknown, answer: object) {
  const seen: { headers?: Record<string, unknown> } = {}
  const scope = nock(API)
    .post(path, exactly(body))
    .reply(function reply() {
      seen.headers = this.req.headers
      return [200, answer]
    })
  return { scope, seen }
}

describe('native client: every documented request example goes out exactly as written', () => {
  const cases: [PaystarEndpointName, unknown, object][] = [
    ['initiatePayment', DOCUMENTED_PAYMENT_REQUEST, DOCUMENTED_PAYMENT_RESPONSE],
    ['initiateManageAutopay', DOCUMENTED_AUTOPAY_REQUEST, managementAnswer],
    ['initiateManageWallet', DOCUMENTED_WALLET_REQUEST, managementAnswer],
    ['initiateManagePaperless', DOCUMENTED_PAPERLESS_REQUEST, managementAnswer],
    ['initiateManageNotifications', DOCUMENTED_NOTIFICATIONS_REQUEST, managementAnswer],
  ]
  it.each(cases)('%s', async (name, body, answer) => {
    const { scope, seen } = intercept(PAYSTAR_ENDPOINTS[name].path, body, answer)
    // The documented bodies are readonly literals; the client takes them as they are.
    const result = await gateway().native[name]({ body } as never)
    expect(result).toEqual(answer)
    expect(scope.isDone()).toBe(true)
    expect(seen.headers?.['x-paystar-api-key']).toBe(KEY)
    expect(seen.headers?.['content-type']).toBe('application/json')
    expect(seen.headers?.accept).toBe('application/json')
  })

  it('posts to the documented paths', () => {
    expect(Object.fromEntries(Object.entries(PAYSTAR_ENDPOINTS).map(([name, e]) => [name, e.path]))).toEqual({
      initiatePayment: '/integrations/embedded/initiate',
      initiateManageAutopay: '/integrations/embedded/initiate-manage-autopay',
      initiateManageWallet: '/integrations/embedded/initiate-manage-wallet',
      initiateManagePaperless: '/integrations/embedded/initiate-manage-paperless',
      initiateManageNotifications: '/integrations/embedded/initiate-manage-notifications',
    })
  })

  it('states that every endpoint may be retried: each only creates a session, no money moves', () => {
    expect(Object.values(PAYSTAR_ENDPOINTS).map((endpoint) => endpoint.retry)).toEqual([
      'safe',
      'safe',
      'safe',
      'safe',
      'safe',
    ])
  })
})

describe('native client: bodies are checked locally, naming the PascalCase field, before anything is sent', () => {
  const charge = { Amount: 100, Description: 'Bill' }
  const base = { BusinessUnitSlug: 'acme-utilities', Channel: 'QuickPay', Charges: [charge] }
  const cases: [string, PaystarEndpointName, object, string[]][] = [
    ['no slug', 'initiatePayment', { ...base, BusinessUnitSlug: undefined }, ['BusinessUnitSlug']],
    ['no channel', 'initiatePayment', { ...base, Channel: undefined }, ['Channel']],
    ['no charges', 'initiatePayment', { ...base, Charges: [] }, ['Charges']],
    ['26 charges', 'initiatePayment', { ...base, Charges: Array(26).fill(charge) }, ['Charges']],
    ['fractional cents', 'initiatePayment', { ...base, Charges: [{ Amount: 10.5 }] }, ['Charges.0.Amount']],
    ['zero cents', 'initiatePayment', { ...base, Charges: [{ Amount: 0 }] }, ['Charges.0.Amount']],
    ['PosUser on QuickPay', 'initiatePayment', { ...base, PosUser: 'agent@acme.com' }, ['PosUser']],
    [
      'ClientUser on POS',
      'initiatePayment',
      { ...base, Channel: 'POS', ClientUser: { EmailAddress: 'john@example.com' } },
      ['ClientUser'],
    ],
    [
      'account without number',
      'initiatePayment',
      { ...base, Charges: [{ Amount: 1, ClientAccount: { Name: 'John' } }] },
      ['Charges.0.ClientAccount.AccountNumber'],
    ],
    [
      'AutoPay without account',
      'initiateManageAutopay',
      { ...DOCUMENTED_AUTOPAY_REQUEST, ClientAccount: undefined },
      ['ClientAccount'],
    ],
    [
      'paperless without account number',
      'initiateManagePaperless',
      { ...DOCUMENTED_PAPERLESS_REQUEST, ClientAccount: { Name: 'John' } },
      ['ClientAccount.AccountNumber'],
    ],
    [
      'wallet without email',
      'initiateManageWallet',
      { BusinessUnitSlug: 'acme-utilities', ClientUser: { FirstName: 'John' } },
      ['ClientUser.EmailAddress'],
    ],
    ['notifications without user', 'initiateManageNotifications', { BusinessUnitSlug: 'x' }, ['ClientUser']],
  ]
  it.each(cases)('%s', async (_, name, body, paths) => {
    let sent = 0
    const paystar = createPaystar({
      apiKey: KEY,
      businessUnitSlug: 'acme-utilities',
      fetch: async () => {
        sent++
        return Response.json(DOCUMENTED_PAYMENT_RESPONSE)
      },
    })
    const error = await paystar.native[name]({ body } as never).catch((e: unknown) => e)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(paths)
    // The row's operation names the call: native calls and the facets built on them share it.
    expect((error as InvalidRequestError).message).toContain(
      `invalid ${PAYSTAR_ENDPOINTS[name].operation} input`,
    )
    expect(sent).toBe(0)
  })

  it('passes fields paymux does not model through untouched (custom account fields)', async () => {
    const body = {
      ...DOCUMENTED_PAYMENT_REQUEST,
      Charges: [{ Amount: 100, ClientAccount: { AccountNumber: 'A-1', Note: 'gate code 12', Meter: 'M-9' } }],
    }
    const { scope } = intercept('/integrations/embedded/initiate', body, DOCUMENTED_PAYMENT_RESPONSE)
    await gateway().native.initiatePayment({ body })
    expect(scope.isDone()).toBe(true)
  })
})

describe('native client: built from PAYSTAR_ENDPOINTS, one path per function, nothing skips the checks', () => {
  const names = Object.keys(PAYSTAR_ENDPOINTS) as PaystarEndpointName[]

  it('has one function per row of the table, and nothing else', () => {
    const native = gateway().native
    expect(Object.keys(native)).toEqual(names)
    expect(Object.isFrozen(native)).toBe(true)
  })

  it.each(names)('%s refuses a misspelt argument and a missing body before sending', async (name) => {
    const { calls, fetch } = recordingFetch()
    const paystar = createPaystar({ apiKey: KEY, businessUnitSlug: 'acme-utilities', fetch })
    const misspelt = await invalidRequestOf(paystar.native[name]({ bdy: {} } as never))
    expect(misspelt.issues).toEqual([{ path: 'bdy', message: 'unknown key; did you mean "body"?' }])
    const missing = await invalidRequestOf(paystar.native[name](undefined as never))
    expect(missing.issues.map((issue) => issue.path)).toEqual(['(root)'])
    expect(calls).toEqual([])
  })
})
