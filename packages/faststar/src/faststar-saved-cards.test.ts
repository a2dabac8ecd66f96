import {
  ActionRequiredError,
  NotFoundError,
  type Payment,
  type PaymentMethod,
  ProviderUnavailableError,
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
  guideSetupIntent,
} from './fixtures/faststar-examples.js'
import { faststar, gateway, PREFIX, rejection, useNock } from './test-support.js'

useNock()

const charge = { customerId: 'cus_xxx', paymentMethodId: 'pm_xxx', amount: { amount: 1999, currency: 'USD' } }

describe('customers', () => {
  it('create sends email and name, and returns the neutral customer', async () => {
    faststar()
      .post(`${PREFIX}/public/customers`, guideCustomerRequest)
      .reply(200, envelope({ id: 'cus_xxx', ...guideCustomerRequest }))
    expect(await gateway().customers.create({ email: 'jane@example.com', name: 'Jane Buyer' })).toEqual({
      object: 'customer',
      id: 'cus_xxx',
      provider: 'faststar',
      ref: 'faststar:cus_xxx',
      email: 'jane@example.com',
      name: 'Jane Buyer',
      raw: { id: 'cus_xxx', ...guideCustomerRequest },
    })
  })

  it('is never retried after a failure that may have created it', async () => {
    faststar().post(`${PREFIX}/public/customers`).reply(503, { success: false, message: 'busy' })
    const error = await rejection(gateway().customers.create({ email: 'jane@example.com' }))
    expect(error).toMatchObject({ name: 'ProviderUnavailableError', retryable: false })
  })

  it('list applies limit locally: FastStar documents no pagination', async () => {
    const all = ['cus_1', 'cus_2', 'cus_3'].map((id) => ({ id, email: `${id}@example.com` }))
    faststar().get(`${PREFIX}/public/customers`).times(2).reply(200, envelope(all))
    const page = await gateway().customers.list({ limit: 2 })
    expect(page.data.map((customer) => customer.id)).toEqual(['cus_1', 'cus_2'])
    expect(page.hasMore).toBe(true)
    expect((await gateway().customers.list()).hasMore).toBe(false)
  })
})

describe('payment methods: SetupIntent → attach → list → default → detach', () => {
  it('createSetup returns what the front end needs', async () => {
    faststar().post(`${PREFIX}/public/customers/cus_xxx/setup-intent`).reply(200, envelope(guideSetupIntent))
    expect(await gateway().paymentMethods.createSetup('cus_xxx')).toEqual({
      setupIntentId: 'seti_xxx',
      clientSecret: 'seti_xxx_secret_xxx',
      publishableKey: 'pk_live_xxx',
      raw: guideSetupIntent,
    })
  })

  it('attach sends the SetupIntent and returns the masked card', async () => {
    faststar()
      .post(`${PREFIX}/public/customers/cus_xxx/payment-methods`, guideAttachRequest)
      .reply(200, envelope(guidePaymentMethod))
    expect(await gateway().paymentMethods.attach('cus_xxx', { setupIntentId: 'seti_xxx' })).toEqual({
      object: 'payment_method',
      id: 'pm_xxx',
      provider: 'faststar',
      ref: 'faststar:pm_xxx',
      customerId: 'cus_xxx',
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2030,
      raw: guidePaymentMethod,
    } satisfies PaymentMethod)
  })

  it('attach is not retried: it could save the card twice', async () => {
    faststar().post(`${PREFIX}/public/customers/cus_xxx/payment-methods`).reply(500, { success: false })
    const error = await rejection(gateway().paymentMethods.attach('cus_xxx', { setupIntentId: 'seti_xxx' }))
    expect(ProviderUnavailableError.isInstance(error)).toBe(true)
  })

  it('list, setDefault, detach', async () => {
    faststar()
      .get(`${PREFIX}/public/customers/cus_xxx/payment-methods`)
      .reply(200, envelope([{ ...guidePaymentMethod, is_default: true }]))
    faststar()
      .post(`${PREFIX}/public/payment-methods/pm_xxx/default`)
      .reply(200, envelope(guidePaymentMethod))
    faststar()
      .delete(`${PREFIX}/public/payment-methods/pm_xxx`)
      .reply(200, envelope({ id: 'pm_xxx' }))
    const client = gateway()
    const [card] = await client.paymentMethods.list('cus_xxx')
    expect(card).toMatchObject({ id: 'pm_xxx', customerId: 'cus_xxx', isDefault: true })
    await expect(client.paymentMethods.setDefault('pm_xxx')).resolves.toBeUndefined()
    await expect(client.paymentMethods.detach('pm_xxx')).resolves.toBeUndefined()
  })

  it('detach retried after a lost answer counts a 404 as done; a 404 at once stays NotFoundError', async () => {
    const path = `${PREFIX}/public/payment-methods/pm_xxx`
    const missing = { success: false, message: 'Payment method not found' }
    faststar()
      .delete(path)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .delete(path)
      .reply(404, missing)
    await expect(gateway().paymentMethods.detach('pm_xxx')).resolves.toBeUndefined()
    faststar().delete(path).reply(404, missing)
    const error = await gateway()
      .paymentMethods.detach('pm_xxx')
      .catch((e: unknown) => e)
    expect(NotFoundError.isInstance(error)).toBe(true)
  })
})

describe('payments.charge', () => {
  it('sends the guide’s body and returns the exact Payment', async () => {
    faststar()
      .post(`${PREFIX}/public/customers/cus_xxx/charge`, guideChargeRequest)
      .reply(200, envelope(guideCharge))
    expect(await gateway().payments.charge(charge)).toEqual({
      object: 'payment',
      id: 'pi_xxx',
      provider: 'faststar',
      ref: 'faststar:pi_xxx',
      status: 'succeeded',
      nativeStatus: 'succeeded',
      amount: { amount: 1999, currency: 'USD' },
      customerId: 'cus_xxx',
      paymentMethodId: 'pm_xxx',
      raw: guideCharge,
    } satisfies Payment)
  })

  it('sends off_session: false when asked', async () => {
    faststar()
      .post(`${PREFIX}/public/customers/cus_xxx/charge`, { ...guideChargeRequest, off_session: false })
      .reply(200, envelope(guideCharge))
    await gateway().payments.charge({ ...charge, offSession: false })
  })

  it('HTTP 402 throws ActionRequiredError carrying who, which card and how much', async () => {
    faststar().post(`${PREFIX}/public/customers/cus_xxx/charge`).reply(402, guideScaBody)
    const error = await rejection(gateway().payments.charge(charge))
    expect(ActionRequiredError.isInstance(error)).toBe(true)
    expect((error as ActionRequiredError).toJSON()).toEqual({
      name: 'ActionRequiredError',
      message: 'faststar: Payment requires additional authentication (HTTP 402)',
      provider: 'faststar',
      code: 'action_required',
      retryable: false,
      httpStatus: 402,
      raw: guideScaBody,
      action: {
        type: 'authenticate',
        customerId: 'cus_xxx',
        paymentMethodId: 'pm_xxx',
        amount: charge.amount,
      },
    })
  })

  it('a status FastStar adds later maps to processing, never to success', async () => {
    faststar()
      .post(`${PREFIX}/public/customers/cus_xxx/charge`)
      .reply(200, envelope({ ...guideCharge, status: 'under_review' }))
    expect(await gateway().payments.charge(charge)).toMatchObject({
      status: 'processing',
      nativeStatus: 'under_review',
    })
  })

  it('is never retried, not even after a 503', async () => {
    faststar()
      .post(`${PREFIX}/public/customers/cus_xxx/charge`)
      .reply(503, { success: false, message: 'busy' })
    const error = await rejection(gateway({ maxRetries: 5 }).payments.charge(charge))
    expect(error).toMatchObject({ name: 'ProviderUnavailableError', outcome: 'unknown', retryable: false })
  })

  it('is never retried after a timeout: the charge may have gone through', async () => {
    faststar().post(`${PREFIX}/public/customers/cus_xxx/charge`).delay(200).reply(200, envelope(guideCharge))
    const error = await rejection(gateway({ maxRetries: 5, timeoutMs: 50 }).payments.charge(charge))
    expect(error).toMatchObject({ name: 'ProviderUnavailableError', code: 'timeout', retryable: false })
  })
})
