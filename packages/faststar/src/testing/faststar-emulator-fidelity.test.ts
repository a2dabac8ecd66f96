import { createHmac } from 'node:crypto'
import { serveFetchHandler } from '@paymux/core/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import * as examples from '../fixtures/faststar-examples.js'
import {
  FASTSTAR_EMULATOR_KEYS,
  FASTSTAR_TEST_CARDS,
  type ServedFastStarEmulator,
  serveFastStarEmulator,
} from './index.js'

// Emulator fidelity: every example of the FastStar documents (src/fixtures/faststar-examples.ts)
// sent to a served emulator over loopback, its answer compared with the documented answer
// field by field. Placeholder ids (`price_xxx`, `seti_xxx`, `pm_xxx`) are swapped for the
// emulator's real ones; a documented value that is not a placeholder must come back as written.

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

type Json = Record<string, unknown>

async function start() {
  const received: { body: string; headers: Headers }[] = []
  const receiver = await serveFetchHandler(async (request) => {
    received.push({ body: await request.text(), headers: request.headers })
    return new Response(null, { status: 204 })
  })
  closers.push(() => receiver.close())
  const served: ServedFastStarEmulator = await serveFastStarEmulator({
    webhooks: { url: `${receiver.url}/webhooks`, secret: 'whsec_fidelity' },
  })
  closers.unshift(() => served.close())
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    apiKey: string = FASTSTAR_EMULATOR_KEYS.mor,
  ) => {
    const response = await fetch(`${served.baseUrl}${path}`, {
      method,
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: response.status, body: (await response.json()) as Json }
  }
  return { served, call, received }
}

/** Every documented field is present with the documented JSON type, recursively; returns the paths that differ. */
function shapeDifferences(actual: unknown, documented: unknown, path = ''): string[] {
  const kind = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value)
  if (kind(actual) !== kind(documented))
    return [`${path || '(root)'}: documented ${kind(documented)}, got ${kind(actual)}`]
  if (kind(documented) !== 'object') return []
  return Object.entries(documented as Json).flatMap(([key, value]) =>
    key in (actual as Json)
      ? shapeDifferences((actual as Json)[key], value, `${path}${path ? '.' : ''}${key}`)
      : [`${path}${path ? '.' : ''}${key}: missing`],
  )
}

async function catalogPrice(call: Awaited<ReturnType<typeof start>>['call'], unitAmount: number) {
  const product = await call('POST', '/merchant/catalog/products', { name: 'Coffee beans' })
  const price = await call('POST', '/merchant/catalog/prices', {
    product_id: (product.body.data as Json).id,
    currency: 'USD',
    unit_amount: unitAmount,
  })
  return (price.body.data as Json).id as string
}

describe('checkout sessions', () => {
  it('the API reference’s curl body gets the guide’s answer shape', async () => {
    const { call } = await start()
    const priceId = await catalogPrice(call, 999)
    const answer = await call('POST', '/public/checkout/sessions', {
      ...examples.referenceSessionRequest,
      line_items: [{ price_id: priceId, quantity: 1 }],
    })
    expect(answer.status).toBe(200)
    expect(shapeDifferences(answer.body, examples.guideSessionResponse)).toEqual([])
    expect(answer.body.message).toBe(examples.guideSessionResponse.message)
  })

  it('the guide’s request is priced as the guide shows: 999 + 80 US tax = 1079', async () => {
    const { call, served } = await start()
    const priceId = await catalogPrice(call, 999)
    const answer = await call('POST', '/public/checkout/sessions', {
      ...examples.guideSessionRequest,
      line_items: [{ price_id: priceId, quantity: 1 }],
    })
    const documented = examples.guideSessionResponse
    expect(answer.status).toBe(200)
    expect(answer.body.success).toBe(true)
    const data = answer.body.data as { session: Json; url: string; session_token: string }
    for (const field of ['status', 'amount_subtotal', 'amount_tax', 'amount_total', 'currency'] as const)
      expect([field, data.session[field]]).toEqual([field, documented.data.session[field]])
    expect(data.session.id).toMatch(/^cs_\w+$/)
    expect(data.session.session_token).toBe(data.session_token)
    // The documented form: seconds, no milliseconds, UTC.
    expect(data.session.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    expect(data.url).toBe(`${served.url}/checkout/${data.session.id}?token=${data.session_token}`)
  })
})

describe('catalog, customers and saved cards', () => {
  it('the recurring price example is stored as sent', async () => {
    const { call } = await start()
    const product = await call('POST', '/merchant/catalog/products', { name: 'Pro plan' })
    const productId = (product.body.data as Json).id
    const answer = await call('POST', '/merchant/catalog/prices', {
      ...examples.referencePriceRequest,
      product_id: productId,
    })
    expect(answer.status).toBe(200)
    expect(answer.body.data).toMatchObject({ ...examples.referencePriceRequest, product_id: productId })
  })

  it('customer → SetupIntent → attach → charge answer as the saved-cards guide shows', async () => {
    const { call, served } = await start()
    const customer = await call('POST', '/public/customers', examples.guideCustomerRequest)
    expect(customer.status).toBe(200)
    expect(customer.body.data).toMatchObject(examples.guideCustomerRequest)
    const customerId = (customer.body.data as Json).id as string

    const setup = await call('POST', `/public/customers/${customerId}/setup-intent`)
    expect(shapeDifferences(setup.body.data, examples.guideSetupIntent)).toEqual([])
    const setupIntentId = (setup.body.data as Json).setup_intent_id as string
    expect((setup.body.data as Json).client_secret).toMatch(new RegExp(`^${setupIntentId}_secret_`))

    served.emulator.completeSetupIntent(setupIntentId, FASTSTAR_TEST_CARDS.visa)
    const attached = await call('POST', `/public/customers/${customerId}/payment-methods`, {
      ...examples.guideAttachRequest,
      setup_intent_id: setupIntentId,
    })
    expect(attached.status).toBe(200)
    const { id: methodId, ...card } = attached.body.data as Json
    const { id: _documentedId, ...documentedCard } = examples.guidePaymentMethod
    expect(methodId).toMatch(/^pm_\w+$/)
    expect(card).toMatchObject(documentedCard)

    const charged = await call('POST', `/public/customers/${customerId}/charge`, {
      ...examples.guideChargeRequest,
      payment_method_id: methodId,
    })
    expect(charged.status).toBe(200)
    const { payment_intent_id: paymentId, ...charge } = charged.body.data as Json
    expect(paymentId).toMatch(/^pi_\w+$/)
    expect(charge).toEqual({
      ...examples.guideCharge,
      payment_intent_id: undefined,
      payment_method_id: methodId,
    })
  })

  it('a card that demands SCA answers the guide’s HTTP 402 body exactly', async () => {
    const { call, served } = await start()
    const customer = await call('POST', '/public/customers', examples.guideCustomerRequest)
    const customerId = (customer.body.data as Json).id as string
    const setup = await call('POST', `/public/customers/${customerId}/setup-intent`)
    const setupIntentId = (setup.body.data as Json).setup_intent_id as string
    served.emulator.completeSetupIntent(setupIntentId, FASTSTAR_TEST_CARDS.requiresAuthentication)
    const attached = await call('POST', `/public/customers/${customerId}/payment-methods`, {
      setup_intent_id: setupIntentId,
    })
    const answer = await call('POST', `/public/customers/${customerId}/charge`, {
      ...examples.guideChargeRequest,
      payment_method_id: (attached.body.data as Json).id,
    })
    expect(answer).toEqual({ status: 402, body: examples.guideScaBody })
  })
})

describe('tax, errors and webhooks', () => {
  it('the tax example answers the documented quote exactly', async () => {
    const { call } = await start()
    const answer = await call('POST', '/public/tax/calculate', examples.referenceTaxRequest)
    expect(answer.status).toBe(200)
    expect(answer.body.data).toEqual(examples.referenceTaxQuote)
  })

  it('errors carry the documented envelope and statuses: 401, 400, 404', async () => {
    const { call } = await start()
    expect(await call('GET', '/public/customers', undefined, 'fs_test_unknown')).toEqual({
      status: 401,
      body: { success: false, message: 'Missing or invalid X-API-Key' },
    })
    const { line_items: _items, ...noItems } = examples.referenceSessionRequest
    const missing = await call('POST', '/public/checkout/sessions', noItems)
    expect(missing).toEqual({
      status: 400,
      body: { success: false, message: 'Missing required field: line_items' },
    })
    const unknown = await call('POST', '/public/checkout/sessions', examples.referenceSessionRequest)
    expect(unknown).toEqual({ status: 404, body: { success: false, message: 'Price not found: price_xxx' } })
  })

  it('a paid session’s webhook has the documented body, headers and signature', async () => {
    const { call, served, received } = await start()
    const priceId = await catalogPrice(call, 1999)
    const session = await call('POST', '/public/checkout/sessions', {
      ...examples.referenceSessionRequest,
      line_items: [{ price_id: priceId, quantity: 1 }],
    })
    const sessionId = ((session.body.data as Json).session as Json).id as string
    await served.emulator.completeSession(sessionId)
    expect(received).toHaveLength(1)
    const [delivery] = received
    const body = JSON.parse(delivery?.body ?? '{}') as Json
    expect(shapeDifferences(body, examples.guideWebhookBody)).toEqual([])
    expect(body).toMatchObject({
      type: examples.guideWebhookBody.type,
      api_version: examples.guideWebhookBody.api_version,
      // Guess: the documented example is a live event; the emulator's events are test-mode.
      livemode: false,
      data: { ...examples.guideWebhookBody.data, payment_id: expect.stringMatching(/^pi_\w+$/) },
    })
    expect(body.id).toMatch(/^evt_\w+$/)
    const headers = delivery?.headers as Headers
    expect(headers.get('x-webhook-id')).toBe(body.id)
    expect(headers.get('x-webhook-timestamp')).toBe(String(body.created))
    const signed = `${body.created}.${delivery?.body}`
    const hex = createHmac('sha256', 'whsec_fidelity').update(signed).digest('hex')
    expect(headers.get('x-webhook-signature')).toBe(`t=${body.created},v1=${hex}`)
  })

  it('the shape check itself reports a missing or retyped field', () => {
    expect(shapeDifferences({ a: { b: '1' } }, { a: { b: 1, c: true } })).toEqual([
      'a.b: documented number, got string',
      'a.c: missing',
    ])
  })
})
