import { describe, expect, it } from 'vitest'
import { createFastaarEmulator, type FastaarEmulator, type FastaarEmulatorOptions } from './index.js'

// The hosted checkout page, in-process: what a browser is served (the real-browser run is in
// fastaar-checkout.browser.test.ts).

async function create(emulator: FastaarEmulator, body: Record<string, unknown>, key = 'fk_test_page') {
  const response = await emulator.fetch('https://fastaar.com/api/v1/payments', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return ((await response.json()) as { data: { id: string; checkout_url: string } }).data
}

const order = {
  amount: 1079.5,
  invoice_id: 'ORDER-7',
  success_url: 'https://shop.example.com/thanks',
  cancel_url: 'https://shop.example.com/cart',
}

function pageOf(emulator: FastaarEmulator, url: string, init?: RequestInit) {
  // The emulator serves the page on whatever origin it is reached at: the path is what counts.
  return emulator.fetch(`https://fastaar.com${new URL(url).pathname}`, { redirect: 'manual', ...init })
}

function post(emulator: FastaarEmulator, url: string, form: Record<string, string>) {
  return pageOf(emulator, url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  })
}

describe('the Fastaar checkout page', () => {
  it('uses checkoutOrigin for checkout_url, so a browser can open an in-process emulator’s page', async () => {
    const emulator = createFastaarEmulator({ checkoutOrigin: 'http://127.0.0.1:4010/' })
    const payment = await create(emulator, order)
    expect(payment.checkout_url).toBe(`http://127.0.0.1:4010/pay/${payment.id}`)
    expect(emulator.payment(payment.id)?.checkout_url).toBe(payment.checkout_url)
  })

  it.each(['127.0.0.1:4010', 'ftp://127.0.0.1', 'http://127.0.0.1:4010/pay', 'http://h/?q=1', 42])(
    'refuses checkoutOrigin %o, naming it',
    (checkoutOrigin) => {
      expect(() => createFastaarEmulator({ checkoutOrigin: checkoutOrigin as string })).toThrow(
        /^checkoutOrigin must/,
      )
    },
  )

  it('shows the amount, the reference and a test-mode note, with stable ids, never cached', async () => {
    const emulator = createFastaarEmulator()
    const payment = await create(emulator, order)
    const page = await pageOf(emulator, payment.checkout_url)
    expect(page.headers.get('cache-control')).toBe('no-store')
    const html = await page.text()
    expect(html).toContain('<strong id="amount" data-testid="amount">BDT 1079.50</strong>')
    expect(html).toContain('<strong id="reference" data-testid="reference">ORDER-7</strong>')
    expect(html).toContain('data-testid="test-mode"')
    for (const hook of ['pay-form', 'trx-id', 'sender-number', 'submit', 'cancel']) {
      expect(html).toContain(`id="${hook}" data-testid="${hook}"`)
    }
    const live = await create(emulator, { amount: 5 }, 'fk_live_page')
    const liveHtml = await (await pageOf(emulator, live.checkout_url)).text()
    expect(liveHtml).not.toContain('test-mode')
    expect(liveHtml).not.toContain('data-testid="reference"')
  })

  it('offers bKash (preselected) and Nagad by default, nothing invented; the list is configurable', async () => {
    const byDefault = createFastaarEmulator()
    const html = await (await pageOf(byDefault, (await create(byDefault, order)).checkout_url)).text()
    expect([...html.matchAll(/name="provider" value="(\w+)"/g)].map((match) => match[1])).toEqual([
      'bkash',
      'nagad',
    ])
    expect(html).toContain('value="bkash" id="wallet-bkash" data-testid="wallet-bkash" checked')
    expect(html).not.toMatch(/rocket|upay/)

    const custom = createFastaarEmulator({
      wallets: ['nagad', 'rocket'],
      merchantWallet: { nagad: '01700000000' },
    })
    const payment = await create(custom, order)
    const customHtml = await (await pageOf(custom, payment.checkout_url)).text()
    expect([...customHtml.matchAll(/name="provider" value="(\w+)"/g)].map((match) => match[1])).toEqual([
      'nagad',
      'rocket',
    ])
    expect(customHtml).toContain(
      '<small data-testid="merchant-wallet-nagad">Send Money to 01700000000</small>',
    )
    // The first listed wallet is the default of the test control too.
    await custom.submitTrxId(payment.id, { trxId: 'TRXCUSTOM1' })
    expect(custom.payment(payment.id)).toMatchObject({ provider: 'nagad' })
  })

  it('refuses a wallet it does not offer, on the page and through the control, leaving the payment alone', async () => {
    const emulator = createFastaarEmulator()
    const payment = await create(emulator, order)
    const refused = await post(emulator, payment.checkout_url, { provider: 'upay', trx_id: 'TRXWALLET1' })
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('data-testid="error">Choose one of the wallets listed.')
    await expect(emulator.submitTrxId(payment.id, { trxId: 'TRXWALLET1', wallet: 'upay' })).rejects.toThrow(
      'wallet must be one of bkash, nagad',
    )
    expect(emulator.payment(payment.id)?.status).toBe('pending')
  })

  it.each([[[]], [['bKash']], [['bkash', '']], ['bkash']])(
    'refuses wallets %o, naming the field',
    (wallets) => {
      expect(() => createFastaarEmulator({ wallets: wallets as never })).toThrow(/^wallets(\[\d\])? must/)
    },
  )

  it('pays by TrxID and returns to success_url with payment_id and invoice_id, never cached', async () => {
    const emulator = createFastaarEmulator()
    const payment = await create(emulator, order)
    const paid = await post(emulator, payment.checkout_url, {
      provider: 'bkash',
      trx_id: '8AB2C3D4EF',
      sender_number: '01712345678',
    })
    expect(paid.status).toBe(303)
    expect(paid.headers.get('cache-control')).toBe('no-store')
    expect(paid.headers.get('location')).toBe(
      `https://shop.example.com/thanks?payment_id=${payment.id}&invoice_id=ORDER-7`,
    )
    // Opened again once paid, the page sends the buyer back too.
    expect((await pageOf(emulator, payment.checkout_url)).headers.get('location')).toBe(
      paid.headers.get('location'),
    )
  })

  it('returns to cancel_url on Cancel, with payment_id and invoice_id, leaving the payment pending', async () => {
    const emulator = createFastaarEmulator()
    const payment = await create(emulator, order)
    const cancelled = await pageOf(emulator, `${payment.checkout_url}/cancel`, { method: 'POST' })
    expect(cancelled.headers.get('location')).toBe(
      `https://shop.example.com/cart?payment_id=${payment.id}&invoice_id=ORDER-7`,
    )
    expect(emulator.payment(payment.id)?.status).toBe('pending')
  })

  it('shows a verifying page, with the amount, while a live TrxID waits for its SMS', async () => {
    const options: FastaarEmulatorOptions = {}
    const emulator = createFastaarEmulator(options)
    const payment = await create(emulator, order, 'fk_live_page')
    const waiting = await post(emulator, payment.checkout_url, { trx_id: 'TRXLIVE001' })
    expect(waiting.status).toBe(200)
    const html = await waiting.text()
    expect(html).toContain('data-testid="verifying"')
    expect(html).toContain('data-testid="amount">BDT 1079.50')
    await emulator.matchSms(payment.id)
    expect((await pageOf(emulator, payment.checkout_url)).status).toBe(303)
  })
})
