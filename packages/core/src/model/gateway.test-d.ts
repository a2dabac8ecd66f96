import { describe, expectTypeOf, it } from 'vitest'
import type { Customer } from './customer.js'
import type {
  AnyGateway,
  CreateCustomerInput,
  CustomersFacet,
  Gateway,
  PaymentsFacet,
  SessionsFacet,
  SpecificationVersion,
  WebhooksFacet,
} from './gateway.js'
import { SUPPORTED_SPECIFICATION_VERSIONS } from './gateway.js'
import { type ProviderId, type Ref, toRef } from './ref.js'
import type { WebhookEvent, WebhookEventOf } from './webhook-event.js'

// What a Fastaar-like adapter declares: sessions, some payment methods, webhooks; no charge, no tax.
type PartialGateway = Gateway<
  'fastaar',
  { sessions: SessionsFacet; payments: Pick<PaymentsFacet, 'retrieve' | 'list'>; webhooks: WebhooksFacet }
>
declare const gateway: PartialGateway

describe('Gateway types', () => {
  it('leave out the facets and methods a provider lacks', () => {
    expectTypeOf<PartialGateway['payments']>().toHaveProperty('retrieve')
    expectTypeOf<PartialGateway['payments']>().not.toHaveProperty('charge')
    expectTypeOf<PartialGateway>().not.toHaveProperty('tax')
    expectTypeOf<PartialGateway['id']>().toEqualTypeOf<'fastaar'>()
    expectTypeOf<PartialGateway['specificationVersion']>().toEqualTypeOf<'v1'>()
    // @ts-expect-error — no off-session charges on this gateway, so the type has none.
    gateway.payments.charge
    // @ts-expect-error — no tax facet either.
    gateway.tax
    expectTypeOf(gateway.payments.retrieve).toBeFunction()
  })

  it('narrow a webhook event by its type', () => {
    expectTypeOf<WebhookEventOf<'payment.succeeded'>['data']['status']>().toEqualTypeOf<
      'pending' | 'requires_action' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'expired'
    >()
    const amountOf = (event: WebhookEvent) =>
      event.type === 'payment.refunded' ? event.data.amount.amount : undefined
    expectTypeOf(amountOf).returns.toEqualTypeOf<number | undefined>()
  })
})

describe('Customer and CustomersFacet', () => {
  it('carry email, name and phone, each optional: each gateway requires its own', () => {
    expectTypeOf<Customer['email']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<Customer['phone']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<Customer['name']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<CreateCustomerInput>().toEqualTypeOf<{
      readonly email?: string
      readonly name?: string
      readonly phone?: string
    }>()
    expectTypeOf<Parameters<CustomersFacet['create']>[0]>().toEqualTypeOf<CreateCustomerInput>()
    // A Fastaar-shaped record (no email) and a FastStar-shaped one (no phone) are both customers.
    const noEmail = {
      object: 'customer',
      id: '7',
      provider: 'fastaar',
      ref: 'fastaar:7',
      name: 'Ada',
      phone: '017',
      raw: {},
    } as const
    expectTypeOf(noEmail).toExtend<Customer>()
    // @ts-expect-error — a misspelt key is not part of the input
    const misspelt: CreateCustomerInput = { phon: '017' }
    expectTypeOf(misspelt).toEqualTypeOf<CreateCustomerInput>()
  })
})

describe('specificationVersion', () => {
  it('is the one version core supports, and a gateway declaring another is no gateway', () => {
    expectTypeOf<SpecificationVersion>().toEqualTypeOf<'v1'>()
    expectTypeOf(SUPPORTED_SPECIFICATION_VERSIONS).toEqualTypeOf<readonly SpecificationVersion[]>()
    const future = { ...gateway, specificationVersion: 'v2' as const }
    // @ts-expect-error — a gateway of contract v2 does not fit this core's AnyGateway
    const any: AnyGateway = future
    expectTypeOf(any).toEqualTypeOf<AnyGateway>()
  })
})

describe('Ref', () => {
  it('narrows to its providers, and defaults to any provider', () => {
    expectTypeOf<Ref<'fastaar'>>().toEqualTypeOf<`fastaar:${string}`>()
    expectTypeOf<Ref<'faststar' | 'fastaar'>>().toEqualTypeOf<`faststar:${string}` | `fastaar:${string}`>()
    expectTypeOf<Ref>().toEqualTypeOf<Ref<ProviderId>>()
    expectTypeOf(toRef('fastaar', '01jxyz')).toEqualTypeOf<Ref<'fastaar'>>()
    expectTypeOf<'fastaar:01jxyz'>().toExtend<Ref<'fastaar'>>()
    expectTypeOf<'faststar:pi_1'>().not.toExtend<Ref<'fastaar'>>()
    expectTypeOf<'01jxyz'>().not.toExtend<Ref>()
    expectTypeOf<string>().not.toExtend<Ref>()
  })
})
