import { invalidRequestOf, recordingFetch } from '@paymux/core/testing'
import { describe, expect, it } from 'vitest'
import { createPaystar, type PaystarGateway } from './paystar-gateway.js'

// Finding 9 of issue 15: Paystar dropped misspelt keys in silence. Every
// neutral input, and every paystar.manage input, now refuses an unknown key
// before any request, at the key's own path, suggesting the closest known
// name, in the same shape as FastStar and Fastaar (parseInput in core builds it).

const usd = { amount: 15000, currency: 'USD' }
const charge = { amount: usd, description: 'January Water Bill' }
const session = { lineItems: [charge] }
const customer = { email: 'john@example.com', firstName: 'John', lastName: 'Doe' }
const account = { accountNumber: 'ACC-12345' }

type Call = (g: PaystarGateway, input: never) => Promise<unknown>
const create: Call = (g, input) => g.sessions.create(input)
const autopay: Call = (g, input) => g.manage.autopay(input)

/** operation, call, input with one misspelt key, the issue path, the suggested name. */
const CASES: readonly (readonly [string, Call, object, string, string])[] = [
  ['sessions.create', create, { ...session, refrence: 'order-42' }, 'refrence', 'reference'],
  ['sessions.create', create, { ...session, cancelURL: 'https://x.example' }, 'cancelURL', 'cancelUrl'],
  [
    'sessions.create',
    create,
    { lineItems: [{ ...charge, descripton: 'x' }] },
    'lineItems.0.descripton',
    'description',
  ],
  [
    'sessions.create',
    create,
    { lineItems: [{ ...charge, amount: { ...usd, curency: 'USD' } }] },
    'lineItems.0.amount.curency',
    'currency',
  ],
  [
    'sessions.create',
    create,
    { ...session, customer: { ...customer, frstName: 'J' } },
    'customer.frstName',
    'firstName',
  ],
  [
    'sessions.create',
    create,
    { ...session, providerOptions: { paystr: {} } },
    'providerOptions.paystr',
    'paystar',
  ],
  [
    'sessions.create',
    create,
    { ...session, providerOptions: { paystar: { chanel: 'POS' } } },
    'providerOptions.paystar.chanel',
    'channel',
  ],
  [
    'sessions.create',
    create,
    { ...session, providerOptions: { paystar: { accounts: [{ ...account, acountNumber: 'x' }] } } },
    'providerOptions.paystar.accounts.0.acountNumber',
    'accountNumber',
  ],
  ['manage.autopay', autopay, { customer, account, syncAcount: true }, 'syncAcount', 'syncAccount'],
  ['manage.autopay', autopay, { customer, account: { ...account, nmae: 'J' } }, 'account.nmae', 'name'],
  ['manage.autopay', autopay, { customer: { ...customer, emial: 'x' }, account }, 'customer.emial', 'email'],
  [
    'manage.paperless',
    (g, i) => g.manage.paperless(i),
    { customer, account, custmer: {} },
    'custmer',
    'customer',
  ],
  [
    'manage.wallet',
    (g, i) => g.manage.wallet(i),
    { customer: { ...customer, lastname: 'D' } },
    'customer.lastname',
    'lastName',
  ],
  [
    'manage.notifications',
    (g, i) => g.manage.notifications(i),
    { customer, acount: {} },
    'acount',
    'account',
  ],
]

function recordingGateway() {
  const { calls, fetch } = recordingFetch()
  return {
    calls,
    gateway: createPaystar({ apiKey: 'ps_key_unknown', businessUnitSlug: 'acme-utilities', fetch }),
  }
}

describe.each(CASES)(
  '%s refuses a misspelt key before any request',
  (operation, call, input, path, known) => {
    it(`${path} → ${known}`, async () => {
      const { calls, gateway } = recordingGateway()
      const error = await invalidRequestOf(call(gateway, input as never))
      expect(calls).toEqual([])
      const expected = `unknown key; did you mean "${known}"?`
      expect(error.code).toBe('invalid_request')
      expect(error.issues).toContainEqual({ path, message: expected })
      expect(error.message).toContain(`paystar: invalid ${operation} input: `)
      expect(error.message).toContain(`${path}: ${expected}`)
    })
  },
)

it('names the key alone when nothing else is wrong', async () => {
  const { calls, gateway } = recordingGateway()
  const error = await invalidRequestOf(gateway.sessions.create({ ...session, refrence: 'order-42' } as never))
  expect(calls).toEqual([])
  expect({ issues: error.issues, message: error.message }).toEqual({
    issues: [{ path: 'refrence', message: 'unknown key; did you mean "reference"?' }],
    message: 'paystar: invalid sessions.create input: refrence: unknown key; did you mean "reference"?',
  })
})
