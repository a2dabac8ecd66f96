import type { Server } from 'node:http'
import { browserRequired, chromiumMissing, launchChromium } from '@paymux/test-servers'
import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { htmlServer, postApi } from './faststar-browser.test-support.js'
import {
  createFastStarEmulator,
  FASTSTAR_EMULATOR_KEYS,
  type FastStarEmulator,
  type ServedFastStarEmulator,
  serveFastStarEmulator,
} from './index.js'

// The script's side of the `browser: { … }` options in a real Chromium: the emulator
// names (checkout.cancel / checkout.close), overlaySuccess 'success_url', the window
// popup, the callback names, cardPageAuth 'none'; and FastStar.on / off themselves.

const KEY = FASTSTAR_EMULATOR_KEYS.direct

let browser: Browser
let shop: Server
let shopUrl: string
let plain: ServedFastStarEmulator
let custom: ServedFastStarEmulator

const missing = chromiumMissing()

describe.skipIf(missing !== undefined && !browserRequired)(
  'FastStar browser options in a real browser',
  () => {
    beforeAll(async () => {
      plain = await serveFastStarEmulator()
      custom = await serveFastStarEmulator({
        browser: {
          extraEvents: true,
          overlaySuccess: 'success_url',
          cardsAdd: 'window',
          cardCallbacks: 'on',
          cardPageAuth: 'none',
        },
      })
      // The shop loads the script of the emulator named in ?emulator=; its handlers log to sessionStorage,
      // which survives the navigation overlaySuccess 'success_url' makes.
      ;({ server: shop, url: shopUrl } = await htmlServer((path) => {
        const emulator = new URL(path, 'http://shop').searchParams.get('emulator') ?? ''
        const script = emulator === '' ? '' : `<script src="${emulator}/sdk/v1/faststar.min.js"></script>`
        return `<!doctype html><html><body><h1>Shop</h1>${script}<script>
  window.log = function (entry) {
    var all = JSON.parse(sessionStorage.getItem('log') || '[]'); all.push(entry)
    sessionStorage.setItem('log', JSON.stringify(all))
  }
  window.readLog = function () { return JSON.parse(sessionStorage.getItem('log') || '[]') }
  if (window.FastStar) ['checkout.success', 'checkout.cancel', 'checkout.close'].forEach(function (name) {
    FastStar.on(name, function (data) { log([name, data]) })
  })
</script></body></html>`
      }))
      browser = await launchChromium()
    }, 60_000)

    afterAll(async () => {
      await browser?.close()
      await plain?.close()
      await custom?.close()
      shop?.close()
    })

    async function sessionUrl(served: ServedFastStarEmulator) {
      const data = await postApi(served, '/public/checkout/sessions', {
        mode: 'payment',
        presentation: 'iframe',
        line_items: [{ ad_hoc_amount: 1200, ad_hoc_currency: 'USD', quantity: 1 }],
        success_url: `${shopUrl}/thanks`,
        cancel_url: `${shopUrl}/cart`,
      })
      return { id: (data.session as { id: string }).id, url: data.url as string }
    }

    async function shopPage(served: ServedFastStarEmulator): Promise<Page> {
      const page = await browser.newPage()
      await page.goto(`${shopUrl}/?emulator=${encodeURIComponent(served.url)}`)
      return page
    }

    const open = (page: Page, url: string) =>
      page.evaluate((u) => window.FastStar.checkout.open({ url: u }), url)
    const overlayFrame = (page: Page) => page.frameLocator('#faststar-overlay-frame')

    it('extraEvents: × fires checkout.close, Cancel fires checkout.cancel; by default neither fires', async () => {
      const page = await shopPage(custom)
      const first = await sessionUrl(custom)
      await open(page, first.url)
      await overlayFrame(page).locator('#faststar-pay').waitFor()
      await page.locator('#faststar-overlay-close').click()
      const second = await sessionUrl(custom)
      await open(page, second.url)
      await overlayFrame(page).locator('#faststar-cancel').click()
      await expect.poll(() => page.locator('#faststar-overlay').count()).toBe(0)
      expect(await page.evaluate(() => window.readLog())).toEqual([
        ['checkout.close', { checkout_session_id: first.id }],
        ['checkout.cancel', { checkout_session_id: second.id }],
      ])
      expect(page.url()).toBe(`${shopUrl}/?emulator=${encodeURIComponent(custom.url)}`)

      const quiet = await shopPage(plain)
      const third = await sessionUrl(plain)
      await open(quiet, third.url)
      await overlayFrame(quiet).locator('#faststar-cancel').click()
      await expect.poll(() => quiet.locator('#faststar-overlay').count()).toBe(0)
      expect(await quiet.evaluate(() => window.readLog())).toEqual([])
      await page.close()
      await quiet.close()
    }, 60_000)

    it('overlaySuccess success_url: checkout.success fires, then the page goes to success_url', async () => {
      const page = await shopPage(custom)
      const session = await sessionUrl(custom)
      await open(page, session.url)
      await overlayFrame(page).locator('#faststar-pay').click()
      await page.waitForURL(`${shopUrl}/thanks`)
      expect(await page.evaluate(() => window.readLog())).toEqual([
        ['checkout.success', { checkout_session_id: session.id }],
      ])
      await page.close()
    }, 60_000)

    it("cardsAdd window + cardPageAuth none + cardCallbacks 'on': a popup, onSuccess({ setup_intent_id }), no bare alias", async () => {
      const page = await shopPage(custom)
      const customer = await postApi(custom, '/public/customers', { email: 'jane@example.com' })
      const setupIntent = await postApi(custom, `/public/customers/${customer.id}/setup-intent`, {})
      const [popup] = await Promise.all([
        page.waitForEvent('popup'),
        page.evaluate((session) => {
          window.FastStar.cards.add(session, {
            onSuccess: (result: unknown) => window.log(['onSuccess', result]),
            success: (result: unknown) => window.log(['success', result]),
          })
        }, setupIntent),
      ])
      expect(await page.locator('#faststar-card-modal').count()).toBe(0)
      await popup.locator('#faststar-save-card').click()
      // The script closes its popup once the card page reports back.
      await expect.poll(() => popup.isClosed()).toBe(true)
      expect(await page.evaluate(() => window.readLog())).toEqual([
        ['onSuccess', { setup_intent_id: setupIntent.setup_intent_id }],
      ])
      // Nothing attached: with cardPageAuth 'none' the merchant's server does it.
      expect(custom.emulator.state.paymentMethods.size).toBe(0)
      expect(custom.emulator.state.setupIntents.get(setupIntent.setup_intent_id as string)?.status).toBe(
        'succeeded',
      )
      const attached = await postApi(custom, `/public/customers/${customer.id}/payment-methods`, {
        setup_intent_id: setupIntent.setup_intent_id,
      })
      expect(attached).toMatchObject({ brand: 'visa', last4: '4242' })
      await page.close()
    }, 60_000)

    it('by default the bare success / cancel names work too', async () => {
      const page = await shopPage(plain)
      const customer = await postApi(plain, '/public/customers', { email: 'ann@example.com' })
      for (const action of ['#faststar-save-card', '#faststar-card-cancel']) {
        const setupIntent = await postApi(plain, `/public/customers/${customer.id}/setup-intent`, {})
        await page.evaluate((session) => {
          window.FastStar.cards.add(session, {
            success: (card: { last4: string }) => window.log(['success', card.last4]),
            cancel: () => window.log(['cancel']),
          })
        }, setupIntent)
        await page.frameLocator('#faststar-card-modal-frame').locator(action).click()
        await expect.poll(() => page.locator('#faststar-card-modal').count()).toBe(0)
      }
      expect(await page.evaluate(() => window.readLog())).toEqual([['success', '4242'], ['cancel']])
      await page.close()
    }, 60_000)

    it('FastStar.off removes one handler; on() with a bad handler and open() with no url throw TypeErrors', async () => {
      const page = await shopPage(plain)
      const session = await sessionUrl(plain)
      const thrown = await page.evaluate((url) => {
        const keep = (data: unknown) => window.log(['keep', data])
        const drop = (data: unknown) => window.log(['drop', data])
        // `off` is an emulator extra, outside the documented surface the other browser test types.
        const sdk = window.FastStar as typeof window.FastStar & {
          off(name: string, handler: (data: unknown) => void): void
        }
        sdk.on('checkout.success', drop)
        sdk.on('checkout.success', keep)
        sdk.off('checkout.success', drop)
        const messages: string[] = []
        for (const bad of [
          () => window.FastStar.on('checkout.success', 'x' as never),
          () => window.FastStar.checkout.open({} as never),
        ]) {
          try {
            bad()
          } catch (error) {
            messages.push(`${(error as Error).name}: ${(error as Error).message}`)
          }
        }
        window.FastStar.checkout.open({ url })
        return messages
      }, session.url)
      expect(thrown).toEqual([
        'TypeError: FastStar.on(name, handler): name must be a string and handler a function',
        'TypeError: FastStar.checkout.open({ url }): url must be the session url',
      ])
      await overlayFrame(page).locator('#faststar-pay').click()
      await expect.poll(() => page.evaluate(() => window.readLog().length)).toBe(2)
      expect(await page.evaluate(() => window.readLog())).toEqual([
        ['checkout.success', { checkout_session_id: session.id }],
        ['keep', { checkout_session_id: session.id }],
      ])
      await page.close()
    }, 60_000)
  },
)

/** Answers a browser request with the emulator's handler, as if it were FastStar's host. */
async function answer(emulator: FastStarEmulator, route: Route): Promise<void> {
  const request = route.request()
  const body = request.postDataBuffer()
  const headers = Object.entries(await request.allHeaders()).filter(
    ([name]) => !['host', 'content-length', 'connection'].includes(name) && !name.startsWith(':'),
  )
  const response = await emulator.handler(
    new Request(request.url(), {
      method: request.method(),
      headers,
      ...(body === null ? {} : { body: new Uint8Array(body) }),
    }),
  )
  await route.fulfill({
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: Buffer.from(await response.arrayBuffer()),
  })
}

describe.skipIf(missing !== undefined && !browserRequired)('FastStar on its real origins', () => {
  it('a storefront with the documented script URL runs unchanged when cashier.faststarpay.com is routed to the emulator', async () => {
    const emulator = createFastStarEmulator({ checkoutOrigin: 'https://cashier.faststarpay.com' })
    const created = await emulator.handler(
      new Request('https://api.faststarpay.com/api/v1/public/checkout/sessions', {
        method: 'POST',
        headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
        body: JSON.stringify({
          mode: 'payment',
          presentation: 'iframe',
          line_items: [{ ad_hoc_amount: 990, ad_hoc_currency: 'EUR', quantity: 1 }],
          buyer_country: 'DE',
          success_url: 'https://shop.example/thanks',
          cancel_url: 'https://shop.example/cart',
        }),
      }),
    )
    const { data } = (await created.json()) as { data: { url: string; session: { id: string } } }
    expect(data.url.startsWith('https://cashier.faststarpay.com/checkout/')).toBe(true)
    const real = await launchChromium()
    try {
      const context = await real.newContext()
      await context.route('https://cashier.faststarpay.com/**', (route) => answer(emulator, route))
      await context.route('https://shop.example/**', (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><script src="https://cashier.faststarpay.com/sdk/v1/faststar.min.js"></script>
<script>window.seen = []; FastStar.on('checkout.success', function (d) { window.seen.push(d) })</script>`,
        }),
      )
      const page = await context.newPage()
      await page.goto('https://shop.example/')
      await page.evaluate((url) => window.FastStar.checkout.open({ url }), data.url)
      const overlay = page.frameLocator('#faststar-overlay-frame')
      expect(await overlay.locator('#faststar-tax').textContent()).toBe('EUR 1.58')
      await overlay.locator('#faststar-pay').click()
      await page.waitForFunction(() => (window as unknown as { seen: unknown[] }).seen.length === 1)
      expect(await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen)).toEqual([
        { checkout_session_id: data.session.id },
      ])
      expect(emulator.state.sessions.get(data.session.id)?.status).toBe('complete')
    } finally {
      await real.close()
    }
  }, 60_000)
})

declare global {
  interface Window {
    log(entry: unknown): void
    readLog(): unknown[]
  }
}
