import { InvalidRequestError } from '@paymux/core'
import { describe, expect, it } from 'vitest'
import { createPaystar } from './paystar-gateway.js'
import type { PaystarSettings } from './paystar-settings.js'
import { createPaystarEmulator } from './testing/index.js'

const SECRET = 'whsec_clock'
const T0 = Date.UTC(2031, 4, 6, 7, 8, 9)
const bill = { amount: { amount: 1079, currency: 'USD' }, description: 'March water bill' }
const customer = { email: 'john@example.com', firstName: 'John', lastName: 'Doe' }

function gateway(settings: Partial<PaystarSettings> = {}) {
  const emulator = createPaystarEmulator({ webhook: { secret: SECRET } })
  const paystar = createPaystar({
    apiKey: emulator.apiKey,
    businessUnitSlug: emulator.businessUnitSlug,
    webhookSecret: SECRET,
    fetch: emulator.fetch,
    ...settings,
  })
  return { emulator, paystar }
}

describe('the gateway’s `now` setting', () => {
  it('dates expiresAt of payment and management sessions, and occurredAt of webhook events', async () => {
    const { emulator, paystar } = gateway({ now: () => T0 })
    // The emulator's own ValidUntil (its clock) only shortens expiresAt when earlier.
    emulator.clock.set(T0)
    const session = await paystar.sessions.create(bill)
    expect(session.expiresAt?.getTime()).toBe(T0 + 30 * 60_000)
    const wallet = await paystar.manage.wallet({ customer })
    expect(wallet.expiresAt.getTime()).toBe(T0 + 60 * 60_000)
    const autopay = await paystar.manage.autopay({
      customer,
      account: { accountNumber: 'A-1' },
      syncAccount: true,
    })
    expect(autopay.expiresAt.getTime()).toBe(T0 + 60 * 60_000)
    await emulator.pay(session.id)
    const delivery = emulator.store.deliveries.at(-1)
    if (delivery === undefined) throw new Error('no delivery')
    const event = await paystar.webhooks.verify({
      rawBody: delivery.body,
      headers: delivery.headers,
      url: delivery.url,
    })
    expect(event.occurredAt.getTime()).toBe(T0)
  })

  it('is read on every call, not once', async () => {
    let time = T0
    const { paystar } = gateway({ now: () => time })
    const first = await paystar.sessions.create(bill)
    time += 5 * 60_000
    const second = await paystar.sessions.create(bill)
    expect((second.expiresAt?.getTime() ?? 0) - (first.expiresAt?.getTime() ?? 0)).toBe(5 * 60_000)
  })

  it.each([5, 'Date.now', null, {}])('refuses now: %j, naming the setting', (now) => {
    const error = (() => {
      try {
        createPaystar({ apiKey: 'k', businessUnitSlug: 'acme-utilities', now } as unknown as PaystarSettings)
      } catch (caught) {
        return caught
      }
      return undefined
    })()
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(['now'])
  })
})
