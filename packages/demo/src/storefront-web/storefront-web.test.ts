// The web storefront's routes over real HTTP, without a browser: what the pages and the order
// page's poll get. The browser flows themselves are in ../storefront.browser.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { payFastaarCheckout } from '../buyer.js'
import { escapeHtml } from './storefront-pages.js'
import { type StorefrontWeb, startStorefrontWeb } from './storefront-web.js'

describe('the web storefront server', () => {
  let web: StorefrontWeb

  beforeAll(async () => {
    web = await startStorefrontWeb()
  })

  afterAll(async () => {
    await web.close()
  })

  const json = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${web.url}${path}`, { ...init, headers: { accept: 'application/json' } })
    return { status: response.status, headers: response.headers, body: (await response.json()) as unknown }
  }

  /** Buys a product through the home page's form; resolves with the order id it redirects to. */
  async function buy(product: string): Promise<string> {
    const response = await fetch(`${web.url}/orders`, {
      method: 'POST',
      body: new URLSearchParams({ product }),
      redirect: 'manual',
    })
    expect(response.status).toBe(303)
    return (response.headers.get('location') ?? '').replace('/orders/', '')
  }

  it('lists one product per flow, each with its Buy form, and links the saved cards', async () => {
    const html = await (await fetch(web.url)).text()
    for (const id of ['coffee', 'tea', 'water-bill']) expect(html).toContain(`id="buy-${id}"`)
    expect(html).toContain('USD 9.99')
    expect(html).toContain('BDT 1079.50')
    expect(html).toContain('href="/cards"')
  })

  it('refuses an unknown product with 400, naming the field, and opens no session', async () => {
    const before = web.shop.orders.size
    const response = await fetch(`${web.url}/orders`, {
      method: 'POST',
      body: new URLSearchParams({ product: 'caviar' }),
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('product must be one of coffee, tea, water-bill')
    expect(web.shop.orders.size).toBe(before)
  })

  it('answers 404 for an order it never placed, as JSON to the poll and as a page to a buyer', async () => {
    expect(await json('/orders/order-9999')).toMatchObject({ status: 404, body: { error: 'not_found' } })
    expect((await fetch(`${web.url}/orders/order-9999`)).status).toBe(404)
  })

  it('keeps an order pending after the redirect, and paid only once the verified webhook is handled', async () => {
    const order = await buy('tea')
    const placed = web.orders.get(order) ?? expect.fail('no order placed')
    expect(await json(`/orders/${order}`)).toMatchObject({
      status: 200,
      body: { order, flow: 'fastaar', gateway: 'fastaar', status: 'pending', total: 'BDT 1079.50' },
    })
    const page = await (await fetch(`${web.url}/orders/${order}`)).text()
    expect(page).toContain(`data-checkout-url="${escapeHtml(placed.checkoutUrl)}"`)
    expect(page).toContain('id="status" data-status="pending"')

    // The buyer submits a TrxID over HTTP; the emulator sends payment.completed on its own clock.
    const back = await payFastaarCheckout(placed.checkoutUrl, '8AB2C3D4EF')
    expect(back.startsWith(`${web.url}/orders/${order}?`)).toBe(true)
    await expect
      .poll(async () => (await json(`/orders/${order}`)).body, { timeout: 5_000 })
      .toMatchObject({
        status: 'paid',
        webhook: { provider: 'fastaar', nativeType: 'payment.completed', order },
        confirmation: expect.stringContaining('verified payment.completed webhook'),
      })
    expect((await json(`/orders/${order}`)).headers.get('cache-control')).toBe('no-store')
  })

  it('stays pending on the redirect alone and on a forged webhook; the genuine delivery turns it paid', async () => {
    const outbox = web.shop.emulators.fastaar.webhooks
    const status = async (order: string) =>
      ((await json(`/orders/${order}`)).body as { status: string }).status
    outbox.setUrl(undefined) // Fastaar signs and records payment.completed, but sends it nowhere yet
    try {
      const order = await buy('tea')
      const placed = web.orders.get(order) ?? expect.fail('no order placed')
      const back = await payFastaarCheckout(placed.checkoutUrl, '9XY8Z7W6VU')
      expect(new URL(back).searchParams.get('payment_id')).not.toBeNull()
      await outbox.settle()
      const delivery = outbox.ofType('payment.completed').at(-1) ?? expect.fail('no payment.completed')
      expect(delivery.state).toBe('unsent')
      expect(await status(order)).toBe('pending')

      // The signature kept, the body changed: the endpoint refuses it, and the order does not move.
      const body = delivery.body.replace('"amount":"1079.50"', '"amount":"1.00"')
      expect(body).not.toBe(delivery.body)
      const forged = await fetch(web.shop.webhookUrl, { method: 'POST', headers: delivery.headers, body })
      expect(forged.status).toBe(400)
      expect(await status(order)).toBe('pending')

      await outbox.replay(delivery.id, { url: web.shop.webhookUrl })
      expect(await status(order)).toBe('paid')
    } finally {
      outbox.setUrl(web.shop.webhookUrl)
    }
  })

  it('hands the card popup a SetupIntent in the documents’ shape, for one customer however often asked', async () => {
    expect((await json('/cards')).body).toEqual({ cards: [] })
    const first = await json('/cards/setup', { method: 'POST' })
    expect(first.body).toEqual({
      client_secret: expect.stringMatching(/^seti_\w+_secret_\w+$/),
      publishable_key: expect.any(String),
      setup_intent_id: expect.stringMatching(/^seti_/),
    })
    await json('/cards/setup', { method: 'POST' })
    expect((await web.shop.router.customers.list()).data).toHaveLength(1)
    expect((await json('/cards')).body).toEqual({ cards: [] })
  })

  it('serves its script and stylesheet, and 404 for anything else', async () => {
    const script = await fetch(`${web.url}/assets/storefront.js`)
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toContain("getJson('/cards/setup'")
    expect((await fetch(`${web.url}/assets/storefront.css`)).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    )
    expect((await fetch(`${web.url}/assets/../shop.ts`)).status).toBe(404)
    expect((await fetch(`${web.url}/admin`)).status).toBe(404)
  })
})

describe('escapeHtml', () => {
  it('escapes every character that could end a text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    )
  })
})
