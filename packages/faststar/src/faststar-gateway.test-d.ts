import type { CallOptions, Payment, PaymentSession } from '@paymux/core'
import { describe, expectTypeOf, it } from 'vitest'
import type {
  FastStarCharge,
  FastStarChargeRequest,
  FastStarCustomer,
  FastStarSessionRetrieved,
} from './faststar-api.js'
import type { FASTSTAR_ENDPOINTS, FastStarNativeClient } from './faststar-endpoints.js'
import type { FastStarGateway } from './faststar-gateway.js'
import { createFastStar } from './index.js'

declare const faststar: FastStarGateway
declare const native: FastStarNativeClient

describe('the generated native client', () => {
  it('has one function per row of FASTSTAR_ENDPOINTS, and nothing else', () => {
    expectTypeOf<keyof FastStarNativeClient>().toEqualTypeOf<keyof typeof FASTSTAR_ENDPOINTS>()
    expectTypeOf(faststar.native).toEqualTypeOf<FastStarNativeClient>()
  })

  it('takes path ids by the names in the path, a body of the documented shape, and resolves to the answer', () => {
    expectTypeOf(native.chargeCustomer).parameters.toEqualTypeOf<
      [
        { readonly params: { readonly customerId: string }; readonly body: FastStarChargeRequest },
        CallOptions?,
      ]
    >()
    expectTypeOf(native.chargeCustomer).returns.resolves.toEqualTypeOf<FastStarCharge>()
    expectTypeOf(native.retrieveCheckoutSession).returns.resolves.toEqualTypeOf<FastStarSessionRetrieved>()
    expectTypeOf(native.listCustomers).returns.resolves.toEqualTypeOf<FastStarCustomer[]>()
    // @ts-expect-error — the path id is `customerId`, not `id`.
    native.retrieveCustomer({ params: { id: 'cus_1' } })
    // @ts-expect-error — a charge needs its body.
    native.chargeCustomer({ params: { customerId: 'cus_1' } })
  })

  it('lets an endpoint without arguments be called with none', () => {
    expectTypeOf(native.listProducts).toBeCallableWith()
    expectTypeOf(native.listProducts).toBeCallableWith(undefined, { timeoutMs: 1000 })
  })
})

describe('the gateway', () => {
  it('has exactly the facets FastStar offers', () => {
    expectTypeOf(faststar.payments.charge).returns.resolves.toEqualTypeOf<Payment>()
    expectTypeOf(faststar.sessions.create).returns.resolves.toEqualTypeOf<PaymentSession>()
    expectTypeOf<FastStarGateway['id']>().toEqualTypeOf<'faststar'>()
    // @ts-expect-error — FastStar documents no payment retrieval.
    faststar.payments.retrieve
    // @ts-expect-error — nor refunds.
    faststar.payments.refund
    expectTypeOf(faststar.webhooks.verifyRemote).toBeFunction()
  })
})

describe('createFastStar settings', () => {
  it('takes webhookSecret straight from an environment variable (string | undefined) under exactOptionalPropertyTypes', () => {
    const fromEnvironment = process.env.PAYMUX_TYPE_TEST_SECRET
    expectTypeOf(createFastStar).toBeCallableWith({ apiKey: 'test-key', webhookSecret: fromEnvironment })
  })
})
