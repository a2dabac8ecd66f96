import { describe, expect, it } from 'vitest'
import { createFastStar } from '../faststar-gateway.js'
import type { FastStarBrowserOptions } from './emulator-browser-options.js'
import { createFastStarEmulator, FASTSTAR_EMULATOR_KEYS } from './index.js'

// The browser half in-process: the script, the hosted page in both modes, the card
// page and its attach call, answered by the emulator's handler (no browser). The
// real-browser proof is faststar-browser.browser.test.ts.

const ORIGIN = 'http://127.0.0.1:4010'
const SHOP = 'http://127.0.0.1:5020'
const urls = { success_url: 'https://shop.example/thanks', cancel_url: 'https://shop.example/cart' }

interface SentEvent {
  readonly type: string
  readonly data: Record<string, unknown>
}

/** An emulator whose webhook bodies land in `events`, and helpers to talk to it as a browser would. */
function setup(browser?: FastStarBrowserOptions) {
  const events: SentEvent[] = []
  const raw: { rawBody: string; headers: Headers }[] = []
  const emulator = createFastStarEmulator({
    webhooks: {
      url: 'https://shop.example/webhooks/faststar',
      fetch: async (request) => {
        const rawBody = await request.text()
        raw.push({ rawBody, headers: request.headers })
        events.push(JSON.parse(rawBody) as SentEvent)
        return new Response('ok')
      },
    },
    ...(browser === undefined ? {} : { browser }),
  })
  const call = (path: string, init: RequestInit = {}) =>
    emulator.handler(new Request(`${ORIGIN}${path}`, init))
  const api = async (path: string, body?: unknown, key: string = FASTSTAR_EMULATOR_KEYS.direct) => {
    const response = await call(`/api/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return {
      status: response.status,
      body: (await response.json()) as { data: Record<string, unknown>; message: string },
    }
  }
  const session = async (fields: Record<string, unknown> = {}) => {
    const created = await api('/public/checkout/sessions', {
      mode: 'payment',
      presentation: 'iframe',
      line_items: [{ ad_hoc_amount: 999, ad_hoc_currency: 'USD', quantity: 1, description: 'Coffee' }],
      buyer_country: 'US',
      client_reference_id: 'order_7',
      ...urls,
      ...fields,
    })
    expect(created.status).toBe(200)
    const url = new URL(created.body.data.url as string)
    const id = (created.body.data.session as { id: string }).id
    return { id, token: url.searchParams.get('token') ?? '', url }
  }
  /** The page path of a session, in the overlay (`parentOrigin`) or full page. */
  const pagePath = (s: { id: string; token: string }, verb = '', parentOrigin?: string) => {
    const query = new URLSearchParams({ token: s.token })
    if (parentOrigin !== undefined) {
      query.set('embed', '1')
      query.set('parent_origin', parentOrigin)
    }
    return `/checkout/${s.id}${verb === '' ? '' : `/${verb}`}?${query}`
  }
  const post = (path: string, form: Record<string, string> = {}) =>
    call(path, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' })
  const flushed = async () => {
    await emulator.webhooks.settle()
    return events
  }
  return { emulator, events, raw, call, api, session, pagePath, post, flushed }
}

/** The message a page posts to its parent, and the target origin it names. */
function postedMessage(html: string): { message: Record<string, unknown>; target: string } | undefined {
  const match = /window\.parent\.postMessage\((\{.*?\}), ("[^"]*")\)/.exec(html)
  if (match === null) return undefined
  return { message: JSON.parse(match[1] ?? ''), target: JSON.parse(match[2] ?? '') }
}

describe('GET /sdk/v1/faststar.min.js', () => {
  it('serves plain JS that defines window.FastStar, configured with the origins checkout.open accepts', async () => {
    const { call } = setup()
    const response = await call('/sdk/v1/faststar.min.js')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const script = await response.text()
    expect(script).toContain(
      'window.FastStar = { checkout: { open: open }, on: on, off: off, cards: { add: add } }',
    )
    expect(script).toContain(
      `"allowedOrigins":["${ORIGIN}","http://localhost:4010","http://[::1]:4010","https://cashier.faststarpay.com","https://merchant.faststarpay.com"]`,
    )
    expect(script).not.toMatch(/\bimport\b|\brequire\(/)
  })

  it('on loopback, allows every spelling of the emulator’s origin with the same port', async () => {
    const { emulator } = setup()
    const script = await (
      await emulator.handler(new Request('http://localhost:4010/sdk/v1/faststar.min.js'))
    ).text()
    expect(script).toContain(
      '"allowedOrigins":["http://localhost:4010","http://127.0.0.1:4010","http://[::1]:4010","https://cashier.faststarpay.com"',
    )
    const remote = await (
      await emulator.handler(new Request('https://emulator.test/sdk/v1/faststar.min.js'))
    ).text()
    expect(remote).toContain('"allowedOrigins":["https://emulator.test","https://cashier.faststarpay.com"')
  })

  it('adds checkoutOrigin, and browser.allowedOrigins replaces the two real origins', async () => {
    const emulator = createFastStarEmulator({
      checkoutOrigin: 'https://checkout.test',
      browser: { allowedOrigins: ['https://pay.example'] },
    })
    const script = await (await emulator.handler(new Request(`${ORIGIN}/sdk/v1/faststar.min.js`))).text()
    expect(script).toContain(
      `"allowedOrigins":["${ORIGIN}","http://localhost:4010","http://[::1]:4010","https://checkout.test","https://pay.example"]`,
    )
  })

  it('refuses an allowed origin that is not an origin, naming the option', () => {
    for (const bad of ['https://pay.example/', 'pay.example', '*', 'https://pay.example/checkout']) {
      expect(() => createFastStarEmulator({ browser: { allowedOrigins: [bad] } })).toThrow(
        /^browser\.allowedOrigins: .* is not an origin/,
      )
    }
  })

  it('answers 405 to anything but GET', async () => {
    const { call } = setup()
    expect((await call('/sdk/v1/faststar.min.js', { method: 'POST' })).status).toBe(405)
  })
})

describe('the hosted checkout page', () => {
  it('is never cached, frameable from any origin, shows the email and the four test cards', async () => {
    const { call, session, pagePath } = setup()
    const s = await session({ customer_email: 'jane@example.com' })
    const response = await call(pagePath(s, '', SHOP))
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-security-policy')).toBe('frame-ancestors *')
    expect(response.headers.has('x-frame-options')).toBe(false)
    const html = await response.text()
    expect(html).toContain('value="jane@example.com" id="faststar-email"')
    expect([...html.matchAll(/<option value="(\w+)"/g)].map((m) => m[1])).toEqual([
      'visa',
      'mastercard',
      'requiresAuthentication',
      'declined',
    ])
    for (const id of ['faststar-checkout', 'faststar-pay', 'faststar-cancel', 'faststar-total'])
      expect(html).toContain(`id="${id}" data-testid="${id}"`)
    expect(html).toContain('<td>Tax</td>')
    expect(html).toContain('USD 10.79')
  })

  it('labels inclusive tax', async () => {
    const { call, session, pagePath } = setup()
    const s = await session({
      buyer_country: 'DE',
      line_items: [{ ad_hoc_amount: 1000, ad_hoc_currency: 'EUR', quantity: 1 }],
    })
    const html = await (await call(pagePath(s))).text()
    expect(html).toContain('<td>Tax (included)</td>')
    expect(html).toContain('EUR 1.60')
  })

  it('in the overlay, Pay posts checkout.success to the parent origin (never *) instead of redirecting', async () => {
    const { post, session, pagePath, flushed, emulator } = setup()
    const s = await session()
    const response = await post(pagePath(s, 'complete', SHOP), { card: 'visa' })
    expect(response.status).toBe(200)
    expect(postedMessage(await response.text())).toEqual({
      message: { source: 'faststar', type: 'checkout.success', checkout_session_id: s.id },
      target: SHOP,
    })
    expect(emulator.state.sessions.get(s.id)?.status).toBe('complete')
    expect((await flushed()).map((event) => event.type)).toEqual(['payment.succeeded'])
  })

  it('full page, Pay still answers 303 to success_url', async () => {
    const { post, session, pagePath } = setup()
    const s = await session({ presentation: 'link' })
    const response = await post(pagePath(s, 'complete'), { card: 'mastercard' })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(urls.success_url)
  })

  it('refuses an overlay without a usable parent origin', async () => {
    const { call, session } = setup()
    const s = await session()
    for (const parent of ['', '*', 'null', `${SHOP}/checkout`, 'javascript:alert(1)']) {
      const query = new URLSearchParams({ token: s.token, embed: '1', parent_origin: parent })
      const response = await call(`/checkout/${s.id}?${query}`)
      expect(response.status, parent).toBe(400)
    }
  })

  it('declined card: payment.failed, the page stays open, a retry pays the same payment', async () => {
    const { post, session, pagePath, flushed, emulator } = setup()
    const s = await session()
    const declined = await post(pagePath(s, 'complete', SHOP), { card: 'declined' })
    expect(declined.status).toBe(402)
    const html = await declined.text()
    expect(html).toContain('id="faststar-error"')
    expect(html).toContain('<option value="declined" selected>')
    expect(postedMessage(html)).toBeUndefined()
    expect(emulator.state.sessions.get(s.id)?.status).toBe('open')
    const retry = await post(pagePath(s, 'complete', SHOP), { card: 'visa' })
    expect(postedMessage(await retry.text())?.message.type).toBe('checkout.success')
    const [failed, succeeded] = await flushed()
    expect(failed).toMatchObject({
      type: 'payment.failed',
      data: {
        amount: 1079,
        currency: 'USD',
        status: 'failed',
        failure_reason: 'card_declined',
        checkout_session_id: s.id,
        client_reference_id: 'order_7',
      },
    })
    expect(succeeded?.type).toBe('payment.succeeded')
    expect(succeeded?.data.payment_id).toBe(failed?.data.payment_id)
    expect(emulator.state.payments.size).toBe(1)
  })

  it('the gateway verifies the page’s payment.failed as a neutral payment.failed', async () => {
    const { post, session, pagePath, flushed, raw, emulator } = setup()
    const s = await session()
    await post(pagePath(s, 'complete'), { card: 'declined' })
    await flushed()
    const gateway = createFastStar({
      apiKey: FASTSTAR_EMULATOR_KEYS.direct,
      fetch: emulator.fetch,
      webhookSecret: emulator.webhookSecret,
      now: emulator.clock.now,
    })
    const event = await gateway.webhooks.verify({
      rawBody: raw[0]?.rawBody ?? '',
      headers: raw[0]?.headers ?? {},
    })
    expect(event.type).toBe('payment.failed')
    expect(event.data).toMatchObject({ status: 'failed', amount: { amount: 1079, currency: 'USD' } })
  })

  it('3-D Secure card: a challenge step; Fail sends payment.failed, Complete pays', async () => {
    const { post, session, pagePath, flushed, emulator } = setup()
    const s = await session()
    const challenge = await post(pagePath(s, 'complete', SHOP), { card: 'requiresAuthentication' })
    const html = await challenge.text()
    expect(html).toContain('id="faststar-challenge-complete"')
    expect(html).toContain('id="faststar-challenge-fail"')
    expect(emulator.state.payments.values().next().value?.status).toBe('requires_action')
    const failed = await post(pagePath(s, 'challenge', SHOP), {
      card: 'requiresAuthentication',
      outcome: 'fail',
    })
    expect(failed.status).toBe(402)
    await post(pagePath(s, 'complete', SHOP), { card: 'requiresAuthentication' })
    const passed = await post(pagePath(s, 'challenge', SHOP), {
      card: 'requiresAuthentication',
      outcome: 'complete',
    })
    expect(postedMessage(await passed.text())?.message.type).toBe('checkout.success')
    const sent = await flushed()
    expect(sent.map((event) => [event.type, event.data.failure_reason])).toEqual([
      ['payment.failed', 'authentication_failed'],
      ['payment.succeeded', undefined],
    ])
  })

  it('answers 409 to a challenge answer when no challenge is open, and 400 to an unknown card', async () => {
    const { post, session, pagePath, emulator } = setup()
    const s = await session()
    expect((await post(pagePath(s, 'challenge'), { card: 'visa', outcome: 'complete' })).status).toBe(409)
    for (const card of ['', 'amex', '__proto__', 'toString'])
      expect((await post(pagePath(s, 'complete'), { card })).status, card).toBe(400)
    expect(emulator.state.payments.size).toBe(0)
  })

  it('Cancel after a failed attempt sends payment.canceled; in the overlay it posts checkout.cancel', async () => {
    const { post, session, pagePath, flushed, emulator } = setup()
    const s = await session()
    await post(pagePath(s, 'complete', SHOP), { card: 'declined' })
    const canceled = await post(pagePath(s, 'cancel', SHOP))
    expect(postedMessage(await canceled.text())).toEqual({
      message: { source: 'faststar', type: 'checkout.cancel', checkout_session_id: s.id },
      target: SHOP,
    })
    expect(emulator.state.sessions.get(s.id)?.status).toBe('canceled')
    const sent = await flushed()
    expect(sent.map((event) => event.type)).toEqual(['payment.failed', 'payment.canceled'])
    expect(sent[1]?.data).toMatchObject({ status: 'canceled', amount: 1079, currency: 'USD' })
  })

  it('Cancel without an attempt sends nothing (no payment existed) and redirects full page', async () => {
    const { post, session, pagePath, flushed } = setup()
    const s = await session()
    const response = await post(pagePath(s, 'cancel'))
    expect(response.headers.get('location')).toBe(urls.cancel_url)
    expect(await flushed()).toEqual([])
    expect((await post(pagePath(s, 'complete'), { card: 'visa' })).status).toBe(409)
  })

  it('setup mode saves the card to the customer found or created by the buyer’s email', async () => {
    const { post, session, pagePath, api, call, emulator } = setup()
    const first = await session({ mode: 'setup', line_items: undefined, customer_email: 'ann@example.com' })
    const page = await (await call(pagePath(first))).text()
    expect(page).not.toContain('faststar-total')
    await post(pagePath(first, 'complete'), { card: 'mastercard', email: '' })
    const saved = emulator.state.sessions.get(first.id)
    expect(saved).toMatchObject({ status: 'complete', payment_intent_id: null })
    const customer = emulator.state.customers.get(saved?.customer_id ?? '')
    expect(customer?.email).toBe('ann@example.com')
    const cards = await api(`/public/customers/${customer?.id}/payment-methods`)
    expect(cards.body.data).toEqual([
      {
        id: saved?.payment_method_id,
        brand: 'mastercard',
        last4: '4444',
        exp_month: 12,
        exp_year: 2030,
        is_default: true,
      },
    ])
    const second = await session({ mode: 'setup', line_items: undefined })
    await post(pagePath(second, 'complete'), { card: 'visa', email: 'ann@example.com' })
    expect(emulator.state.sessions.get(second.id)?.customer_id).toBe(customer?.id)
    expect(emulator.state.customers.size).toBe(1)
    expect(emulator.state.payments.size).toBe(0)
  })

  it('setup mode without an email asks for one; with setupSessionSavesCard false it saves nothing', async () => {
    const { post, session, pagePath, emulator } = setup()
    const s = await session({ mode: 'setup', line_items: undefined })
    const asked = await post(pagePath(s, 'complete'), { card: 'visa', email: '' })
    expect(asked.status).toBe(400)
    expect(await asked.text()).toContain('Enter your email address')
    expect(emulator.state.sessions.get(s.id)?.status).toBe('open')

    const off = setup({ setupSessionSavesCard: false })
    const t = await off.session({ mode: 'setup', line_items: undefined, customer_email: 'ann@example.com' })
    expect((await off.post(off.pagePath(t, 'complete'), { card: 'visa' })).status).toBe(303)
    expect(off.emulator.state.customers.size).toBe(0)
    expect(off.emulator.state.paymentMethods.size).toBe(0)
  })

  it('successExtras and overlaySuccess: success_url add keys to the message', async () => {
    const { post, session, pagePath, emulator } = setup({
      successExtras: ['client_reference_id', 'payment_id'],
      overlaySuccess: 'success_url',
    })
    const s = await session()
    const response = await post(pagePath(s, 'complete', SHOP), { card: 'visa' })
    expect(postedMessage(await response.text())?.message).toEqual({
      source: 'faststar',
      type: 'checkout.success',
      checkout_session_id: s.id,
      client_reference_id: 'order_7',
      payment_id: emulator.state.sessions.get(s.id)?.payment_intent_id,
      redirect_to: urls.success_url,
    })
  })

  it('enforcePresentation refuses a link session in the overlay and an iframe session full page', async () => {
    const lax = setup()
    const link = await lax.session({ presentation: 'link' })
    expect((await lax.call(lax.pagePath(link, '', SHOP))).status).toBe(200)
    const strict = setup({ enforcePresentation: true })
    const a = await strict.session({ presentation: 'link' })
    const b = await strict.session({ presentation: 'iframe' })
    expect((await strict.call(strict.pagePath(a, '', SHOP))).status).toBe(409)
    expect((await strict.call(strict.pagePath(b))).status).toBe(409)
    expect((await strict.call(strict.pagePath(a))).status).toBe(200)
    expect((await strict.call(strict.pagePath(b, '', SHOP))).status).toBe(200)
  })
})

describe('the card page and its attach call', () => {
  async function intent(context: ReturnType<typeof setup>) {
    const customer = await context.api('/public/customers', { email: 'jane@example.com' })
    const customerId = customer.body.data.id as string
    const created = await context.api(`/public/customers/${customerId}/setup-intent`, {})
    const data = created.body.data as {
      client_secret: string
      publishable_key: string
      setup_intent_id: string
    }
    return { customerId, ...data }
  }
  const bearer = (secret: string, extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    authorization: `Bearer ${secret}`,
    'x-publishable-key': 'pk_test_faststar_emulator',
    ...extra,
  })
  const confirm = (context: ReturnType<typeof setup>, secret: string, body: unknown) =>
    context.call('/cards/confirm', { method: 'POST', headers: bearer(secret), body: JSON.stringify(body) })
  const attach = (
    context: ReturnType<typeof setup>,
    customerId: string,
    headers: Record<string, string>,
    body: unknown,
  ) =>
    context.call(`/api/v1/public/customers/${customerId}/payment-methods`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    })

  it('GET /cards/add serves the card page, with no client secret in it', async () => {
    const context = setup()
    const seti = await intent(context)
    const query = new URLSearchParams({
      setup_intent_id: seti.setup_intent_id,
      publishable_key: seti.publishable_key,
      parent_origin: SHOP,
    })
    const response = await context.call(`/cards/add?${query}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe('frame-ancestors *')
    const html = await response.text()
    for (const id of ['faststar-card-form', 'faststar-card', 'faststar-save-card', 'faststar-card-cancel'])
      expect(html).toContain(`id="${id}"`)
    expect(html).toContain(`"customerId":"${seti.customerId}"`)
    expect(html).not.toContain(seti.client_secret)
  })

  it('GET /cards/add refuses an unknown SetupIntent, a bad parent origin, another key or customer', async () => {
    const context = setup()
    const seti = await intent(context)
    const page = (fields: Record<string, string>) =>
      context.call(
        `/cards/add?${new URLSearchParams({ setup_intent_id: seti.setup_intent_id, parent_origin: SHOP, ...fields })}`,
      )
    expect((await page({ setup_intent_id: 'seti_nope' })).status).toBe(404)
    expect((await page({ parent_origin: '*' })).status).toBe(400)
    expect((await page({ publishable_key: 'pk_live_other' })).status).toBe(401)
    expect((await page({ customer_id: 'cus_other' })).status).toBe(400)
    expect((await page({ customer_id: seti.customerId })).status).toBe(200)
  })

  it('confirm then attach with the client secret: the masked card, recorded as client-secret auth', async () => {
    const context = setup()
    const seti = await intent(context)
    const confirmed = await confirm(context, seti.client_secret, {
      setup_intent_id: seti.setup_intent_id,
      card: 'visa',
    })
    expect(confirmed.status).toBe(200)
    const attached = await attach(context, seti.customerId, bearer(seti.client_secret), {
      setup_intent_id: seti.setup_intent_id,
    })
    expect(attached.status).toBe(200)
    const card = ((await attached.json()) as { data: Record<string, unknown> }).data
    expect(card).toMatchObject({ brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030 })
    expect(card.id).toMatch(/^pm_/)
    const recorded = context.emulator.state.requests.at(-1)
    expect(recorded).toMatchObject({ hadApiKey: false, auth: 'client_secret' })
    expect(JSON.stringify(context.emulator.state.requests)).not.toContain(seti.client_secret)
    // The merchant's server attaching the same SetupIntent again gets the same card.
    const again = await context.api(`/public/customers/${seti.customerId}/payment-methods`, {
      setup_intent_id: seti.setup_intent_id,
    })
    expect(again.status).toBe(200)
    expect(again.body.data.id).toBe(card.id)
    expect(context.emulator.state.paymentMethods.size).toBe(1)
  })

  it('confirm refuses a wrong secret, an unknown card, and declines the declined card', async () => {
    const context = setup()
    const seti = await intent(context)
    const body = { setup_intent_id: seti.setup_intent_id, card: 'visa' }
    expect((await confirm(context, `${seti.client_secret}x`, body)).status).toBe(401)
    expect((await confirm(context, '', body)).status).toBe(401)
    expect(
      (await confirm(context, seti.client_secret, { ...body, setup_intent_id: 'seti_nope' })).status,
    ).toBe(401)
    expect((await confirm(context, seti.client_secret, { ...body, card: 'amex' })).status).toBe(400)
    const declined = await confirm(context, seti.client_secret, { ...body, card: 'declined' })
    expect(declined.status).toBe(402)
    expect(context.emulator.state.setupIntents.get(seti.setup_intent_id)?.status).toBe(
      'requires_payment_method',
    )
    expect((await confirm(context, seti.client_secret, body)).status).toBe(200)
    expect((await confirm(context, seti.client_secret, body)).status).toBe(409)
  })

  it('the client secret opens the attach route for its own SetupIntent only, with the publishable key', async () => {
    const context = setup()
    const seti = await intent(context)
    const other = await intent(context)
    await confirm(context, seti.client_secret, { setup_intent_id: seti.setup_intent_id, card: 'visa' })
    const body = { setup_intent_id: seti.setup_intent_id }
    const refusals = [
      attach(context, seti.customerId, bearer(other.client_secret), body),
      attach(context, seti.customerId, bearer(`${seti.client_secret}0`), body),
      attach(context, seti.customerId, bearer(seti.client_secret, { 'x-publishable-key': 'pk_other' }), body),
      attach(context, seti.customerId, { 'content-type': 'application/json' }, body),
      context.call('/api/v1/public/customers', { headers: bearer(seti.client_secret) }),
    ]
    expect((await Promise.all(refusals)).map((response) => response.status)).toEqual([
      401, 401, 401, 401, 401,
    ])
    expect(context.emulator.state.paymentMethods.size).toBe(0)
  })

  it('cardPageAuth none: the client secret opens nothing; attachTwice error: a second attach is a 400', async () => {
    const none = setup({ cardPageAuth: 'none', attachTwice: 'error' })
    const seti = await intent(none)
    await confirm(none, seti.client_secret, { setup_intent_id: seti.setup_intent_id, card: 'visa' })
    const body = { setup_intent_id: seti.setup_intent_id }
    expect((await attach(none, seti.customerId, bearer(seti.client_secret), body)).status).toBe(401)
    expect((await none.api(`/public/customers/${seti.customerId}/payment-methods`, body)).status).toBe(200)
    const twice = await none.api(`/public/customers/${seti.customerId}/payment-methods`, body)
    expect(twice.status).toBe(400)
    expect(twice.body.message).toBe('The card of this SetupIntent is already attached')
  })
})
