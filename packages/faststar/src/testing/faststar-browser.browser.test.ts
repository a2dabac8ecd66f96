import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { browserRequired, chromiumMissing, launchChromium, screenshot } from '@paymux/test-servers'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFastStar } from '../faststar-gateway.js'
import { htmlServer, postApi } from './faststar-browser.test-support.js'
import { FASTSTAR_EMULATOR_KEYS, type ServedFastStarEmulator, serveFastStarEmulator } from './index.js'

// The browser half in a real Chromium: a plain shop page on its own loopback origin
// loads the emulator's /sdk/v1/faststar.min.js, opens the overlay and the card page,
// and the buyer clicks through them. Screenshots land in packages/faststar/test-output/browser/.

const OUTPUT = fileURLToPath(new URL('../../test-output/browser/', import.meta.url))
const KEY = FASTSTAR_EMULATOR_KEYS.direct

let browser: Browser
let served: ServedFastStarEmulator
let shop: Server
let shopUrl: string
let forger: Server
let forgerUrl: string
const received: { rawBody: string; headers: Headers }[] = []

const missing = chromiumMissing()

describe.skipIf(missing !== undefined && !browserRequired)('FastStar in a real browser', () => {
  beforeAll(async () => {
    served = await serveFastStarEmulator({
      webhooks: {
        url: 'https://shop.example/webhooks/faststar',
        fetch: async (request) => {
          received.push({ rawBody: await request.text(), headers: request.headers })
          return new Response('ok')
        },
      },
    })
    // The shop: two handlers for checkout.success (both must run, in order), a log of card callbacks.
    ;({ server: shop, url: shopUrl } = await htmlServer(
      () => `<!doctype html><html><head><meta charset="utf-8"><title>Test shop</title></head>
<body style="font:16px system-ui;padding:24px"><h1>Test shop</h1><p id="status">Browsing</p>
<script src="${served.url}/sdk/v1/faststar.min.js"></script>
<script>
  window.events = []
  window.cards = []
  FastStar.on('checkout.success', function (data) { window.events.push(['first', data]) })
  FastStar.on('checkout.success', function (data) {
    window.events.push(['second', data])
    document.getElementById('status').textContent = 'Thank you: ' + data.checkout_session_id
  })
  window.cardCallbacks = {
    onSuccess: function (card) { window.cards.push(['success', card]) },
    onCancel: function () { window.cards.push(['cancel']) },
    onError: function (error) { window.cards.push(['error', error.message]) },
  }
</script></body></html>`,
    ))
    // Another origin whose page posts a well-formed checkout.success to its parent.
    ;({ server: forger, url: forgerUrl } = await htmlServer(
      () =>
        `<!doctype html><script>parent.postMessage({ source: 'faststar', type: 'checkout.success', checkout_session_id: 'cs_forged' }, '*')</script>`,
    ))
    browser = await launchChromium()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await served?.close()
    shop?.close()
    forger?.close()
  })

  const gateway = () =>
    createFastStar({ apiKey: KEY, baseUrl: served.baseUrl, webhookSecret: served.emulator.webhookSecret })

  const api = (path: string, body: unknown) => postApi(served, path, body)

  async function checkoutSession(reference: string) {
    const data = await api('/public/checkout/sessions', {
      mode: 'payment',
      presentation: 'iframe',
      line_items: [
        { ad_hoc_amount: 2500, ad_hoc_currency: 'USD', quantity: 1, description: 'Espresso machine' },
      ],
      customer_email: 'jane@example.com',
      buyer_country: 'US',
      client_reference_id: reference,
      success_url: `${shopUrl}/thanks`,
      cancel_url: `${shopUrl}/cart`,
    })
    return { id: (data.session as { id: string }).id, url: data.url as string }
  }

  /** The verified events of every delivery so far whose body names `sessionId`. */
  async function verifiedFor(sessionId: string) {
    await served.emulator.webhooks.settle()
    const mine = received.filter((delivery) => delivery.rawBody.includes(sessionId))
    return Promise.all(mine.map((delivery) => gateway().webhooks.verify(delivery)))
  }

  async function shopPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1024, height: 720 } })
    await page.goto(shopUrl)
    return page
  }

  it('pays in the overlay: checkout.success reaches both handlers, the payment.succeeded delivery verifies', async () => {
    const page = await shopPage()
    const session = await checkoutSession('order_browser_1')
    await page.evaluate((url) => window.FastStar.checkout.open({ url }), session.url)
    const overlay = page.frameLocator('#faststar-overlay-frame')
    await expect.poll(() => overlay.locator('#faststar-email').inputValue()).toBe('jane@example.com')
    expect(await overlay.locator('#faststar-total').textContent()).toBe('USD 27.00')
    await screenshot(page, `${OUTPUT}01-overlay-open.png`)
    await overlay.locator('#faststar-pay').click()
    await page.waitForFunction(() => window.events.length === 2)
    const expected = { checkout_session_id: session.id }
    expect(await page.evaluate(() => window.events)).toEqual([
      ['first', expected],
      ['second', expected],
    ])
    expect(await page.locator('#faststar-overlay').count()).toBe(0)
    expect(page.url()).toBe(`${shopUrl}/`)
    await screenshot(page, `${OUTPUT}02-checkout-success.png`)
    const [event] = await verifiedFor(session.id)
    expect(event?.type).toBe('payment.succeeded')
    expect(event?.data).toMatchObject({
      status: 'succeeded',
      amount: { amount: 2700, currency: 'USD' },
      reference: 'order_browser_1',
    })
    await page.close()
  }, 60_000)

  it('3-D Secure fail → payment.failed; Cancel then closes the overlay with payment.canceled and no success', async () => {
    const page = await shopPage()
    const session = await checkoutSession('order_browser_2')
    await page.evaluate((url) => window.FastStar.checkout.open({ url }), session.url)
    const overlay = page.frameLocator('#faststar-overlay-frame')
    await overlay.locator('#faststar-card').selectOption('requiresAuthentication')
    await overlay.locator('#faststar-pay').click()
    await overlay.locator('#faststar-challenge').waitFor()
    await screenshot(page, `${OUTPUT}03-3ds-challenge.png`)
    await overlay.locator('#faststar-challenge-fail').click()
    await expect.poll(() => overlay.locator('#faststar-error').textContent()).toContain('3-D Secure')
    await overlay.locator('#faststar-cancel').click()
    await expect.poll(() => page.locator('#faststar-overlay').count()).toBe(0)
    expect(await page.evaluate(() => window.events)).toEqual([])
    const events = await verifiedFor(session.id)
    expect(events.map((event) => event.type)).toEqual(['payment.failed', 'payment.canceled'])
    expect(events[0]?.data).toMatchObject({ status: 'failed', amount: { amount: 2700, currency: 'USD' } })
    await page.close()
  }, 60_000)

  it('cards.add: a declined card can be retried; onSuccess gets the masked card the emulator saved', async () => {
    const page = await shopPage()
    const customer = await api('/public/customers', { email: 'jane@example.com', name: 'Jane Buyer' })
    const setupIntent = await api(`/public/customers/${customer.id}/setup-intent`, {})
    await page.evaluate((session) => window.FastStar.cards.add(session, window.cardCallbacks), setupIntent)
    const modal = page.frameLocator('#faststar-card-modal-frame')
    await modal.locator('#faststar-card').selectOption('declined')
    await modal.locator('#faststar-save-card').click()
    await expect.poll(() => modal.locator('#faststar-card-error').textContent()).toContain('declined')
    await modal.locator('#faststar-card').selectOption('mastercard')
    await screenshot(page, `${OUTPUT}04-card-popup.png`)
    await modal.locator('#faststar-save-card').click()
    await page.waitForFunction(() => window.cards.length === 1)
    const [saved] = [...served.emulator.state.paymentMethods.values()].filter(
      (method) => method.customer_id === customer.id,
    )
    expect(await page.evaluate(() => window.cards)).toEqual([
      ['success', { id: saved?.id, brand: 'mastercard', last4: '4444', exp_month: 12, exp_year: 2030 }],
    ])
    expect(await page.locator('#faststar-card-modal').count()).toBe(0)
    const attachCall = served.emulator.state.requests.find((request) =>
      request.path.endsWith(`/customers/${customer.id}/payment-methods`),
    )
    expect(attachCall).toMatchObject({ method: 'POST', hadApiKey: false, auth: 'client_secret' })
    expect(JSON.stringify(served.emulator.state.requests)).not.toContain(setupIntent.client_secret as string)
    // The merchant's server attaching again gets the same card.
    const again = await gateway().paymentMethods.attach(customer.id as string, {
      setupIntentId: setupIntent.setup_intent_id as string,
    })
    expect(again.id).toBe(saved?.id)
    await page.close()
  }, 60_000)

  it('cards.add: the × closes the modal and calls onCancel', async () => {
    const page = await shopPage()
    const customer = await api('/public/customers', { email: 'ann@example.com' })
    const setupIntent = await api(`/public/customers/${customer.id}/setup-intent`, {})
    await page.evaluate((session) => window.FastStar.cards.add(session, window.cardCallbacks), setupIntent)
    await page.frameLocator('#faststar-card-modal-frame').locator('#faststar-save-card').waitFor()
    await page.locator('#faststar-card-modal-close').click()
    expect(await page.evaluate(() => window.cards)).toEqual([['cancel']])
    expect(await page.locator('#faststar-card-modal').count()).toBe(0)
    await page.close()
  }, 60_000)

  it('checkout.open throws for a URL on another origin, and opens nothing', async () => {
    const page = await shopPage()
    const outcome = await page.evaluate(() => {
      try {
        window.FastStar.checkout.open({ url: 'https://evil.example/checkout/cs_1?token=t' })
        return 'opened'
      } catch (error) {
        return (error as Error).message
      }
    })
    expect(outcome).toBe(
      `FastStar.checkout.open only opens URLs on ${served.url}, http://localhost:${served.port}, http://[::1]:${served.port}, https://cashier.faststarpay.com, https://merchant.faststarpay.com, not https://evil.example`,
    )
    expect(await page.locator('#faststar-overlay').count()).toBe(0)
    await page.close()
  }, 60_000)

  it('ignores a checkout.success posted by another origin or window; the real one still arrives', async () => {
    const page = await shopPage()
    const session = await checkoutSession('order_browser_3')
    await page.evaluate((url) => window.FastStar.checkout.open({ url }), session.url)
    const overlay = page.frameLocator('#faststar-overlay-frame')
    await overlay.locator('#faststar-pay').waitFor()
    await page.evaluate((src) => {
      const frame = document.createElement('iframe')
      frame.src = src
      document.body.appendChild(frame)
      window.postMessage(
        { source: 'faststar', type: 'checkout.success', checkout_session_id: 'cs_forged' },
        '*',
      )
      return new Promise((resolve) => frame.addEventListener('load', resolve))
    }, `${forgerUrl}/forger.html`)
    // Give both forged messages time to be dispatched before asserting nothing happened.
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => window.events)).toEqual([])
    expect(await page.locator('#faststar-overlay').count()).toBe(1)
    await overlay.locator('#faststar-pay').click()
    await page.waitForFunction(() => window.events.length === 2)
    expect(await page.evaluate(() => window.events[0])).toEqual([
      'first',
      { checkout_session_id: session.id },
    ])
    await page.close()
  }, 60_000)
})

declare global {
  interface Window {
    FastStar: {
      checkout: { open(options: { url: string }): void }
      on(name: string, handler: (data: unknown) => void): void
      cards: { add(session: unknown, callbacks: unknown): void }
    }
    events: unknown[]
    cards: unknown[]
    cardCallbacks: unknown
  }
}
