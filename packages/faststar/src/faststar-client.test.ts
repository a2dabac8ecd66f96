import {
  ActionRequiredError,
  AuthenticationError,
  InvalidRequestError,
  NotFoundError,
  ProviderUnavailableError,
  RateLimitError,
  UnexpectedResponseError,
} from '@paymux/core'
import { describe, expect, it } from 'vitest'
import {
  envelope,
  guideAttachRequest,
  guideCharge,
  guideChargeRequest,
  guideCustomerRequest,
  guidePaymentMethod,
  guideScaBody,
  guideSessionRequest,
  guideSessionResponse,
  guideSetupIntent,
  referencePriceRequest,
  referenceSessionRequest,
  referenceTaxQuote,
  referenceTaxRequest,
} from './fixtures/faststar-examples.js'
import { faststar, forbiddenFetch, gateway, PREFIX, rejection, useNock } from './test-support.js'

useNock()

describe('native client: every documented endpoint, with the documents’ examples', () => {
  it('POST /public/checkout/sessions sends the API reference example and unwraps the guide’s answer', async () => {
    faststar()
      .post(`${PREFIX}/public/checkout/sessions`, referenceSessionRequest)
      .reply(200, guideSessionResponse)
    const data = await gateway().native.createCheckoutSession({
      body: {
        mode: 'payment',
        presentation: 'iframe',
        line_items: [{ price_id: 'price_xxx', quantity: 1 }],
        success_url: 'https://yoursite.com/success',
        cancel_url: 'https://yoursite.com/cancel',
      },
    })
    expect(data).toEqual(guideSessionResponse.data)
  })

  it('POST /public/checkout/sessions sends the guide’s full example as given', async () => {
    faststar()
      .post(`${PREFIX}/public/checkout/sessions`, guideSessionRequest)
      .reply(200, guideSessionResponse)
    const data = await gateway().native.createCheckoutSession({
      body: {
        mode: 'payment',
        presentation: 'iframe',
        line_items: [{ price_id: 'price_xxx', quantity: 1 }],
        customer_email: 'buyer@example.com',
        success_url: 'https://yoursite.com/success',
        cancel_url: 'https://yoursite.com/cancel',
        buyer_country: 'US',
        client_reference_id: 'order_10042',
      },
    })
    expect(data.session.amount_total).toBe(1079)
  })

  it('GET /public/checkout/sessions/:id reads the create shape and a bare session alike', async () => {
    faststar().get(`${PREFIX}/public/checkout/sessions/cs_xxx`).reply(200, guideSessionResponse)
    faststar()
      .get(`${PREFIX}/public/checkout/sessions/cs_xxx`)
      .reply(200, envelope(guideSessionResponse.data.session))
    const client = gateway().native
    expect(await client.retrieveCheckoutSession({ params: { sessionId: 'cs_xxx' } })).toEqual(
      guideSessionResponse.data,
    )
    expect(await client.retrieveCheckoutSession({ params: { sessionId: 'cs_xxx' } })).toEqual({
      session: guideSessionResponse.data.session,
    })
  })

  it('escapes ids in paths (ids that could leave their segment are refused: faststar-path-ids.test.ts)', async () => {
    faststar()
      .get(`${PREFIX}/public/customers/cus_a%20b%3Ac%26d`)
      .reply(200, envelope({ id: 'cus_a b:c&d', email: 'a@b.co' }))
    expect((await gateway().native.retrieveCustomer({ params: { customerId: 'cus_a b:c&d' } })).id).toBe(
      'cus_a b:c&d',
    )
  })

  it('POST /merchant/catalog/prices sends the recurring price example', async () => {
    const price = { id: 'price_1', ...referencePriceRequest }
    faststar().post(`${PREFIX}/merchant/catalog/prices`, referencePriceRequest).reply(200, envelope(price))
    expect(
      await gateway().native.createPrice({
        body: {
          product_id: 'prod_xxx',
          currency: 'USD',
          unit_amount: 1900,
          type: 'recurring',
          recurring_interval: 'month',
        },
      }),
    ).toEqual(price)
  })

  it('products and prices: create and list', async () => {
    const product = { id: 'prod_1', name: 'T-shirt', tax_category: 'apparel' }
    faststar()
      .post(`${PREFIX}/merchant/catalog/products`, { name: 'T-shirt', tax_category: 'apparel' })
      .reply(200, envelope(product))
    faststar()
      .get(`${PREFIX}/merchant/catalog/products`)
      .reply(200, envelope([product]))
    faststar()
      .get(`${PREFIX}/merchant/catalog/prices`)
      .reply(200, envelope({ prices: [{ id: 'price_1', ...referencePriceRequest }] }))
    const client = gateway().native
    expect(await client.createProduct({ body: { name: 'T-shirt', tax_category: 'apparel' } })).toEqual(
      product,
    )
    expect(await client.listProducts()).toEqual([product])
    expect((await client.listPrices()).map((price) => price.id)).toEqual(['price_1'])
  })

  it('customers: create (the saved cards example), list, retrieve', async () => {
    const customer = { id: 'cus_xxx', ...guideCustomerRequest }
    faststar().post(`${PREFIX}/public/customers`, guideCustomerRequest).reply(200, envelope(customer))
    faststar()
      .get(`${PREFIX}/public/customers`)
      .reply(200, envelope({ customers: [customer] }))
    faststar().get(`${PREFIX}/public/customers/cus_xxx`).reply(200, envelope(customer))
    const client = gateway().native
    expect(await client.createCustomer({ body: guideCustomerRequest })).toEqual(customer)
    expect(await client.listCustomers()).toEqual([customer])
    expect(await client.retrieveCustomer({ params: { customerId: 'cus_xxx' } })).toEqual(customer)
  })

  it('setup intent (no body), attach, list: the saved cards guide’s steps 2 and 3', async () => {
    faststar()
      .post(`${PREFIX}/public/customers/cus_xxx/setup-intent`, (body) => body === '' || body === undefined)
      .reply(200, envelope(guideSetupIntent))
    faststar()
      .post(`${PREFIX}/public/customers/cus_xxx/payment-methods`, guideAttachRequest)
      .reply(200, envelope(guidePaymentMethod))
    faststar()
      .get(`${PREFIX}/public/customers/cus_xxx/payment-methods`)
      .reply(200, envelope([guidePaymentMethod]))
    const client = gateway().native
    expect(await client.createSetupIntent({ params: { customerId: 'cus_xxx' } })).toEqual(guideSetupIntent)
    expect(
      await client.attachPaymentMethod({ params: { customerId: 'cus_xxx' }, body: guideAttachRequest }),
    ).toEqual(guidePaymentMethod)
    expect(await client.listPaymentMethods({ params: { customerId: 'cus_xxx' } })).toEqual([
      guidePaymentMethod,
    ])
  })

  it('charge: the guide’s step 4, and its 402', async () => {
    faststar()
      .post(`${PREFIX}/public/customers/cus_xxx/charge`, guideChargeRequest)
      .reply(200, envelope(guideCharge))
    faststar().post(`${PREFIX}/public/customers/cus_xxx/charge`, guideChargeRequest).reply(402, guideScaBody)
    const client = gateway().native
    expect(
      await client.chargeCustomer({ params: { customerId: 'cus_xxx' }, body: guideChargeRequest }),
    ).toEqual(guideCharge)
    const error = await rejection(
      client.chargeCustomer({ params: { customerId: 'cus_xxx' }, body: guideChargeRequest }),
    )
    expect(ActionRequiredError.isInstance(error)).toBe(true)
    expect((error as ActionRequiredError).message).toBe(
      'faststar: Payment requires additional authentication (HTTP 402)',
    )
  })

  it('a 402 of the charge is built once, complete: the native call carries who, which card and how much', async () => {
    faststar().post(`${PREFIX}/public/customers/cus_xxx/charge`, guideChargeRequest).reply(402, guideScaBody)
    const client = gateway().native
    // The gateway's own ref is accepted as the path id; the action names the bare id.
    const error = await rejection(
      client.chargeCustomer({ params: { customerId: 'faststar:cus_xxx' }, body: guideChargeRequest }),
    )
    expect(ActionRequiredError.isInstance(error) && error.action).toEqual({
      type: 'authenticate',
      customerId: 'cus_xxx',
      paymentMethodId: 'pm_xxx',
      amount: { amount: 1999, currency: 'USD' },
    })
  })

  it('a 402 of another endpoint says only that authentication is needed: it charged nobody', async () => {
    faststar().post(`${PREFIX}/public/payment-methods/pm_xxx/default`).reply(402, guideScaBody)
    const error = await rejection(
      gateway().native.setDefaultPaymentMethod({ params: { paymentMethodId: 'pm_xxx' } }),
    )
    expect(ActionRequiredError.isInstance(error) && error.action).toEqual({ type: 'authenticate' })
  })

  it('a 402 with no message still says what is needed', async () => {
    faststar().post(`${PREFIX}/public/customers/cus_xxx/charge`).reply(402, '')
    const error = await rejection(
      gateway().native.chargeCustomer({ params: { customerId: 'cus_xxx' }, body: guideChargeRequest }),
    )
    expect((error as ActionRequiredError).message).toBe(
      'faststar: the charge needs Strong Customer Authentication (HTTP 402)',
    )
  })

  it('refuses a misspelt argument of a native function, before any request', async () => {
    const fetch = forbiddenFetch()
    const error = await rejection(
      gateway({ fetch }).native.retrieveCustomer({ parms: { customerId: 'cus_1' } } as never),
    )
    expect((error as InvalidRequestError).issues).toEqual([
      { path: 'parms', message: 'unknown key; did you mean "params"?' },
    ])
    expect(fetch.calls).toBe(0)
  })

  it('set default and detach', async () => {
    faststar()
      .post(`${PREFIX}/public/payment-methods/pm_xxx/default`)
      .reply(200, envelope({ id: 'pm_xxx' }))
    faststar()
      .delete(`${PREFIX}/public/payment-methods/pm_xxx`)
      .reply(200, { success: true, message: 'Detached' })
    const client = gateway().native
    expect(await client.setDefaultPaymentMethod({ params: { paymentMethodId: 'pm_xxx' } })).toEqual({
      id: 'pm_xxx',
    })
    expect(await client.detachPaymentMethod({ params: { paymentMethodId: 'pm_xxx' } })).toBeUndefined()
  })

  it('tax: the DE example', async () => {
    faststar()
      .post(`${PREFIX}/public/tax/calculate`, referenceTaxRequest)
      .reply(200, envelope(referenceTaxQuote))
    expect(await gateway().native.calculateTax({ body: referenceTaxRequest })).toEqual(referenceTaxQuote)
  })

  it('verify-signature', async () => {
    const body = { provider_name: 'faststar', payload: '{"id":"evt_1"}', signature: 't=1,v1=ab' }
    faststar()
      .post(`${PREFIX}/public/verify-signature`, body)
      .reply(200, envelope({ valid: false }))
    expect(await gateway().native.verifySignature({ body: body })).toEqual({ valid: false })
  })
})

describe('native client: answers that are not a documented success', () => {
  it('a 2xx with "success": false is an UnexpectedResponseError, never a success', async () => {
    faststar()
      .post(`${PREFIX}/public/tax/calculate`)
      .reply(200, { success: false, message: 'Tax service is down' })
    const error = await rejection(gateway().native.calculateTax({ body: referenceTaxRequest }))
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'success_false', httpStatus: 200 })
    expect((error as Error).message).toContain('Tax service is down')
  })

  it('a missing documented field is an UnexpectedResponseError naming it', async () => {
    const { gross_amount: _gross, ...partial } = referenceTaxQuote
    faststar().post(`${PREFIX}/public/tax/calculate`).reply(200, envelope(partial))
    const error = await rejection(gateway().native.calculateTax({ body: referenceTaxRequest }))
    expect(UnexpectedResponseError.isInstance(error)).toBe(true)
    expect((error as UnexpectedResponseError).issues.map((issue) => issue.path)).toEqual([
      'data.gross_amount',
    ])
  })

  it('a non-integer amount in an answer is refused, not rounded', async () => {
    faststar()
      .post(`${PREFIX}/public/tax/calculate`)
      .reply(200, envelope({ ...referenceTaxQuote, tax_amount: 159.66 }))
    const error = await rejection(gateway().native.calculateTax({ body: referenceTaxRequest }))
    expect((error as UnexpectedResponseError).issues.map((issue) => issue.path)).toEqual(['data.tax_amount'])
  })

  it('an envelope without "success" is an UnexpectedResponseError', async () => {
    faststar().post(`${PREFIX}/public/tax/calculate`).reply(200, { data: referenceTaxQuote })
    const error = await rejection(gateway().native.calculateTax({ body: referenceTaxRequest }))
    expect((error as UnexpectedResponseError).issues.map((issue) => issue.path)).toEqual(['success'])
  })

  it('an HTML page is an UnexpectedResponseError', async () => {
    faststar().get(`${PREFIX}/public/customers`).reply(200, '<html>Maintenance</html>')
    const error = await rejection(gateway().native.listCustomers())
    expect(error).toMatchObject({ name: 'UnexpectedResponseError', code: 'html_body' })
  })

  it('fields FastStar adds later pass through', async () => {
    const quote = { ...referenceTaxQuote, jurisdiction: 'DE-BE' }
    faststar().post(`${PREFIX}/public/tax/calculate`).reply(200, envelope(quote))
    expect(await gateway().native.calculateTax({ body: referenceTaxRequest })).toEqual(quote)
  })

  it.each([
    [400, InvalidRequestError, 'MoR line item without a catalog reference'],
    [401, AuthenticationError, 'Invalid API key'],
    [404, NotFoundError, 'Customer not found'],
    [429, RateLimitError, 'Slow down'],
  ])('HTTP %i becomes %o with FastStar’s message', async (status, type, message) => {
    faststar().get(`${PREFIX}/public/customers/cus_1`).reply(status, { success: false, message })
    const error = await rejection(
      gateway({ maxRetries: 0 }).native.retrieveCustomer({ params: { customerId: 'cus_1' } }),
    )
    expect(type.isInstance(error)).toBe(true)
    expect((error as Error).message).toBe(`faststar: ${message} (HTTP ${status})`)
  })

  it('a 5xx is retried on a safe endpoint, then succeeds', async () => {
    faststar().get(`${PREFIX}/public/customers/cus_1`).reply(503, { success: false, message: 'Try again' })
    faststar()
      .get(`${PREFIX}/public/customers/cus_1`)
      .reply(200, envelope({ id: 'cus_1', email: 'a@b.co' }))
    expect((await gateway().native.retrieveCustomer({ params: { customerId: 'cus_1' } })).id).toBe('cus_1')
  })

  it('a 5xx on the charge endpoint is never retried', async () => {
    faststar()
      .post(`${PREFIX}/public/customers/cus_xxx/charge`)
      .reply(503, { success: false, message: 'Oops' })
    const error = await rejection(
      gateway().native.chargeCustomer({ params: { customerId: 'cus_xxx' }, body: guideChargeRequest }),
    )
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ retryable: false, outcome: 'unknown' })
  })

  it('checks a native body before sending it, naming the native field', async () => {
    const fetch = forbiddenFetch()
    const error = await rejection(
      gateway({ fetch }).native.chargeCustomer({
        params: { customerId: 'cus_1' },
        body: { ...guideChargeRequest, amount: 19.99 },
      }),
    )
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(['amount'])
    expect(fetch.calls).toBe(0)
  })
})
