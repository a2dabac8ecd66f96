import { fileURLToPath } from 'node:url'
import { type ServedFetchHandler, serveFetchHandler } from '@paymux/core/emulator'
import { browserRequired, chromiumMissing, launchChromium, screenshot } from '@paymux/test-servers'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFastaar } from '../fastaar-gateway.js'
import { type ServedFastaarEmulator, serveFastaarEmulator } from './index.js'

// A buyer in a real Chromium: opens a served emulator's checkout_url, picks bKash, types a TrxID,
// submits, and lands on the shop's success_url with the documented query parameters; the
// payment.completed delivery the shop received verifies. Screenshots: packages/fastaar/test-output/.

const OUTPUT = fileURLToPath(new URL('../../test-output/checkout/', import.meta.url))
const SECRET = 'whsec_browser'
const missing = chromiumMissing()

let browser: Browser
let fastaar: ServedFastaarEmulator
let shop: ServedFetchHandler
const received: { rawBody: string; headers: Headers }[] = []

describe.skipIf(missing !== undefined && !browserRequired)('Fastaar checkout in Chromium', () => {
  beforeAll(async () => {
    // The shop: its thank-you page shows what it was sent back with; its webhook endpoint records deliveries.
    shop = await serveFetchHandler(
      async (request) => {
        const url = new URL(request.url)
        if (url.pathname === '/webhooks/fastaar') {
          received.push({ rawBody: await request.text(), headers: request.headers })
          return new Response(null, { status: 204 })
        }
        const params = [...url.searchParams]
          .map(([key, value]) => `<li data-param="${key}">${value}</li>`)
          .join('')
        return new Response(
          `<!doctype html><title>Shop</title><h1 id="shop-page">${url.pathname}</h1><ul>${params}</ul>`,
          {
            headers: { 'content-type': 'text/html' },
          },
        )
      },
      { port: 0 },
    )
    fastaar = await serveFastaarEmulator({
      webhooks: { secret: SECRET, url: `${shop.url}/webhooks/fastaar` },
    })
    browser = await launchChromium()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await fastaar?.close()
    await shop?.close()
  })

  it('pays by bKash TrxID and returns to success_url with payment_id and invoice_id; the webhook verifies', async () => {
    const gateway = createFastaar({
      apiKey: 'fk_test_browser',
      baseUrl: fastaar.baseUrl,
      webhookSecret: SECRET,
    })
    const session = await gateway.sessions.create({
      amount: { amount: 107_950, currency: 'BDT' },
      reference: 'ORDER-1079',
      successUrl: `${shop.url}/thanks`,
      cancelUrl: `${shop.url}/cart`,
    })
    const page = await browser.newPage()
    await page.goto(session.url)
    expect(await page.textContent('[data-testid="amount"]')).toBe('BDT 1079.50')
    expect(await page.textContent('[data-testid="reference"]')).toBe('ORDER-1079')
    expect(await page.isVisible('[data-testid="test-mode"]')).toBe(true)
    await screenshot(page, `${OUTPUT}1-checkout.png`)

    await page.check('[data-testid="wallet-bkash"]')
    await page.fill('[data-testid="trx-id"]', '8AB2C3D4EF')
    await page.fill('[data-testid="sender-number"]', '01712345678')
    await screenshot(page, `${OUTPUT}2-trxid-typed.png`)
    await Promise.all([page.waitForURL(`${shop.url}/thanks?**`), page.click('[data-testid="submit"]')])

    const landed = new URL(page.url())
    expect(`${landed.origin}${landed.pathname}`).toBe(`${shop.url}/thanks`)
    expect(Object.fromEntries(landed.searchParams)).toEqual({
      payment_id: session.id,
      invoice_id: 'ORDER-1079',
    })
    expect(await page.textContent('[data-param="payment_id"]')).toBe(session.id)
    await screenshot(page, `${OUTPUT}3-success-url.png`)

    await fastaar.emulator.webhooks.settle()
    expect(received).toHaveLength(1)
    const delivery = received[0] as { rawBody: string; headers: Headers }
    const event = await gateway.webhooks.verify({ rawBody: delivery.rawBody, headers: delivery.headers })
    expect(event).toMatchObject({ type: 'payment.succeeded', nativeType: 'payment.completed' })
    expect(event.data).toMatchObject({ id: session.id, status: 'succeeded', reference: 'ORDER-1079' })
    expect(fastaar.emulator.payment(session.id)).toMatchObject({
      status: 'completed',
      provider: 'bkash',
      customer_trx_id: '8AB2C3D4EF',
      customer_sender_number: '01712345678',
    })
    await page.close()
  }, 60_000)

  it('returns to cancel_url on Cancel, the payment still pending', async () => {
    const gateway = createFastaar({ apiKey: 'fk_test_browser', baseUrl: fastaar.baseUrl })
    const session = await gateway.sessions.create({
      amount: { amount: 50_000, currency: 'BDT' },
      reference: 'ORDER-500',
      cancelUrl: `${shop.url}/cart`,
    })
    const page = await browser.newPage()
    await page.goto(session.url)
    await Promise.all([page.waitForURL(`${shop.url}/cart?**`), page.click('[data-testid="cancel"]')])
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      payment_id: session.id,
      invoice_id: 'ORDER-500',
    })
    await screenshot(page, `${OUTPUT}4-cancel-url.png`)
    expect((await gateway.payments.retrieve(session.id)).nativeStatus).toBe('pending')
    await page.close()
  }, 60_000)
})
