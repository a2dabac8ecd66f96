import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  PAYMENT_SESSION_LIFETIME_MS,
  paystarAccountMode,
  toPaymentSession,
  toPaystarPaymentRequest,
  toSessionStatus,
} from './map-paystar-session.js'
import { sessionInput } from './paystar-schemas.js'
import { DEFAULT_SESSION_STATUSES } from './paystar-settings.js'

const context = { businessUnitSlug: 'acme-utilities', channel: 'QuickPay' as const }
const schema = sessionInput({ currency: 'USD', channel: 'QuickPay' })

describe('paystarAccountMode', () => {
  it('follows the distinct accounts on the charges', () => {
    expect(paystarAccountMode([{}, {}])).toBe('accountless')
    expect(paystarAccountMode([{ ClientAccount: { AccountNumber: 'A' } }, {}])).toBe('single-account')
    expect(
      paystarAccountMode([
        { ClientAccount: { AccountNumber: 'A' } },
        { ClientAccount: { AccountNumber: 'A' } },
      ]),
    ).toBe('single-account')
    expect(
      paystarAccountMode([
        { ClientAccount: { AccountNumber: 'A' } },
        { ClientAccount: { AccountNumber: 'B' } },
      ]),
    ).toBe('multi-account')
  })
})

describe('toPaystarPaymentRequest', () => {
  it('sends Money amounts as the same integer cents, to the cent, whatever the amounts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1_000_000_000_00 }), { minLength: 1, maxLength: 25 }),
        (cents) => {
          const input = schema.parse({
            lineItems: cents.map((amount) => ({ amount: { amount, currency: 'USD' }, description: 'Bill' })),
          })
          const body = toPaystarPaymentRequest(input, context)
          expect(body.Charges.map((charge) => charge.Amount)).toEqual(cents)
          expect(body.Charges.every((charge) => Number.isSafeInteger(charge.Amount))).toBe(true)
        },
      ),
    )
  })

  it('leaves out every optional field that was not given', () => {
    const input = schema.parse({ amount: { amount: 1, currency: 'USD' }, description: 'Bill' })
    expect(toPaystarPaymentRequest(input, context)).toEqual({
      BusinessUnitSlug: 'acme-utilities',
      Channel: 'QuickPay',
      Charges: [{ Amount: 1, Description: 'Bill' }],
    })
  })

  it('maps the customer to ClientUser without splitting names', () => {
    const input = schema.parse({
      amount: { amount: 1, currency: 'USD' },
      description: 'Bill',
      customer: { email: 'jane@example.com', firstName: 'Jane' },
    })
    expect(toPaystarPaymentRequest(input, context).ClientUser).toEqual({
      EmailAddress: 'jane@example.com',
      FirstName: 'Jane',
    })
  })
})

describe('toPaymentSession', () => {
  const data = {
    PaymentSessionIdentifier: 's-1',
    PaymentLogInLink: 'https://dev.paystar.io/x',
    Status: 'RequiresPaymentSource',
  }
  it('expires 30 minutes after the request and keeps the native data as raw', () => {
    const session = toPaymentSession(data, {
      requestedAt: Date.UTC(2026, 0, 1, 12, 0, 0),
      subtotal: { amount: 1079, currency: 'USD' },
      reference: undefined,
      statuses: DEFAULT_SESSION_STATUSES,
    })
    expect(PAYMENT_SESSION_LIFETIME_MS).toBe(1_800_000)
    expect(session.expiresAt).toEqual(new Date(Date.UTC(2026, 0, 1, 12, 30, 0)))
    expect(session.raw).toBe(data)
    expect('reference' in session).toBe(false)
  })

  it('maps status words it is told about and falls back to open', () => {
    expect(toSessionStatus('RequiresPaymentSource', DEFAULT_SESSION_STATUSES)).toBe('open')
    expect(toSessionStatus('Expired', { Expired: 'expired' })).toBe('expired')
    expect(toSessionStatus('toString', DEFAULT_SESSION_STATUSES)).toBe('open')
    expect(toSessionStatus('Whatever', DEFAULT_SESSION_STATUSES)).toBe('open')
  })
})
