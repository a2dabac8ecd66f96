import { describe, expect, it } from 'vitest'
import {
  DOCUMENTED_AUTOPAY_REQUEST,
  DOCUMENTED_NOTIFICATIONS_REQUEST,
  DOCUMENTED_PAPERLESS_REQUEST,
  DOCUMENTED_PAYMENT_REQUEST,
  DOCUMENTED_PAYMENT_RESPONSE,
  DOCUMENTED_WALLET_REQUEST,
  DOCUMENTED_WEBHOOK_BODY,
} from '../fixtures/paystar-documents.js'
import { createPaystarEmulator, type PaystarEmulator, type PaystarEmulatorOptions } from './index.js'
import { sdkOrigin } from './paystar-emulator.js'

// Emulator fidelity: each example of the provider documents, sent to the emulator as the
// documents write it, and its answer checked field by field against the documents.

const API = 'https://dev-gateway.paystar.io'
const SECRET = 'whsec_documents'

function emulatorWith(options: PaystarEmulatorOptions = {}): PaystarEmulator {
  return createPaystarEmulator({ webhooks: { secret: SECRET }, ...options })
}

async function post(emulator: PaystarEmulator, path: string, body: unknown, origin = API) {
  const response = await emulator.handler(
    new Request(`${origin}/integrations/embedded/${path}`, {
      method: 'POST',
      headers: { 'x-paystar-api-key': emulator.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  )
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

const SESSION_LINK = /^https:\/\/dev\.paystar\.io\/app\/embedded\/acme-utilities\/session\/([^/?#]+)$/

describe('emulator fidelity: the documents’ example requests, answered as documented', () => {
  it('"Create Payment Session": the initiate answer of the supplement, field by field', async () => {
    const emulator = emulatorWith()
    const { status, json } = await post(emulator, 'initiate', DOCUMENTED_PAYMENT_REQUEST)
    expect(status).toBe(200)
    const documented = DOCUMENTED_PAYMENT_RESPONSE
    expect(Object.keys(json).sort()).toEqual(Object.keys(documented).sort())
    expect(json.hasErrors).toBe(documented.hasErrors)
    expect(json.errors).toEqual(documented.errors)
    const data = json.data as Record<string, unknown>
    expect(Object.keys(data).sort()).toEqual(Object.keys(documented.data).sort())
    expect(data.Status).toBe(documented.data.Status)
    expect(typeof data.PaymentSessionIdentifier).toBe('string')
    // The documented link is on the SDK host with the business unit and the session id in its path.
    const link = SESSION_LINK.exec(String(data.PaymentLogInLink))
    expect(link?.[1]).toBe(data.PaymentSessionIdentifier)
    expect(
      documented.data.PaymentLogInLink.startsWith(
        'https://dev.paystar.io/app/embedded/acme-utilities/session/',
      ),
    ).toBe(true)
    // The example's account and user are synced as the reference says.
    expect(emulator.store.accounts.get('acme-utilities\u0000ACC-12345')).toMatchObject({
      AccountNumber: 'ACC-12345',
      Name: 'John Doe',
      Balance: 15000,
    })
    expect(emulator.store.users.get('john@example.com')).toEqual({
      EmailAddress: 'john@example.com',
      FirstName: 'John',
      LastName: 'Doe',
    })
  })

  it.each([
    ['initiate-manage-autopay', DOCUMENTED_AUTOPAY_REQUEST, 'autopay'],
    ['initiate-manage-wallet', DOCUMENTED_WALLET_REQUEST, 'wallet'],
    ['initiate-manage-paperless', DOCUMENTED_PAPERLESS_REQUEST, 'paperless'],
    ['initiate-manage-notifications', DOCUMENTED_NOTIFICATIONS_REQUEST, 'notifications'],
  ] as const)(
    '"%s": the example is accepted; a 60-minute management session on the SDK host',
    async (path, body, kind) => {
      const start = Date.UTC(2026, 0, 1)
      const emulator = emulatorWith()
      emulator.clock.set(start)
      const { status, json } = await post(emulator, path, body)
      expect(status).toBe(200)
      expect(json.hasErrors).toBe(false)
      expect(json.errors).toEqual([])
      const data = json.data as Record<string, unknown>
      expect(Object.keys(data).sort()).toEqual(['SessionLink', 'SessionStatus', 'ValidUntil'])
      const id = SESSION_LINK.exec(String(data.SessionLink))?.[1] ?? ''
      const session = emulator.session(id)
      expect(session?.kind).toBe(kind)
      expect(data.SessionStatus).toBe('Active')
      // "Management sessions … 60 minutes"; the clock runs on from `start`, so the bound is a window.
      const validUntil = Date.parse(String(data.ValidUntil))
      expect(validUntil).toBe(session?.expiresAt)
      expect(validUntil - start).toBeGreaterThanOrEqual(60 * 60_000)
      expect(validUntil - start).toBeLessThan(60 * 60_000 + 5_000)
      expect(emulator.store.users.get('john@example.com')?.FirstName).toBe('John')
    },
  )

  it('the webhook example: a paid session delivers the supplement’s body, field by field', async () => {
    const emulator = emulatorWith({ serviceFeeCents: 1012 })
    const { json } = await post(emulator, 'initiate', {
      ...DOCUMENTED_PAYMENT_REQUEST,
      Charges: [{ Amount: 30034, Description: 'January Water Bill' }],
    })
    const id = String((json.data as Record<string, unknown>).PaymentSessionIdentifier)
    await emulator.pay(id)
    const delivery = emulator.webhooks.deliveries.at(-1)
    const body = JSON.parse(delivery?.body ?? '{}') as { action: string; payload: Record<string, unknown> }
    expect(body.action).toBe(DOCUMENTED_WEBHOOK_BODY.action)
    const documented: Record<string, unknown> = DOCUMENTED_WEBHOOK_BODY.payload
    // Every documented field is there, with the documented types and formats…
    for (const field of Object.keys(documented)) expect(typeof body.payload[field]).toBe('string')
    expect(body.payload).toMatchObject({
      sessionIdentifier: id,
      status: documented.status,
      amount: documented.amount,
      amountFormatted: documented.amountFormatted,
      serviceFee: documented.serviceFee,
    })
    expect(body.payload.referenceNumber).toMatch(/^[A-Z]{6}-[A-Z]{5}$/)
    expect(String(documented.referenceNumber)).toMatch(/^[A-Z]{6}-[A-Z]{5}$/)
    // …and only the two fields the default template adds (named on the docs page).
    expect(Object.keys(body.payload).sort()).toEqual(
      [...Object.keys(documented), 'clientReference', 'accountNumber'].sort(),
    )
  })
})

describe('emulator: session links on the SDK host (API reference, base URL table)', () => {
  it('maps the development API host to the development SDK host; production and others keep theirs', async () => {
    expect(sdkOrigin('https://dev-gateway.paystar.io')).toBe('https://dev.paystar.io')
    expect(sdkOrigin('https://secure.paystar.io')).toBe('https://secure.paystar.io')
    expect(sdkOrigin('http://127.0.0.1:4012')).toBe('http://127.0.0.1:4012')
    const emulator = emulatorWith()
    const production = await post(
      emulator,
      'initiate',
      DOCUMENTED_PAYMENT_REQUEST,
      'https://secure.paystar.io',
    )
    expect(String((production.json.data as Record<string, unknown>).PaymentLogInLink)).toMatch(
      /^https:\/\/secure\.paystar\.io\/app\/embedded\/acme-utilities\/session\//,
    )
    const local = await post(emulator, 'initiate', DOCUMENTED_PAYMENT_REQUEST, 'http://127.0.0.1:4012')
    expect(String((local.json.data as Record<string, unknown>).PaymentLogInLink)).toMatch(
      /^http:\/\/127\.0\.0\.1:4012\/app\/embedded\/acme-utilities\/session\//,
    )
  })

  it('linkOrigin still replaces the origin of every link', async () => {
    const emulator = emulatorWith({ linkOrigin: 'https://pay.example' })
    const { json } = await post(emulator, 'initiate-manage-wallet', DOCUMENTED_WALLET_REQUEST)
    expect(String((json.data as Record<string, unknown>).SessionLink)).toMatch(
      /^https:\/\/pay\.example\/app\//,
    )
  })
})

describe('emulator: PosUser is the agent’s Paystar email (supplement)', () => {
  const pos = (PosUser: unknown) => ({
    BusinessUnitSlug: 'acme-utilities',
    Channel: 'POS',
    PosUser,
    Charges: [{ Amount: 100 }],
  })

  it.each(['x', 'agent', 'agent@', '@biller.example', 'agent@biller', 'a gent@biller.example', '', 42])(
    'refuses PosUser %j',
    async (value) => {
      const emulator = emulatorWith()
      const { status, json } = await post(emulator, 'initiate', pos(value))
      expect(status).toBe(400)
      expect(json.errors).toEqual(['PosUser must be an email address.'])
      expect(emulator.stats.sessionsCreated).toBe(0)
    },
  )

  it('accepts an email', async () => {
    const emulator = emulatorWith()
    const { status } = await post(emulator, 'initiate', pos('agent@biller.example'))
    expect(status).toBe(200)
  })
})
