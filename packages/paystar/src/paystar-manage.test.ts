import { InvalidRequestError } from '@paymux/core'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { exactly, interceptOnly, PAYSTAR_DEV_API } from './fixtures/nock-helpers.js'
import {
  DOCUMENTED_AUTOPAY_REQUEST,
  DOCUMENTED_NOTIFICATIONS_REQUEST,
  DOCUMENTED_PAPERLESS_REQUEST,
  DOCUMENTED_WALLET_REQUEST,
} from './fixtures/paystar-documents.js'
import { createPaystar } from './paystar-gateway.js'
import type { PaystarManageFacet } from './paystar-manage.js'

const API = PAYSTAR_DEV_API
const KEY = 'ps_key_manage'
const LINK = 'https://dev.paystar.io/app/embedded/acme-utilities/session/m-1'
const answer = { hasErrors: false, errors: [], data: { SessionLink: LINK, SessionStatus: 'Active' } }

interceptOnly()

const customer = { email: 'john@example.com', firstName: 'John', lastName: 'Doe' }
const account = { accountNumber: 'ACC-12345', name: 'John Doe' }

describe('paystar.manage sends the documented bodies and returns a 60-minute link', () => {
  const cases: [keyof PaystarManageFacet, string, unknown, object][] = [
    [
      'autopay',
      'initiate-manage-autopay',
      DOCUMENTED_AUTOPAY_REQUEST,
      { customer, account, syncAccount: true },
    ],
    [
      'paperless',
      'initiate-manage-paperless',
      DOCUMENTED_PAPERLESS_REQUEST,
      { customer, account, syncAccount: true },
    ],
    ['wallet', 'initiate-manage-wallet', DOCUMENTED_WALLET_REQUEST, { customer }],
    ['notifications', 'initiate-manage-notifications', DOCUMENTED_NOTIFICATIONS_REQUEST, { customer }],
  ]
  it.each(cases)('%s', async (kind, path, body, input) => {
    let key: unknown
    const scope = nock(API)
      .post(`/integrations/embedded/${path}`, exactly(body))
      .reply(function reply() {
        key = this.req.headers['x-paystar-api-key']
        return [200, answer]
      })
    const paystar = createPaystar({ apiKey: KEY, businessUnitSlug: 'acme-utilities' })
    const before = Date.now()
    const session = await paystar.manage[kind](input as never)
    expect(scope.isDone()).toBe(true)
    expect(key).toBe(KEY)
    const { expiresAt, ...rest } = session
    expect(rest).toEqual({
      object: 'paystar.management_session',
      kind,
      provider: 'paystar',
      url: LINK,
      nativeStatus: 'Active',
      raw: answer.data,
    })
    expect(expiresAt.getTime() - before).toBeGreaterThanOrEqual(60 * 60_000)
    expect(expiresAt.getTime() - before).toBeLessThan(60 * 60_000 + 5_000)
  })
})

describe('paystar.manage refuses missing required fields locally, naming them', () => {
  const cases: [keyof PaystarManageFacet, object, string[]][] = [
    ['autopay', { customer }, ['account.accountNumber']],
    ['autopay', { customer: {}, account }, ['customer.email']],
    ['paperless', { customer, account: { name: 'John' } }, ['account.accountNumber']],
    ['paperless', { account }, ['customer']],
    ['autopay', { customer, account, syncAccount: 'yes' }, ['syncAccount']],
    ['wallet', { customer: { email: 'not an email' } }, ['customer.email']],
    ['wallet', { customer, account }, ['account']],
    ['notifications', { customer, syncAccount: true }, ['syncAccount']],
    ['notifications', {}, ['customer']],
  ]
  it.each(cases)('%s %j', async (kind, input, paths) => {
    let sent = 0
    const paystar = createPaystar({
      apiKey: KEY,
      businessUnitSlug: 'acme-utilities',
      fetch: async () => {
        sent++
        return Response.json(answer)
      },
    })
    const error = await paystar.manage[kind](input as never).catch((e: unknown) => e)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(paths)
    expect((error as InvalidRequestError).message).toContain(`invalid manage.${kind} input`)
    expect(sent).toBe(0)
  })

  it('a missing account says which Paystar field it is', async () => {
    const paystar = createPaystar({ apiKey: KEY, businessUnitSlug: 'acme-utilities' })
    const error = await paystar.manage.autopay({ customer } as never).catch((e: unknown) => e)
    expect((error as InvalidRequestError).message).toContain('ClientAccount.AccountNumber')
  })
})
