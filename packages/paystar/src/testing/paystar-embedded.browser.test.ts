// The browser half in a real browser: a host page on another loopback origin loads
// /app/embedded.loader.js from a served emulator and opens sessions with it. Chromium
// through playwright-core; a screenshot of each step under packages/paystar/test-output/.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { browserRequired, chromiumMissing, launchChromium, screenshot } from '@paymux/test-servers'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createPaystar, type PaystarGateway } from '../paystar-gateway.js'
import { type ServedPaystarEmulator, servePaystarEmulator } from './index.js'

const OUTPUT = fileURLToPath(new URL('../../test-output/embedded/', import.meta.url))
const SECRET = 'whsec_browser'
const missing = chromiumMissing()

interface Received {
  readonly rawBody: string
  readonly headers: Record<string, string>
  readonly url: string
}

// The merchant's side: the host page (with the documented queue snippet before the loader), a
// page of a third origin that forges a message, and the webhook endpoint.
function hostPage(loaderUrl: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Acme Utilities</title></head><body>
<h1>Acme Utilities: pay your bill</h1>
<div id="wallet"></div>
<script>
  window.seen = []; window.completed = []; window.subscribed = [];
  window.Paystar = window.Paystar || [];
  Paystar.push(['initialize', 'pk_emulator']);
  Paystar.push(['subscribe', '*', function (data, event) { window.subscribed.push(event); }]);
  window.openSession = function (link, flow, container) {
    var options = {
      onEvent: function (message) { window.seen.push(message); },
      onComplete: function (data) { window.completed.push(data); },
    };
    if (container) options.container = container;
    return flow ? Paystar.startFlow(link, options) : Paystar.completePayment(link, options);
  };
</script>
<script src="${loaderUrl}"></script>
</body></html>`
}

const FORGER = `<!doctype html><script>
  parent.postMessage({ source: 'paystar-emulator', event: 'PAYMENT-SESSION.PROCESSED', complete: true,
    data: { status: 'Succeeded', subtotal: '0.01' } }, '*');
</script>`

function headersOf(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  )
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

describe.skipIf(missing !== undefined && !browserRequired)(
  'the Paystar loader and embedded pages in Chromium',
  () => {
    let browser: Browser
    let served: ServedPaystarEmulator
    let merchant: Server
    let host: string
    let paystar: PaystarGateway
    const received: Received[] = []

    beforeAll(async () => {
      let loaderUrl = ''
      merchant = createServer((request, response) => {
        if (request.method === 'POST') {
          const chunks: Buffer[] = []
          request.on('data', (chunk: Buffer) => chunks.push(chunk))
          request.on('end', () => {
            received.push({
              rawBody: Buffer.concat(chunks).toString('utf8'),
              headers: headersOf(request),
              url: request.url ?? '',
            })
            response.writeHead(204).end()
          })
          return
        }
        const url = new URL(request.url ?? '/', host)
        // ?loader=… loads another emulator's loader (the one configured with redirect: 'top').
        const html =
          url.pathname === '/forger'
            ? FORGER
            : url.pathname === '/paid'
              ? '<!doctype html><title>Paid</title><h1 id="paid">Thank you</h1>'
              : hostPage(url.searchParams.get('loader') ?? loaderUrl)
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
      })
      const port = await listen(merchant)
      host = `http://127.0.0.1:${port}`
      served = await servePaystarEmulator({
        serviceFeeCents: 250,
        webhooks: { secret: SECRET, url: `${host}/hooks/paystar` },
      })
      loaderUrl = `${served.url}/app/embedded.loader.js`
      paystar = createPaystar({
        apiKey: served.emulator.apiKey,
        businessUnitSlug: served.emulator.businessUnitSlug,
        baseUrl: served.url,
        webhookSecret: SECRET,
      })
      browser = await launchChromium()
    }, 60_000)

    afterAll(async () => {
      await browser?.close()
      await served?.close()
      merchant?.close()
    })

    beforeEach(() => {
      received.length = 0
    })

    async function hostTab(query = ''): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1024, height: 720 } })
      const page = await context.newPage()
      await page.goto(`${host}/${query}`)
      await page.waitForFunction(
        () => (window as unknown as { Paystar?: { load?: unknown } }).Paystar?.load !== undefined,
      )
      return page
    }

    const bill = (reference: string) =>
      paystar.sessions.create({
        lineItems: [
          { amount: { amount: 15000, currency: 'USD' }, description: 'January Water Bill' },
          { amount: { amount: 15034, currency: 'USD' }, description: 'February Water Bill' },
        ],
        reference,
        customer: { email: 'john@example.com', firstName: 'John', lastName: 'Doe' },
      })

    const events = (page: Page) =>
      page.evaluate(() =>
        (window as unknown as { seen: { event: string }[] }).seen.map((message) => message.event),
      )
    const completed = (page: Page) =>
      page.evaluate(() => (window as unknown as { completed: Record<string, unknown>[] }).completed)
    const open = (page: Page, link: string, flow = false, container?: string) =>
      page.evaluate(
        ([url, isFlow, into]) => {
          ;(window as unknown as { openSession: (...args: unknown[]) => void }).openSession(url, isFlow, into)
        },
        [link, flow, container] as const,
      )

    it('completePayment opens the session in a dialog; Pay → onComplete with dollar strings, and Payment.Succeeded verifies', async () => {
      const session = await bill('bill-browser-1')
      const page = await hostTab()
      await open(page, session.url)
      const frame = page.frameLocator('#paystar-emulator-frame')
      await frame.locator('#paystar-pay').waitFor()
      expect(
        await page.locator('#paystar-emulator-dialog').evaluate((dialog: HTMLDialogElement) => dialog.open),
      ).toBe(true)
      expect(await page.getAttribute('#paystar-emulator-frame', 'src')).toBe(
        `${session.url}?embedded=1&host=${encodeURIComponent(host)}`,
      )
      await page.waitForFunction(() => (window as unknown as { seen: unknown[] }).seen.length >= 2)
      await screenshot(page, join(OUTPUT, '01-payment-session-open.png'))

      await frame.locator('#paystar-pay').click()
      await page.waitForFunction(() => (window as unknown as { completed: unknown[] }).completed.length === 1)
      const [data] = await completed(page)
      expect(data).toMatchObject({
        sessionIdentifier: session.id,
        status: 'Succeeded',
        subtotal: '300.34',
        serviceFee: '2.50',
        total: '302.84',
        paymentSource: { type: 'CreditCard', last4: '4242' },
      })
      expect(await events(page)).toEqual([
        'FRAME.LOADED',
        'PAYMENT-SESSION.LOADED',
        'PAYMENT-SESSION.PROCESSED',
      ])
      // The queue snippet's calls ran once the loader arrived: initialize, and a subscriber to every event.
      expect(await page.evaluate(() => (window as unknown as { subscribed: string[] }).subscribed)).toEqual(
        await events(page),
      )
      expect(
        await page.evaluate(
          () => (window as unknown as { Paystar: { publicKey: string } }).Paystar.publicKey,
        ),
      ).toBe('pk_emulator')
      // closeOnComplete defaults to true.
      await page.locator('#paystar-emulator-dialog').waitFor({ state: 'detached' })
      await screenshot(page, join(OUTPUT, '02-payment-completed.png'))

      expect(received).toHaveLength(1)
      const delivery = received[0]
      if (delivery === undefined) throw new Error('no delivery')
      const event = await paystar.webhooks.verify(delivery)
      expect(event.type).toBe('payment.succeeded')
      if (event.type !== 'payment.succeeded') return
      expect(event.data).toMatchObject({
        amount: { amount: 30034, currency: 'USD' },
        reference: 'bill-browser-1',
      })
      expect(event.data.id).toBe(data?.referenceNumber)
      await page.context().close()
    }, 60_000)

    it('ESC dismisses: COMPONENT.DISMISS fires, the dialog closes, and the session stays payable', async () => {
      const session = await bill('bill-browser-2')
      const page = await hostTab()
      await open(page, session.url)
      const frame = page.frameLocator('#paystar-emulator-frame')
      await frame.locator('#paystar-pay').waitFor()
      await page.waitForFunction(() => (window as unknown as { seen: unknown[] }).seen.length >= 2)
      // ESC with the focus inside the frame: the page tells the loader.
      await frame.locator('#paystar-source').focus()
      await page.keyboard.press('Escape')
      await page.locator('#paystar-emulator-dialog').waitFor({ state: 'detached' })
      expect(await events(page)).toEqual(['FRAME.LOADED', 'PAYMENT-SESSION.LOADED', 'COMPONENT.DISMISS'])
      expect(await completed(page)).toEqual([])
      expect(served.emulator.session(session.id)?.status).toBe('RequiresPaymentSource')

      // ESC with the focus on the host page: the dialog's own cancel.
      await open(page, session.url)
      await frame.locator('#paystar-pay').waitFor()
      await page.locator('#paystar-emulator-close').focus()
      await page.keyboard.press('Escape')
      await page.locator('#paystar-emulator-dialog').waitFor({ state: 'detached' })
      expect((await events(page)).filter((name) => name === 'COMPONENT.DISMISS')).toHaveLength(2)

      // Opened again, it can still be paid.
      await open(page, session.url)
      await frame.locator('#paystar-pay').click()
      await page.waitForFunction(() => (window as unknown as { completed: unknown[] }).completed.length === 1)
      expect(served.emulator.session(session.id)?.status).toBe('Succeeded')
      expect(received).toHaveLength(1)
      await page.context().close()
    }, 60_000)

    it('an expired link shows the error inside the frame', async () => {
      const session = await bill('bill-browser-3')
      served.emulator.clock.advance(30 * 60_000 + 1000)
      const page = await hostTab()
      await open(page, session.url)
      const error = page.frameLocator('#paystar-emulator-frame').locator('#paystar-error')
      await error.waitFor()
      expect(await error.textContent()).toContain('This session has expired')
      await page.waitForFunction(() => (window as unknown as { seen: unknown[] }).seen.length === 1)
      expect(await events(page)).toEqual(['SESSION.ERROR'])
      await screenshot(page, join(OUTPUT, '03-expired-session.png'))
      await page.context().close()
    }, 60_000)

    it('a message from another origin, or from the host page itself, is ignored', async () => {
      const session = await bill('bill-browser-4')
      const page = await hostTab()
      await open(page, session.url)
      await page.frameLocator('#paystar-emulator-frame').locator('#paystar-pay').waitFor()
      await page.waitForFunction(() => (window as unknown as { seen: unknown[] }).seen.length >= 2)
      // localhost is another origin than 127.0.0.1: a third party's frame on the host page.
      const forger = `http://localhost:${new URL(host).port}/forger`
      await page.evaluate(
        (src) =>
          new Promise((resolve) => {
            const frame = document.createElement('iframe')
            frame.src = src
            frame.addEventListener('load', resolve)
            document.body.appendChild(frame)
          }),
        forger,
      )
      await page.evaluate(() =>
        window.postMessage(
          {
            source: 'paystar-emulator',
            event: 'PAYMENT-SESSION.PROCESSED',
            complete: true,
            data: { subtotal: '0.01' },
          },
          '*',
        ),
      )
      await page.waitForTimeout(300)
      expect(await completed(page)).toEqual([])
      expect(await events(page)).toEqual(['FRAME.LOADED', 'PAYMENT-SESSION.LOADED'])
      expect(await page.locator('#paystar-emulator-dialog').count()).toBe(1)
      expect(served.emulator.session(session.id)?.status).toBe('RequiresPaymentSource')
      await page.context().close()
    }, 60_000)

    it('startFlow renders a wallet session into a container: add a payment method, Done → onComplete', async () => {
      const wallet = await paystar.manage.wallet({ customer: { email: 'john@example.com' } })
      const page = await hostTab()
      await open(page, wallet.url, true, '#wallet')
      const frame = page.frameLocator('#wallet #paystar-emulator-frame')
      await frame.locator('#paystar-source-last4').fill('6789')
      await frame.locator('#paystar-source-nickname').fill('Checking')
      await frame.locator('#paystar-source-type').selectOption('ACH')
      await frame.locator('#paystar-source-add').click()
      await frame.locator('[data-source-id="ps_src_1"]').waitFor()
      await screenshot(page, join(OUTPUT, '04-wallet.png'))
      await frame.locator('#paystar-complete').click()
      await page.waitForFunction(() => (window as unknown as { completed: unknown[] }).completed.length === 1)
      expect(await completed(page)).toEqual([
        {
          sessionIdentifier: expect.any(String),
          kind: 'wallet',
          status: 'Completed',
          paymentSources: [{ id: 'ps_src_1', type: 'ACH', last4: '6789', nickname: 'Checking' }],
        },
      ])
      expect(await page.locator('#paystar-emulator-dialog').count()).toBe(0)
      await page.context().close()
    }, 60_000)

    it('load resolves to the loader, destroy closes the frame without an event, closeOnComplete: false keeps it open', async () => {
      const session = await bill('bill-browser-5')
      const page = await hostTab()
      expect(
        await page.evaluate(async () => {
          const paystar = (window as unknown as { Paystar: { load(): Promise<unknown> } }).Paystar
          return (await paystar.load()) === paystar
        }),
      ).toBe(true)
      await open(page, session.url)
      await page.frameLocator('#paystar-emulator-frame').locator('#paystar-pay').waitFor()
      await page.evaluate(() => (window as unknown as { Paystar: { destroy(): void } }).Paystar.destroy())
      await page.locator('#paystar-emulator-dialog').waitFor({ state: 'detached' })
      expect(await events(page)).not.toContain('COMPONENT.DISMISS')

      await page.evaluate((link) => {
        const w = window as unknown as {
          Paystar: { completePayment(url: string, options: object): void }
          completed: unknown[]
        }
        w.Paystar.completePayment(link, {
          closeOnComplete: false,
          onComplete: (data: unknown) => w.completed.push(data),
        })
      }, session.url)
      const frame = page.frameLocator('#paystar-emulator-frame')
      await frame.locator('#paystar-pay').click()
      await page.waitForFunction(() => (window as unknown as { completed: unknown[] }).completed.length === 1)
      await frame.locator('#paystar-result[data-status="Succeeded"]').waitFor()
      expect(await page.locator('#paystar-emulator-dialog').count()).toBe(1)
      // The queue snippet's subscriber heard the first frame only: destroy() dropped it.
      expect(await page.evaluate(() => (window as unknown as { subscribed: string[] }).subscribed)).toEqual([
        'FRAME.LOADED',
        'PAYMENT-SESSION.LOADED',
      ])
      await page.context().close()
    }, 60_000)

    it("redirect: 'top' sends the host page to SuccessUrl after onComplete", async () => {
      const top = await servePaystarEmulator({ embedded: { redirect: 'top' } })
      try {
        const gateway = createPaystar({
          apiKey: top.emulator.apiKey,
          businessUnitSlug: top.emulator.businessUnitSlug,
          baseUrl: top.baseUrl,
        })
        const session = await gateway.sessions.create({
          amount: { amount: 1079, currency: 'USD' },
          description: 'March water bill',
          successUrl: `${host}/paid`,
        })
        const page = await hostTab(`?loader=${encodeURIComponent(`${top.url}/app/embedded.loader.js`)}`)
        expect(await page.locator(`script[src^="${top.url}"]`).count()).toBe(1)
        await open(page, session.url)
        await page.frameLocator('#paystar-emulator-frame').locator('#paystar-pay').click()
        await page.waitForURL(`${host}/paid`)
        expect(await page.textContent('#paid')).toBe('Thank you')
        await page.context().close()
      } finally {
        await top.close()
      }
    }, 60_000)
  },
)
