import { Script } from 'node:vm'
import { describe, expect, it } from 'vitest'
import {
  createPaystarEmulator,
  DEFAULT_EMBEDDED_EVENT_NAMES,
  LOADER_PATH,
  type PaystarEmulator,
  type PaystarEmulatorOptions,
} from './index.js'

// The browser half, in process: the loader script, the embedded pages and what they post.
// paystar-embedded.browser.test.ts runs the same in Chromium.

const API = 'https://dev-gateway.paystar.io'
const HOST = 'http://127.0.0.1:5173'
const SECRET = 'whsec_embedded'
const customer = { EmailAddress: 'john@example.com', FirstName: 'John', LastName: 'Doe' }

function emulatorWith(options: PaystarEmulatorOptions = {}): PaystarEmulator {
  return createPaystarEmulator({ webhooks: { secret: SECRET }, serviceFeeCents: 250, ...options })
}

async function initiate(emulator: PaystarEmulator, path: string, body: object): Promise<string> {
  const response = await emulator.handler(
    new Request(`${API}/integrations/embedded/${path}`, {
      method: 'POST',
      headers: { 'x-paystar-api-key': emulator.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ BusinessUnitSlug: 'acme-utilities', ...body }),
    }),
  )
  const data = ((await response.json()) as { data: Record<string, string> }).data
  return data.PaymentLogInLink ?? data.SessionLink ?? ''
}

const bill = {
  Channel: 'QuickPay',
  ClientUser: customer,
  Charges: [
    { Amount: 15000, Description: 'January Water Bill' },
    { Amount: 15034, Description: 'February Water Bill' },
  ],
  SuccessUrl: 'https://shop.example/paid',
  ReturnUrl: 'https://shop.example/cart',
}

const framed = (link: string, host = HOST) => `${link}?embedded=1&host=${encodeURIComponent(host)}`
const idOf = (link: string) => decodeURIComponent(link.split('/').at(-1) ?? '')

async function get(emulator: PaystarEmulator, url: string) {
  const response = await emulator.handler(new Request(url))
  return { status: response.status, html: await response.text(), headers: response.headers }
}

async function post(emulator: PaystarEmulator, url: string, form: Record<string, string> = {}) {
  const response = await emulator.handler(
    new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    }),
  )
  return { status: response.status, html: await response.text(), location: response.headers.get('location') }
}

interface Posted {
  readonly host: string
  readonly messages: { event: string; data: Record<string, unknown>; complete?: boolean; redirect?: string }[]
  readonly navigate?: string
}

// What a page posts to its host: the JSON its frame script is given.
function posts(html: string): Posted | undefined {
  const json = /var C = (\{.*\});/.exec(html)?.[1]
  return json === undefined ? undefined : (JSON.parse(json) as Posted)
}

// An action as the page's own form would send it: resolved against the URL of the page that holds the form.
function formAction(html: string, page: string, id: string): string {
  const action = new RegExp(`id="${id}"[^>]*formaction="([^"]+)"`).exec(html)?.[1]
  if (action !== undefined) return new URL(action.replaceAll('&#38;', '&'), page).href
  const forms = [...html.matchAll(/<form method="post" action="([^"]+)"[\s\S]*?<\/form>/g)]
  const form = forms.find((match) => match[0].includes(`id="${id}"`))
  if (form?.[1] === undefined) throw new Error(`no form holds #${id}`)
  return new URL(form[1].replaceAll('&#38;', '&'), page).href
}

describe('GET /app/embedded.loader.js', () => {
  it('serves the loader as JavaScript that parses, with the configured global and event names', async () => {
    const emulator = emulatorWith()
    const { status, html: source, headers } = await get(emulator, `https://dev.paystar.io${LOADER_PATH}`)
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(() => new Script(source)).not.toThrow()
    for (const name of Object.values(DEFAULT_EMBEDDED_EVENT_NAMES)) expect(source).toContain(`"${name}"`)
    expect(source).toContain('"globalName":"Paystar"')

    const renamed = emulatorWith({
      embedded: { globalName: 'AcmePay', eventNames: { dismiss: 'CLOSED' }, dismissEndsSession: true },
    })
    const other = await get(renamed, `http://127.0.0.1:1${LOADER_PATH}`)
    expect(other.html).toContain('"globalName":"AcmePay"')
    expect(other.html).toContain('"dismiss":"CLOSED"')
    expect(other.html).toContain('"dismissEndsSession":true')
  })

  it.each(['1Paystar', 'Pay-star', 'window.x', ''])('refuses embedded.globalName %j', (globalName) => {
    expect(() => createPaystarEmulator({ embedded: { globalName } })).toThrow(TypeError)
  })

  it('answers only GET', async () => {
    const emulator = emulatorWith()
    const response = await emulator.handler(new Request(`${API}${LOADER_PATH}`, { method: 'POST' }))
    expect(response.status).toBe(404)
  })
})

describe('the payment page in a frame (?embedded=1&host=<origin>)', () => {
  it('posts FRAME.LOADED and PAYMENT-SESSION.LOADED (dollar strings) to the host origin only', async () => {
    const emulator = emulatorWith()
    const link = await initiate(emulator, 'initiate', bill)
    const { status, html } = await get(emulator, framed(link))
    expect(status).toBe(200)
    const posted = posts(html)
    expect(posted?.host).toBe(HOST)
    expect(html).toContain('postMessage(Object.assign({ source: C.source }, message), C.host)')
    expect(html).not.toContain("'*'")
    expect(posted?.messages).toEqual([
      { event: 'FRAME.LOADED', data: { sessionIdentifier: idOf(link), kind: 'payment' } },
      {
        event: 'PAYMENT-SESSION.LOADED',
        data: {
          sessionIdentifier: idOf(link),
          status: 'RequiresPaymentSource',
          channel: 'QuickPay',
          subtotal: '300.34',
          lineItems: [
            { description: 'January Water Bill', amount: '150.00' },
            { description: 'February Water Bill', amount: '150.34' },
          ],
        },
      },
    ])
    // Stable ids, and relative actions that keep the frame's query.
    for (const id of [
      'paystar-session',
      'paystar-total',
      'paystar-source',
      'paystar-pay',
      'paystar-decline',
      'paystar-close',
    ])
      expect(html).toContain(`id="${id}"`)
    expect(html).not.toContain('id="paystar-cancel"')
    const self = encodeURIComponent(idOf(link))
    expect(html).toContain(`action="${self}/pay?embedded=1&#38;host=${encodeURIComponent(HOST)}"`)
    expect(html).not.toContain(`action="${link}`)
  })

  it('amountFormat: number writes JSON numbers instead', async () => {
    const emulator = emulatorWith({ embedded: { amountFormat: 'number' } })
    const link = await initiate(emulator, 'initiate', bill)
    const loaded = posts((await get(emulator, framed(link))).html)?.messages[1]?.data
    expect(loaded).toMatchObject({ subtotal: 300.34, lineItems: [{ amount: 150 }, { amount: 150.34 }] })
  })

  it.each(['*', 'javascript:alert(1)', 'http://127.0.0.1:5173/shop', 'ftp://127.0.0.1', 'not a url', ''])(
    'refuses host=%j (400, nothing posted)',
    async (host) => {
      const emulator = emulatorWith()
      const link = await initiate(emulator, 'initiate', bill)
      const { status, html } = await get(emulator, framed(link, host))
      expect(status).toBe(400)
      expect(posts(html)).toBeUndefined()
    },
  )

  it('opened on its own, the page posts nothing and offers Cancel instead of Close', async () => {
    const emulator = emulatorWith()
    const link = await initiate(emulator, 'initiate', bill)
    const { html } = await get(emulator, link)
    expect(posts(html)).toBeUndefined()
    expect(html).toContain('id="paystar-cancel"')
    expect(html).not.toContain('id="paystar-close"')
  })

  it('Pay: PAYMENT-SESSION.PROCESSED ends the flow with dollar strings; the frame is not redirected; Payment.Succeeded is delivered', async () => {
    const emulator = emulatorWith()
    const link = await initiate(emulator, 'initiate', bill)
    const page = framed(link)
    const paid = await post(emulator, formAction((await get(emulator, page)).html, page, 'paystar-pay'))
    expect(paid.status).toBe(200)
    expect(paid.html).toContain('id="paystar-result" data-status="Succeeded"')
    const [message] = posts(paid.html)?.messages ?? []
    const payment = emulator.store.payments[0]
    expect(message).toEqual({
      event: 'PAYMENT-SESSION.PROCESSED',
      complete: true,
      data: {
        sessionIdentifier: idOf(link),
        status: 'Succeeded',
        channel: 'QuickPay',
        referenceNumber: payment?.referenceNumber,
        subtotal: '300.34',
        serviceFee: '2.50',
        total: '302.84',
        lineItems: [
          { description: 'January Water Bill', amount: '150.00' },
          { description: 'February Water Bill', amount: '150.34' },
        ],
        paymentSource: { type: 'CreditCard', last4: '4242', nickname: 'Emulator test card' },
      },
    })
    expect(posts(paid.html)?.navigate).toBeUndefined()
    expect(emulator.webhooks.deliveries.map((delivery) => delivery.event)).toEqual(['Payment.Succeeded'])
    expect(emulator.session(idOf(link))?.status).toBe('Succeeded')
  })

  it("redirect: 'top' tells the loader to send the host page to SuccessUrl; 'frame' sends the frame", async () => {
    for (const [redirect, expected] of [
      ['top', { redirect: bill.SuccessUrl, navigate: undefined }],
      ['frame', { redirect: undefined, navigate: bill.SuccessUrl }],
    ] as const) {
      const emulator = emulatorWith({ embedded: { redirect } })
      const link = await initiate(emulator, 'initiate', bill)
      const paid = posts(
        (await post(emulator, `${link}/pay?embedded=1&host=${encodeURIComponent(HOST)}`)).html,
      )
      expect(paid?.messages[0]?.redirect).toBe(expected.redirect)
      expect(paid?.navigate).toBe(expected.navigate)
    }
  })

  it('the declining option: PROCESSED with status Failed, nothing charged, no webhook, the session still payable', async () => {
    const emulator = emulatorWith()
    const link = await initiate(emulator, 'initiate', bill)
    const page = framed(link)
    const declined = await post(
      emulator,
      formAction((await get(emulator, page)).html, page, 'paystar-decline'),
    )
    expect(declined.status).toBe(200)
    const [message] = posts(declined.html)?.messages ?? []
    expect(message?.event).toBe('PAYMENT-SESSION.PROCESSED')
    expect(message?.complete).toBeUndefined()
    expect(message?.data).toMatchObject({ status: 'Failed', subtotal: '300.34', serviceFee: '0.00' })
    expect(emulator.store.payments).toEqual([])
    expect(emulator.webhooks.deliveries).toEqual([])
    expect(emulator.store.declines).toHaveLength(1)
    // "Try again" goes back to the session, still in the frame.
    const retry = /id="paystar-retry" href="([^"]+)"/.exec(declined.html)?.[1]?.replaceAll('&#38;', '&') ?? ''
    const back = new URL(retry, `${link}/decline?embedded=1`).href
    expect(back).toBe(page)
    expect((await get(emulator, back)).status).toBe(200)
    await emulator.pay(idOf(link))
    expect(emulator.store.payments).toHaveLength(1)
  })

  it('dismissing the frame keeps the session payable; with dismissEndsSession it ends it', async () => {
    const kept = emulatorWith()
    const link = await initiate(kept, 'initiate', bill)
    expect((await post(kept, `${link}/dismiss?embedded=1`)).status).toBe(204)
    kept.dismiss(idOf(link))
    expect(kept.session(idOf(link))?.status).toBe('RequiresPaymentSource')
    await kept.pay(idOf(link))

    const ended = emulatorWith({ embedded: { dismissEndsSession: true } })
    const other = await initiate(ended, 'initiate', bill)
    expect((await post(ended, `${other}/dismiss?embedded=1`)).status).toBe(204)
    expect(ended.session(idOf(other))?.status).toBe('Dismissed')
    await expect(ended.pay(idOf(other))).rejects.toThrow('is Dismissed')
  })

  it('an expired session shows the error inside the frame and posts SESSION.ERROR', async () => {
    const emulator = emulatorWith()
    const link = await initiate(emulator, 'initiate', bill)
    emulator.clock.advance(30 * 60_000 + 1000)
    const { status, html } = await get(emulator, framed(link))
    expect(status).toBe(410)
    expect(html).toContain('id="paystar-error"')
    expect(html).toContain('This session has expired')
    expect(posts(html)?.messages).toEqual([
      {
        event: 'SESSION.ERROR',
        data: {
          status: 410,
          message: 'This session has expired. Please start again from the biller’s site.',
        },
      },
    ])
  })

  it('renamed events are what the pages post', async () => {
    const emulator = emulatorWith({
      embedded: { eventNames: { sessionProcessed: 'PAID', frameLoaded: 'READY' } },
    })
    const link = await initiate(emulator, 'initiate', bill)
    expect(posts((await get(emulator, framed(link))).html)?.messages[0]?.event).toBe('READY')
    const paid = await post(emulator, `${link}/pay?embedded=1&host=${encodeURIComponent(HOST)}`)
    expect(posts(paid.html)?.messages[0]?.event).toBe('PAID')
  })
})

describe('the wallet page: stored payment sources', () => {
  it('adds, lists and deletes payment methods; a payment session of the same user can pay with one', async () => {
    const emulator = emulatorWith()
    const link = await initiate(emulator, 'initiate-manage-wallet', { ClientUser: customer })
    const page = framed(link)
    const first = await get(emulator, page)
    expect(first.html).toContain('id="paystar-sources-empty"')
    const add = formAction(first.html, page, 'paystar-source-add')
    const added = await post(emulator, add, { type: 'ACH', last4: '6789', nickname: 'Checking' })
    expect(added.status).toBe(303)
    expect(new URL(added.location ?? '', add).href).toBe(page)
    await post(emulator, add, { type: 'CreditCard', last4: '1111' })
    const listed = await get(emulator, page)
    expect(listed.html).toContain('data-source-id="ps_src_1">Checking (Bank account ending 6789)')
    expect(listed.html).toContain('data-source-id="ps_src_2">Card (Card ending 1111)')
    expect(emulator.store.paymentSources.get('john@example.com')).toEqual([
      { id: 'ps_src_1', type: 'ACH', last4: '6789', nickname: 'Checking' },
      { id: 'ps_src_2', type: 'CreditCard', last4: '1111', nickname: undefined },
    ])

    const remove = formAction(listed.html, page, 'paystar-source-delete-ps_src_2')
    const removed = await post(emulator, remove)
    expect(removed.status).toBe(303)
    expect(new URL(removed.location ?? '', remove).href).toBe(page)
    expect(emulator.store.paymentSources.get('john@example.com')?.map((source) => source.id)).toEqual([
      'ps_src_1',
    ])

    const done = await post(emulator, formAction(listed.html, page, 'paystar-complete'))
    expect(posts(done.html)?.messages).toEqual([
      {
        event: 'WALLET-SESSION.COMPLETED',
        complete: true,
        data: {
          sessionIdentifier: idOf(link),
          kind: 'wallet',
          status: 'Completed',
          paymentSources: [{ id: 'ps_src_1', type: 'ACH', last4: '6789', nickname: 'Checking' }],
        },
      },
    ])

    const bills = await initiate(emulator, 'initiate', bill)
    const payPage = await get(emulator, framed(bills))
    expect(payPage.html).toContain('<option value="ps_src_1">Checking (Bank account ending 6789)</option>')
    const paid = await post(emulator, formAction(payPage.html, framed(bills), 'paystar-pay'), {
      source: 'ps_src_1',
    })
    expect(posts(paid.html)?.messages[0]?.data.paymentSource).toEqual({
      type: 'ACH',
      last4: '6789',
      nickname: 'Checking',
    })
    expect(emulator.store.payments[0]?.source.id).toBe('ps_src_1')
  })

  it.each([
    [{ type: 'CreditCard', last4: '12' }, 'last4 must be four digits.'],
    [{ type: 'CreditCard', last4: '12345' }, 'last4 must be four digits.'],
    [{ type: 'CreditCard', last4: 'abcd' }, 'last4 must be four digits.'],
    [
      { type: 'CreditCard', last4: '1234', nickname: 'x'.repeat(41) },
      'nickname may have at most 40 characters.',
    ],
  ])('refuses %j', async (form, message) => {
    const emulator = emulatorWith()
    const link = await initiate(emulator, 'initiate-manage-wallet', { ClientUser: customer })
    const refused = await post(emulator, `${link}/sources`, form)
    expect(refused.status).toBe(400)
    expect(refused.html).toContain(message)
    expect(emulator.store.paymentSources.size).toBe(0)
  })

  it('refuses a source of another wallet, or an unknown one, for paying and deleting', async () => {
    const emulator = emulatorWith()
    const wallet = await initiate(emulator, 'initiate-manage-wallet', { ClientUser: customer })
    emulator.addPaymentSource(idOf(wallet), { type: 'CreditCard', last4: '4444' })
    const stranger = await initiate(emulator, 'initiate', {
      ...bill,
      ClientUser: { EmailAddress: 'jane@example.com' },
    })
    await expect(emulator.pay(idOf(stranger), { sourceId: 'ps_src_1' })).rejects.toThrow(
      'No payment source ps_src_1',
    )
    expect((await post(emulator, `${wallet}/sources/ps_src_9/delete`)).status).toBe(404)
    expect(emulator.store.payments).toEqual([])
  })
})

describe('the management pages: AutoPay, paperless and notification toggles', () => {
  const account = { ClientAccount: { AccountNumber: 'ACC-12345' }, SyncAccount: true, ClientUser: customer }

  it('notifications: the toggles are stored on the user and reported', async () => {
    const emulator = emulatorWith()
    const link = await initiate(emulator, 'initiate-manage-notifications', { ClientUser: customer })
    const page = framed(link)
    const { html } = await get(emulator, page)
    expect(html).toContain('id="paystar-notify-email"')
    expect(html).toContain('id="paystar-notify-sms"')
    const done = await post(emulator, formAction(html, page, 'paystar-complete'), { sms: 'on' })
    expect(emulator.store.users.get('john@example.com')?.notifications).toEqual({ email: false, sms: true })
    expect(posts(done.html)?.messages[0]).toMatchObject({
      event: 'NOTIFICATIONS-SESSION.COMPLETED',
      complete: true,
      data: { kind: 'notifications', notifications: { email: false, sms: true } },
    })
  })

  it('paperless: the toggle is stored on the account (on and off)', async () => {
    const emulator = emulatorWith()
    const on = await initiate(emulator, 'initiate-manage-paperless', account)
    await post(emulator, `${on}/complete?embedded=1&host=${encodeURIComponent(HOST)}`, { paperless: 'on' })
    expect(emulator.store.accounts.get('acme-utilities\u0000ACC-12345')?.paperless).toBe(true)
    const off = await initiate(emulator, 'initiate-manage-paperless', account)
    const done = await post(emulator, `${off}/complete?embedded=1&host=${encodeURIComponent(HOST)}`)
    expect(emulator.store.accounts.get('acme-utilities\u0000ACC-12345')?.paperless).toBe(false)
    expect(posts(done.html)?.messages[0]).toMatchObject({
      event: 'PAPERLESS-SESSION.COMPLETED',
      data: { accountNumber: 'ACC-12345', paperless: false },
    })
  })

  it('AutoPay: enrolling in the frame reports AUTOPAY-SESSION.COMPLETED and delivers AutoPay.Enrolled', async () => {
    const emulator = emulatorWith()
    const link = await initiate(emulator, 'initiate-manage-autopay', account)
    const page = framed(link)
    const { html } = await get(emulator, page)
    expect(posts(html)?.messages).toEqual([
      { event: 'FRAME.LOADED', data: { sessionIdentifier: idOf(link), kind: 'autopay' } },
    ])
    const done = await post(emulator, formAction(html, page, 'paystar-complete'))
    expect(posts(done.html)?.messages[0]).toMatchObject({
      event: 'AUTOPAY-SESSION.COMPLETED',
      data: { accountNumber: 'ACC-12345', autoPay: true },
    })
    expect(emulator.webhooks.deliveries.map((delivery) => delivery.event)).toEqual(['AutoPay.Enrolled'])
  })
})
