import { describe, expect, it } from 'vitest'
import { guideSessionRequest, referencePriceRequest } from '../fixtures/faststar-examples.js'
import { createFastStarEmulator, FASTSTAR_EMULATOR_KEYS } from './index.js'

// The session table's required fields and value rules, answered with the documented
// 400 ("Missing or invalid fields") before anything is stored.

/** The envelope, with the few `data` fields these tests read. */
interface Answer {
  readonly success: boolean
  readonly message: string
  readonly data: { readonly id: string; readonly session: { readonly amount_total: number } }
}

async function post(emulator: ReturnType<typeof createFastStarEmulator>, path: string, body: unknown) {
  const response = await emulator.fetch(`http://emulator.test/api/v1${path}`, {
    method: 'POST',
    headers: { 'x-api-key': FASTSTAR_EMULATOR_KEYS.mor, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Answer }
}

async function withPrices() {
  const emulator = createFastStarEmulator()
  const product = await post(emulator, '/merchant/catalog/products', { name: 'Coffee beans' })
  const oneTime = await post(emulator, '/merchant/catalog/prices', {
    product_id: product.body.data.id,
    currency: 'USD',
    unit_amount: 999,
  })
  const recurring = await post(emulator, '/merchant/catalog/prices', {
    ...referencePriceRequest,
    product_id: product.body.data.id,
  })
  const session = { ...guideSessionRequest, line_items: [{ price_id: oneTime.body.data.id, quantity: 1 }] }
  return { emulator, session, recurringId: recurring.body.data.id as string }
}

describe('checkout session validation', () => {
  it('accepts the guide’s request as documented', async () => {
    const { emulator, session } = await withPrices()
    const created = await post(emulator, '/public/checkout/sessions', session)
    expect(created.status).toBe(200)
    expect(created.body.data.session.amount_total).toBe(1079)
  })

  it('a session without presentation is a 400 naming the field', async () => {
    const { emulator, session } = await withPrices()
    const { presentation: _presentation, ...missing } = session
    const answer = await post(emulator, '/public/checkout/sessions', missing)
    expect(answer).toEqual({
      status: 400,
      body: { success: false, message: 'Missing required field: presentation' },
    })
    expect(emulator.state.sessions.size).toBe(0)
  })

  it.each([['overlay'], [''], [1]])('presentation %j is a 400', async (presentation) => {
    const { emulator, session } = await withPrices()
    const answer = await post(emulator, '/public/checkout/sessions', { ...session, presentation })
    expect(answer.status).toBe(400)
    expect(answer.body.message).toContain('presentation')
    expect(emulator.state.sessions.size).toBe(0)
  })

  it('a recurring price in payment mode is a 400; subscription mode takes it', async () => {
    const { emulator, session, recurringId } = await withPrices()
    const lineItems = [{ price_id: recurringId, quantity: 1 }]
    const refused = await post(emulator, '/public/checkout/sessions', { ...session, line_items: lineItems })
    expect(refused.status).toBe(400)
    expect(refused.body.message).toBe(
      'line_items[0]: payment mode takes one-time or ad hoc prices, not a recurring price',
    )
    const accepted = await post(emulator, '/public/checkout/sessions', {
      ...session,
      mode: 'subscription',
      line_items: lineItems,
    })
    expect(accepted.status).toBe(200)
    expect(emulator.state.sessions.size).toBe(1)
  })

  it.each([['usa'], ['us'], ['U'], ['USA'], ['U1'], [' US']])(
    'buyer_country %j is a 400 naming the field',
    async (country) => {
      const { emulator, session } = await withPrices()
      const answer = await post(emulator, '/public/checkout/sessions', { ...session, buyer_country: country })
      expect(answer).toEqual({
        status: 400,
        body: { success: false, message: 'Invalid field: buyer_country must be an ISO country code' },
      })
      expect(emulator.state.sessions.size).toBe(0)
    },
  )
})
