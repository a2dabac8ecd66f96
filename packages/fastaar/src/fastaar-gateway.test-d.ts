import type { CallOptions, CreateCustomerInput, Customer, ListResult, Payment, Refund } from '@paymux/core'
import { describe, expectTypeOf, it } from 'vitest'
import type {
  FastaarCreateCustomerBody,
  FastaarCreatePaymentBody,
  FastaarCustomer,
  FastaarCustomerList,
  FastaarListPaymentsQuery,
  FastaarPayment,
  FastaarPaymentList,
  FastaarRefund,
  FastaarRefundBody,
  FastaarUpdateCustomerBody,
} from './fastaar-api.js'
import type { FASTAAR_ENDPOINTS, FastaarNativeClient } from './fastaar-endpoints.js'
import type { FastaarGateway } from './fastaar-gateway.js'
import { createFastaar } from './index.js'
import type { FastaarSession } from './map-fastaar-payment.js'

declare const fastaar: FastaarGateway
declare const native: FastaarNativeClient

describe('the generated native client', () => {
  it('has one function per row of FASTAAR_ENDPOINTS, and nothing else', () => {
    expectTypeOf<keyof FastaarNativeClient>().toEqualTypeOf<keyof typeof FASTAAR_ENDPOINTS>()
    expectTypeOf(fastaar.native).toEqualTypeOf<FastaarNativeClient>()
  })

  it('takes path ids by the names in the path, a body and a query of the documented shape', () => {
    expectTypeOf(native.createPayment).parameters.toEqualTypeOf<
      [{ readonly body: FastaarCreatePaymentBody }, CallOptions?]
    >()
    expectTypeOf(native.refundPayment).parameters.toEqualTypeOf<
      [{ readonly params: { readonly paymentId: string }; readonly body: FastaarRefundBody }, CallOptions?]
    >()
    expectTypeOf(native.listPayments).toBeCallableWith()
    expectTypeOf(native.listPayments).toBeCallableWith({ query: { status: 'completed', per_page: 25 } })
    expectTypeOf<NonNullable<Parameters<FastaarNativeClient['listPayments']>[0]>['query']>().toEqualTypeOf<
      FastaarListPaymentsQuery | undefined
    >()
    // @ts-expect-error — the path id is `paymentId`, not `id`.
    native.retrievePayment({ params: { id: 'p1' } })
    // @ts-expect-error — an id alone is not the arguments object.
    native.retrievePayment('p1')
    // @ts-expect-error — a create needs its body.
    native.createPayment()
  })

  it('resolves to what each answer handler reads', () => {
    expectTypeOf(native.createPayment).returns.resolves.toEqualTypeOf<{
      payment: FastaarPayment
      created: boolean
    }>()
    expectTypeOf(native.retrievePayment).returns.resolves.toEqualTypeOf<FastaarPayment>()
    expectTypeOf(native.listPayments).returns.resolves.toEqualTypeOf<FastaarPaymentList>()
    expectTypeOf(native.refundPayment).returns.resolves.toEqualTypeOf<FastaarPayment | undefined>()
    expectTypeOf(native.listRefunds).returns.resolves.toEqualTypeOf<FastaarRefund[]>()
  })
})

describe('the gateway', () => {
  it('has exactly the facets Fastaar offers', () => {
    expectTypeOf<FastaarGateway['id']>().toEqualTypeOf<'fastaar'>()
    expectTypeOf(fastaar.sessions.create).returns.resolves.toEqualTypeOf<FastaarSession>()
    expectTypeOf(fastaar.payments.refund).returns.resolves.toEqualTypeOf<Payment>()
    expectTypeOf(fastaar.payments.listRefunds).returns.resolves.toEqualTypeOf<readonly Refund[]>()
    expectTypeOf(fastaar.livemode).toEqualTypeOf<boolean | undefined>()
    // @ts-expect-error — Fastaar has no off-session charges.
    fastaar.payments.charge
  })

  it('has customers: create, retrieve and list, neutral; update is native only', () => {
    expectTypeOf(fastaar.customers.create).parameters.toEqualTypeOf<[CreateCustomerInput, CallOptions?]>()
    expectTypeOf(fastaar.customers.create).returns.resolves.toEqualTypeOf<Customer>()
    expectTypeOf(fastaar.customers.list).returns.resolves.toEqualTypeOf<ListResult<Customer>>()
    // @ts-expect-error — no neutral update: the gateway's native.updateCustomer is Fastaar's PATCH.
    fastaar.customers.update
    expectTypeOf(native.updateCustomer).parameters.toEqualTypeOf<
      [
        { readonly params: { readonly customerId: string }; readonly body: FastaarUpdateCustomerBody },
        CallOptions?,
      ]
    >()
    expectTypeOf(native.retrieveCustomer).returns.resolves.toEqualTypeOf<FastaarCustomer>()
    expectTypeOf(native.listCustomers).returns.resolves.toEqualTypeOf<FastaarCustomerList>()
    expectTypeOf<FastaarCreateCustomerBody>().toExtend<{ name: string; phone: string }>()
    expectTypeOf(native.createPayment).toBeCallableWith({ body: { amount: 500, customer_id: 42 } })
  })

  it('takes its own refs where it takes ids', () => {
    expectTypeOf(fastaar.payments.retrieve).toBeCallableWith('fastaar:01jxyz')
    expectTypeOf(fastaar.payments.waitFor).toBeCallableWith('01jxyz', {
      timeoutMs: 1000,
      initialIntervalMs: 5,
    })
  })
})

describe('createFastaar settings', () => {
  it('takes webhookSecret straight from an environment variable (string | undefined) under exactOptionalPropertyTypes', () => {
    const fromEnvironment = process.env.PAYMUX_TYPE_TEST_SECRET
    expectTypeOf(createFastaar).toBeCallableWith({ apiKey: 'test-key', webhookSecret: fromEnvironment })
  })
})
