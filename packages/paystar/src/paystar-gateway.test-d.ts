import type { CallOptions, PaymentSession, WebhookEvent } from '@paymux/core'
import { describe, expectTypeOf, it } from 'vitest'
import { createPaystar } from './index.js'
import type {
  PaystarAccountManagementRequest,
  PaystarCustomerManagementRequest,
  PaystarInitiatePaymentRequest,
  PaystarManagementSessionData,
  PaystarPaymentSessionData,
} from './paystar-api.js'
import type { PAYSTAR_ENDPOINTS, PaystarNativeClient } from './paystar-endpoints.js'
import type { PaystarGateway } from './paystar-gateway.js'
import type { PaystarManagementSession } from './paystar-management-session.js'

declare const paystar: PaystarGateway
declare const native: PaystarNativeClient

describe('the generated native client', () => {
  it('has one function per row of PAYSTAR_ENDPOINTS, and nothing else', () => {
    expectTypeOf<keyof PaystarNativeClient>().toEqualTypeOf<keyof typeof PAYSTAR_ENDPOINTS>()
    expectTypeOf(paystar.native).toEqualTypeOf<PaystarNativeClient>()
  })

  it('takes the documented body and resolves to the checked envelope', () => {
    expectTypeOf(native.initiatePayment).parameters.toEqualTypeOf<
      [{ readonly body: PaystarInitiatePaymentRequest }, CallOptions?]
    >()
    expectTypeOf(native.initiateManageAutopay).parameters.toEqualTypeOf<
      [{ readonly body: PaystarAccountManagementRequest }, CallOptions?]
    >()
    expectTypeOf(native.initiateManageWallet).parameters.toEqualTypeOf<
      [{ readonly body: PaystarCustomerManagementRequest }, CallOptions?]
    >()
    expectTypeOf(native.initiatePayment)
      .returns.resolves.toHaveProperty('data')
      .toEqualTypeOf<PaystarPaymentSessionData>()
    expectTypeOf(native.initiateManageNotifications)
      .returns.resolves.toHaveProperty('data')
      .toEqualTypeOf<PaystarManagementSessionData>()
    expectTypeOf(native.initiatePayment).returns.resolves.toHaveProperty('hasErrors').toEqualTypeOf<false>()
    // @ts-expect-error — every endpoint needs its body: there is no call that skips it.
    native.initiatePayment()
    const bare = { BusinessUnitSlug: 'acme-utilities', ClientUser: { EmailAddress: 'a@b.example' } }
    // @ts-expect-error — the body goes under `body`, not bare.
    native.initiateManageWallet(bare)
    native.initiateManageWallet({ body: bare })
  })
})

describe('the gateway', () => {
  it('has sessions.create and the webhooks, nothing else neutral', () => {
    expectTypeOf<PaystarGateway['id']>().toEqualTypeOf<'paystar'>()
    expectTypeOf(paystar.sessions.create).returns.resolves.toEqualTypeOf<PaymentSession>()
    expectTypeOf(paystar.webhooks.verify).returns.resolves.toEqualTypeOf<WebhookEvent>()
    // @ts-expect-error — Paystar documents no session lookup.
    paystar.sessions.retrieve
    // @ts-expect-error — nor payments.
    paystar.payments
  })

  it('keeps the provider-only management sessions on `manage`', () => {
    expectTypeOf(paystar.manage.autopay).returns.resolves.toEqualTypeOf<PaystarManagementSession>()
    expectTypeOf(paystar.manage.wallet).toBeCallableWith({ customer: { email: 'john@example.com' } })
    expectTypeOf(paystar.loaderUrl).toEqualTypeOf<string>()
    // @ts-expect-error — an AutoPay session is for one account.
    paystar.manage.autopay({ customer: { email: 'john@example.com' } })
  })
})

describe('createPaystar settings', () => {
  it('takes webhookSecret straight from an environment variable (string | undefined) under exactOptionalPropertyTypes', () => {
    const fromEnvironment = process.env.PAYMUX_TYPE_TEST_SECRET
    expectTypeOf(createPaystar).toBeCallableWith({
      apiKey: 'test-key',
      businessUnitSlug: 'acme-utilities',
      webhookSecret: fromEnvironment,
    })
  })
})
