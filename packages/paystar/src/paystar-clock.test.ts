import { InvalidRequestError } from '@paymux/core'
import { createEmulatorClock } from '@paymux/core/emulator'
import { describe, expect, it } from 'vitest'
import { createPaystar } from './paystar-gateway.js'
import type { PaystarSettings } from './paystar-settings.js'
import { createPaystarEmulator, type PaystarEmulatorOptions, servePaystarEmulator } from './testing/index.js'

const SECRET = 'whsec_clock'
const T0 = Date.UTC(2031, 4, 6, 7, 8, 9)
const bill = { amount: { amount: 1079, currency: 'USD' }, description: 'March water bill' }
const customer = { email: 'john@example.com', firstName: 'John', lastName: 'Doe' }

function gateway(settings: Partial<PaystarSettings> = {}, options: PaystarEmulatorOptions = {}) {
  const emulator = createPaystarEmulator({ webhooks: { secret: SECRET }, ...options })
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
    const delivery = emulator.webhooks.deliveries.at(-1)
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

  it('without it, a gateway given the emulator’s fetch follows the emulator’s clock', async () => {
    const clock = createEmulatorClock({ start: T0, frozen: true })
    const { emulator, paystar } = gateway({}, { clock })
    const session = await paystar.sessions.create(bill)
    expect(session.expiresAt?.getTime()).toBe(T0 + 30 * 60_000)
    await emulator.advance(60_000)
    const wallet = await paystar.manage.wallet({ customer })
    expect(wallet.expiresAt.getTime()).toBe(T0 + 61 * 60_000)
    await emulator.pay(session.id)
    const delivery = emulator.webhooks.deliveries.at(-1)
    if (delivery === undefined) throw new Error('no delivery')
    expect((await paystar.webhooks.verify(delivery.request)).occurredAt.getTime()).toBe(T0 + 60_000)
  })

  it('without it, a gateway pointed at a served emulator’s baseUrl follows its clock until it closes', async () => {
    const served = await servePaystarEmulator({ clock: createEmulatorClock({ start: T0, frozen: true }) })
    const paystar = createPaystar({
      apiKey: served.emulator.apiKey,
      businessUnitSlug: served.emulator.businessUnitSlug,
      baseUrl: served.baseUrl,
    })
    try {
      expect(served.baseUrl).toBe(served.url)
      const session = await paystar.sessions.create(bill)
      expect(session.expiresAt?.getTime()).toBe(T0 + 30 * 60_000)
    } finally {
      await served.close()
    }
    // Closed: the registry entry is gone, and a wall-clock gateway is far from T0.
    expect(Math.abs(Date.now() - T0)).toBeGreaterThan(24 * 60 * 60_000)
  })
})
