import { describe, expectTypeOf, it } from 'vitest'
import type {
  AnyGateway,
  Gateway,
  PaymentsFacet,
  SessionsFacet,
  TaxFacet,
  WebhooksFacet,
} from '../model/gateway.js'
import { createRouter, type Router } from './create-router.js'
import type { RouterWebhooksFacet } from './router-webhooks.js'

type Aar = Gateway<
  'fastaar',
  { sessions: SessionsFacet; payments: Pick<PaymentsFacet, 'retrieve' | 'refund'>; webhooks: WebhooksFacet }
>
type Pay = Gateway<'paystar', { sessions: Pick<SessionsFacet, 'create'>; webhooks: WebhooksFacet }>
type Star = Gateway<
  'faststar',
  { sessions: SessionsFacet; payments: Pick<PaymentsFacet, 'charge'>; tax: TaxFacet }
>

declare const aar: Aar
declare const pay: Pay
declare const star: Star

// Type-level only: these functions are never called, the compiler checks them.
describe('Router types', () => {
  it('offers a facet when at least one gateway has it, with the union of their methods', () => {
    const typed = () => {
      const router = createRouter({ gateways: [aar, pay], route: 'fastaar' })
      expectTypeOf(router.sessions.create).toBeFunction()
      expectTypeOf(router.sessions.retrieve).toBeFunction()
      expectTypeOf(router.payments.refund).toBeFunction()
      expectTypeOf(router.webhooks).toEqualTypeOf<RouterWebhooksFacet>()
      // @ts-expect-error neither gateway has payments.charge
      router.payments.charge
      // @ts-expect-error neither gateway has a tax facet
      router.tax
      const all = createRouter({ gateways: [aar, pay, star], route: 'fastaar' })
      expectTypeOf(all.payments.charge).toBeFunction()
      expectTypeOf(all.tax.calculate).toBeFunction()
    }
    expectTypeOf(typed).toBeFunction()
  })

  it('has no webhooks facet when no gateway verifies webhooks', () => {
    const typed = () => {
      const router = createRouter({ gateways: [star], route: 'faststar' })
      // @ts-expect-error FastStar here has no webhooks facet
      router.webhooks
    }
    expectTypeOf(typed).toBeFunction()
  })

  it('offers every facet as optional over gateways typed only as AnyGateway', () => {
    type Loose = Router<AnyGateway>
    expectTypeOf<Loose['sessions']>().toEqualTypeOf<Pick<SessionsFacet, 'create' | 'retrieve'> | undefined>()
    expectTypeOf<Loose['webhooks']>().toEqualTypeOf<RouterWebhooksFacet | undefined>()
  })

  it('refuses a misspelt breaker setting and a now that is not a function at compile time too', () => {
    const typed = () => {
      // @ts-expect-error `cooldown` is not a breaker setting (`cooldownMs` is)
      createRouter({ gateways: [aar], route: 'fastaar', breaker: { cooldown: 60_000 } })
      // @ts-expect-error `now` is a function returning epoch ms
      createRouter({ gateways: [aar], route: 'fastaar', now: 1_000 })
    }
    expectTypeOf(typed).toBeFunction()
  })
})
