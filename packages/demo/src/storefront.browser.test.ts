// The proof in a real browser: a buyer pays in each gateway's own browser flow on the web
// storefront, and each order page turns "paid" only after the shop has handled the gateway's
// verified webhook. Chromium through playwright-core; a screenshot of each step under
// packages/demo/test-output/storefront/.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { browserRequired, chromiumMissing, launchChromium, screenshot } from '@paymux/test-servers'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GatewayId } from './shop.js'
import { type StorefrontWeb, startStorefrontWeb } from './storefront-web/storefront-web.js'

const OUTPUT = fileURLToPath(new URL('../test-output/storefront/', import.meta.url))
const missing = chromiumMissing()

describe.skipIf(missing !== undefined && !browserRequired)('the web storefront in Chromium', () => {
  let web: StorefrontWeb
  let browser: Browser

  beforeAll(async () => {
    ;[web, browser] = await Promise.all([startStorefrontWeb(), launchChromium()])
    console.log(`Chromium ${browser.version()}`)
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await web?.close()
  })

  /** A fresh buyer (own cookies and storage) at the docs' screenshot size. */
  async function buyer(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 640 } })
    return context.newPage()
  }

  const shot = (page: Page, name: string) => screenshot(page, join(OUTPUT, `${name}.png`))

  /** From the home page, buys `product`; resolves on its order page, with the order's id. */
  async function buy(page: Page, product: string): Promise<string> {
    await page.goto(web.url)
    await page.click(`#buy-${product}`)
    await page.waitForURL(/\/orders\/order-\d+$/)
    const order = await page.getAttribute('#order', 'data-order')
    expect(await page.textContent('#status')).toBe('pending')
    return order ?? expect.fail('the order page names no order')
  }

  /**
   * The page turns "paid" by itself (it polls the shop), and the shop's record says why: exactly
   * one verified webhook of `nativeType` from `provider` moved this order, and the ledger holds it.
   */
  async function expectPaid(page: Page, order: string, provider: GatewayId, nativeType: string) {
    await page.locator('#status[data-status="paid"]').waitFor({ timeout: 15_000 })
    expect(await page.textContent('#status')).toBe('paid')
    const handled = web.shop.handledWebhooks.filter((event) => event.order === order)
    expect(handled).toEqual([{ provider, nativeType, id: expect.any(String), order }])
    expect(await page.textContent('#confirmation')).toContain(handled[0]?.id)
    expect(web.shop.orders.get(order)).toMatchObject({ gateway: provider, status: 'succeeded' })
  }

  it('FastStar: the buyer pays in the checkout overlay; payment.succeeded turns the order paid', async () => {
    const page = await buyer()
    await page.goto(web.url)
    await shot(page, '01-storefront')
    const order = await buy(page, 'coffee')
    await shot(page, '02-faststar-order-pending')
    await page.click('#pay')
    const overlay = page.frameLocator('#faststar-overlay-frame')
    await overlay.getByTestId('faststar-pay').waitFor()
    await shot(page, '03-faststar-overlay')
    await overlay.getByTestId('faststar-pay').click()
    await page.locator('#thanks').waitFor()
    expect(await page.textContent('#thanks')).toMatch(/Checkout cs_\w+ is complete/)
    await expectPaid(page, order, 'faststar', 'payment.succeeded')
    await shot(page, '04-faststar-order-paid')
  }, 60_000)

  it('FastStar saved card: cards.add saves a card at FastStar, and the page lists it', async () => {
    const page = await buyer()
    await page.goto(`${web.url}/cards`)
    await page.locator('#cards .empty').waitFor()
    await page.click('#add-card')
    const popup = page.frameLocator('#faststar-card-modal-frame')
    await popup.getByTestId('faststar-save-card').waitFor()
    await shot(page, '05-faststar-card-popup')
    await popup.getByTestId('faststar-save-card').click()
    await page.locator('#cards .card').waitFor()
    const [customer] = (await web.shop.router.customers.list()).data
    const saved = await web.shop.router.paymentMethods.list(customer?.ref ?? expect.fail('no customer'))
    expect(saved).toHaveLength(1)
    expect(await page.textContent('#card-result')).toContain(saved[0]?.id)
    expect(await page.getAttribute('#cards .card', 'data-card')).toBe(saved[0]?.id)
    await shot(page, '06-faststar-card-saved')
  }, 60_000)

  it('Fastaar: the buyer pays a BDT order by bKash TrxID; payment.completed turns it paid', async () => {
    const page = await buyer()
    const order = await buy(page, 'tea')
    expect(await page.textContent('#total')).toBe('BDT 1079.50')
    await page.click('#pay')
    await page.waitForURL(/\/pay\//)
    expect(await page.getByTestId('amount').textContent()).toBe('BDT 1079.50')
    expect(await page.getByTestId('reference').textContent()).toBe(order)
    await page.getByTestId('wallet-bkash').check()
    await page.getByTestId('trx-id').fill('8AB2C3D4EF')
    await shot(page, '07-fastaar-checkout')
    await page.getByTestId('submit').click()
    // Back on success_url: the order page, with Fastaar's query parameters.
    await page.waitForURL((url) => url.pathname === `/orders/${order}` && url.searchParams.has('payment_id'))
    await expectPaid(page, order, 'fastaar', 'payment.completed')
    await shot(page, '08-fastaar-order-paid')
  }, 60_000)

  it('Paystar: the buyer pays a bill in the embedded session; Payment.Succeeded turns it paid', async () => {
    const page = await buyer()
    const order = await buy(page, 'water-bill')
    await page.click('#pay')
    const session = page.frameLocator('#paystar-emulator-frame')
    await session.locator('#paystar-pay').waitFor()
    await shot(page, '09-paystar-embedded')
    await session.locator('#paystar-pay').click()
    await page.locator('#thanks').waitFor()
    expect(await page.textContent('#thanks')).toContain('Paystar reports Succeeded')
    // closeOnComplete: the loader removes its dialog.
    await page.locator('#paystar-emulator-dialog').waitFor({ state: 'detached' })
    await expectPaid(page, order, 'paystar', 'Payment.Succeeded')
    await shot(page, '10-paystar-order-paid')
  }, 60_000)
})
