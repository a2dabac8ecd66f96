import { describe, expect, it } from 'vitest'
import {
  MANAGEMENT_SESSION_LIFETIME_MS,
  toAccountManagementRequest,
  toCustomerManagementRequest,
  toManagementSession,
} from './map-paystar-management.js'

const at = Date.UTC(2026, 0, 1, 12, 0, 0)
const link = 'https://dev.paystar.io/app/embedded/acme-utilities/session/m-1'

describe('management bodies', () => {
  it('sends SyncAccount only when given, balance in cents', () => {
    expect(
      toAccountManagementRequest(
        {
          customer: { email: 'john@example.com' },
          account: { accountNumber: 'ACC-1', balance: { amount: 15000, currency: 'USD' } },
        },
        'acme-utilities',
      ),
    ).toEqual({
      BusinessUnitSlug: 'acme-utilities',
      ClientAccount: { AccountNumber: 'ACC-1', Balance: 15000 },
      ClientUser: { EmailAddress: 'john@example.com' },
    })
    expect(
      toAccountManagementRequest(
        { customer: { email: 'john@example.com' }, account: { accountNumber: 'ACC-1' }, syncAccount: false },
        'acme-utilities',
      ).SyncAccount,
    ).toBe(false)
  })

  it('wallet and notification bodies carry only the slug and the user', () => {
    expect(toCustomerManagementRequest({ email: 'a@example.com', lastName: 'Roe' }, 'bu')).toEqual({
      BusinessUnitSlug: 'bu',
      ClientUser: { EmailAddress: 'a@example.com', LastName: 'Roe' },
    })
  })
})

describe('toManagementSession', () => {
  it('reads the supplement’s shape and expires 60 minutes after the request', () => {
    const data = { SessionLink: link, SessionStatus: 'Active', ValidUntil: '2026-01-01T14:00:00Z' }
    expect(toManagementSession('autopay', data, at)).toEqual({
      object: 'paystar.management_session',
      kind: 'autopay',
      provider: 'paystar',
      url: link,
      nativeStatus: 'Active',
      expiresAt: new Date(at + MANAGEMENT_SESSION_LIFETIME_MS),
      raw: data,
    })
  })

  it('takes an earlier ValidUntil when it names its zone, and ignores one without', () => {
    const zoned = toManagementSession(
      'wallet',
      { SessionLink: link, ValidUntil: '2026-01-01T12:45:00+00:00' },
      at,
    )
    expect(zoned.expiresAt).toEqual(new Date(Date.UTC(2026, 0, 1, 12, 45)))
    const local = toManagementSession('wallet', { SessionLink: link, ValidUntil: '2026-01-01T12:45:00' }, at)
    expect(local.expiresAt).toEqual(new Date(at + 3_600_000))
  })

  it('reads the payment-session shape too, with an id and a ref', () => {
    const session = toManagementSession(
      'paperless',
      { PaymentSessionIdentifier: 'm-1', PaymentLogInLink: link, Status: 'RequiresPaymentSource' },
      at,
    )
    expect(session).toMatchObject({
      id: 'm-1',
      ref: 'paystar:m-1',
      url: link,
      nativeStatus: 'RequiresPaymentSource',
    })
  })
})
