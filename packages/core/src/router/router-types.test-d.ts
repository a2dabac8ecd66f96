import { describe, expectTypeOf, it } from 'vitest'
import type { StoreUnavailableError } from '../errors/index.js'
import type {
  AnyGateway,
  CatalogFacet,
  CreateCustomerInput,
  CreateProductInput,
  CreateSessionInput,
  CustomersFacet,
  Gateway,
  GatewayFacets,
  ListPaymentsFilter,
  ListResult,
  PaymentMethodsFacet,
  PaymentsFacet,
  SessionsFacet,
  TaxFacet,
  WebhooksFacet,
} from '../model/gateway.js'
import type { Money } from '../model/money.js'
import type { RoutedOperation } from '../model/operations.js'
import type { Payment } from '../model/payment.js'
import type { PaymentSession } from '../model/payment-session.js'
import type { ProviderId, Ref } from '../model/ref.js'
import type { WebhookEvent } from '../model/webhook-event.js'
import { createMemoryStore } from '../state/memory-store.js'
import type { StateStore } from '../state/state-store.js'
import { createRouter, type Router, type RouterOptions } from './create-router.js'
import type { FulfilmentGuard } from './fulfilment.js'
import {
  byAmount,
  byCountry,
  byCurrency,
  byWeight,
  compose,
  type RouteContext,
  type RouteInput,
  type RouteRule,
} from './route-rules.js'
import type { RouterEvent, RouterFacets } from './router-facets.js'
import type { RouterWebhooksFacet } from './router-webhooks.js'
import { createWebhookHandler } from './webhook-handler.js'

// Type-level tests, run by vitest's typecheck mode (tsc): nothing here is executed.

type Aar = Gateway<
  'fastaar',
  { sessions: SessionsFacet; payments: Pick<PaymentsFacet, 'retrieve' | 'refund'>; webhooks: WebhooksFacet }
>
type Pay = Gateway<'paystar', { sessions: Pick<SessionsFacet, 'create'>; webhooks: WebhooksFacet }>
type Star = Gateway<
  'faststar',
  { sessions: SessionsFacet; payments: Pick<PaymentsFacet, 'charge'>; tax: TaxFacet }
>
type Full = Gateway<
  'faststar',
  {
    sessions: SessionsFacet
    payments: PaymentsFacet
    customers: CustomersFacet
    paymentMethods: PaymentMethodsFacet
    catalog: CatalogFacet
    webhooks: WebhooksFacet
  }
>

declare const aar: Aar
declare const pay: Pay
declare const star: Star
declare const full: Full
declare const text: string

describe('Router types', () => {
  it('offers a facet when at least one gateway has it, with the union of their methods', () => {
    const router = createRouter({ gateways: [aar, pay], route: 'fastaar' })
    expectTypeOf(router.sessions.create).toBeFunction()
    expectTypeOf(router.sessions.retrieve).toBeFunction()
    expectTypeOf(router.payments.refund).toBeFunction()
    expectTypeOf(router.webhooks).toEqualTypeOf<RouterWebhooksFacet<'fastaar' | 'paystar'>>()
    // @ts-expect-error neither gateway has payments.charge
    router.payments.charge
    // @ts-expect-error neither gateway has a tax facet
    router.tax
    const all = createRouter({ gateways: [aar, pay, star], route: 'fastaar' })
    expectTypeOf(all.payments.charge).toBeFunction()
    expectTypeOf(all.tax.calculate).toBeFunction()
  })

  it('has no webhooks facet when no gateway verifies webhooks', () => {
    const router = createRouter({ gateways: [star], route: 'faststar' })
    // @ts-expect-error FastStar here has no webhooks facet
    router.webhooks
  })

  it('offers every facet as optional over gateways typed only as AnyGateway', () => {
    type Loose = Router<AnyGateway>
    expectTypeOf<Loose['sessions']>().toEqualTypeOf<
      Pick<RouterFacets<ProviderId>['sessions'], 'create' | 'retrieve'> | undefined
    >()
    expectTypeOf<Loose['webhooks']>().toEqualTypeOf<RouterWebhooksFacet | undefined>()
  })

  it('keeps a router of named gateways usable where any Router is taken: refs narrow it no further', () => {
    const one = {} as Gateway<'one', GatewayFacets>
    const two = {} as Gateway<'two', GatewayFacets>
    expectTypeOf(createRouter({ gateways: [one, two], route: 'one' })).toExtend<Router>()
  })

  it('refuses a misspelt breaker setting and a now that is not a function at compile time too', () => {
    // @ts-expect-error `cooldown` is not a breaker setting (`cooldownMs` is)
    createRouter({ gateways: [aar], route: 'fastaar', breaker: { cooldown: 60_000 } })
    // @ts-expect-error `now` is a function returning epoch ms
    createRouter({ gateways: [aar], route: 'fastaar', now: 1_000 })
  })
})

describe('the state store in the router’s options', () => {
  it('takes a StateStore, storeTimeoutMs, checkout, windowMs and onStoreError', () => {
    createRouter({
      gateways: [aar],
      route: 'fastaar',
      store: createMemoryStore(),
      storeTimeoutMs: 2_000,
      checkout: { ttlMs: 86_400_000, waitMs: 10_000 },
      breaker: { failureThreshold: 3, cooldownMs: 10_000, windowMs: 60_000 },
      webhooks: { ttlMs: 60_000, claimTtlMs: 30_000 },
      hooks: {
        onStoreError: (error) => {
          expectTypeOf(error).toEqualTypeOf<StoreUnavailableError>()
        },
      },
    })
    createRouter({ gateways: [aar], route: 'fastaar', checkout: false })
    expectTypeOf<RouterOptions<Aar>['store']>().toEqualTypeOf<StateStore | undefined>()
  })

  it('refuses the old event store and the settings that moved out of webhooks at compile time too', () => {
    const eventStore = { add: async () => true, delete: async () => {} }
    // @ts-expect-error an { add, delete } event store is no StateStore
    createRouter({ gateways: [aar], route: 'fastaar', store: eventStore })
    // @ts-expect-error `store` moved from `webhooks` to the router's options
    createRouter({ gateways: [aar], route: 'fastaar', webhooks: { store: createMemoryStore() } })
    // @ts-expect-error so did `storeTimeoutMs`
    createRouter({ gateways: [aar], route: 'fastaar', webhooks: { storeTimeoutMs: 1_000 } })
  })

  it('offers router.fulfilment whatever the gateways', () => {
    expectTypeOf(
      createRouter({ gateways: [star], route: 'faststar' }).fulfilment,
    ).toEqualTypeOf<FulfilmentGuard>()
    expectTypeOf<Router<AnyGateway>['fulfilment']>().toEqualTypeOf<FulfilmentGuard>()
  })
})

describe('refs in what the router takes', () => {
  const router = createRouter({ gateways: [aar, pay, star], route: 'fastaar' })
  type Ours = Ref<'fastaar' | 'paystar' | 'faststar'>

  it('takes a ref of one of its gateways wherever the gateway takes an id', () => {
    expectTypeOf(router.payments.refund).parameter(0).toEqualTypeOf<Ours>()
    expectTypeOf(router.sessions.retrieve).parameter(0).toEqualTypeOf<Ours>()
    router.payments.refund('fastaar:01jxyz')
    router.sessions.retrieve('paystar:txn_1')
  })

  it('refuses a bare id, a string, and a ref of a provider it does not have', () => {
    const local = createRouter({ gateways: [aar, pay], route: 'fastaar' })
    // @ts-expect-error a bare id names no gateway
    local.payments.refund('01jxyz')
    // @ts-expect-error a string may be anything: type it as a Ref
    local.payments.retrieve(text)
    // @ts-expect-error FastStar is not a gateway of this router
    local.sessions.retrieve('faststar:cs_1')
  })

  it('takes refs in the fields that name an owner: charge, prices, saved cards', () => {
    const shop = createRouter({ gateways: [full, aar], route: 'faststar' })
    type Both = Ref<'faststar' | 'fastaar'>
    type ChargeInput = Parameters<typeof shop.payments.charge>[0]
    expectTypeOf<ChargeInput['customerId']>().toEqualTypeOf<Both>()
    expectTypeOf<ChargeInput['paymentMethodId']>().toEqualTypeOf<Both>()
    expectTypeOf<ChargeInput['amount']>().toEqualTypeOf<Money>()
    expectTypeOf<Parameters<typeof shop.catalog.prices.create>[0]['productId']>().toEqualTypeOf<Both>()
    expectTypeOf(shop.catalog.prices.list)
      .parameter(0)
      .toEqualTypeOf<{ readonly productId?: Both } | undefined>()
    expectTypeOf(shop.paymentMethods.createSetup).parameter(0).toEqualTypeOf<Both>()
    expectTypeOf(shop.paymentMethods.detach).parameter(0).toEqualTypeOf<Both>()
    // @ts-expect-error a price names its product by ref
    shop.catalog.prices.create({ productId: 'prod_1', unitAmount: { amount: 100, currency: 'USD' } })
    // Routed inputs carry no ref: they are the gateway's own.
    expectTypeOf(shop.sessions.create).parameter(0).toEqualTypeOf<CreateSessionInput>()
  })
})

describe('refs in what the router returns', () => {
  const shop = createRouter({ gateways: [full, aar], route: 'faststar' })
  type P = 'faststar' | 'fastaar'
  type Answer<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>

  it('turns the ids the registry names into refs, and narrows ref and provider', () => {
    type Session = Answer<typeof shop.sessions.create>
    expectTypeOf<Session['paymentId']>().toEqualTypeOf<Ref<P> | undefined>()
    expectTypeOf<Session['ref']>().toEqualTypeOf<Ref<P>>()
    expectTypeOf<Session['provider']>().toEqualTypeOf<P>()
    expectTypeOf<Session['id']>().toEqualTypeOf<string>()
    type Paid = Answer<typeof shop.payments.retrieve>
    expectTypeOf<Paid['customerId']>().toEqualTypeOf<Ref<P> | undefined>()
    expectTypeOf<Paid['paymentMethodId']>().toEqualTypeOf<Ref<P> | undefined>()
    expectTypeOf<Paid['reference']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<Answer<typeof shop.payments.listRefunds>[number]['paymentId']>().toEqualTypeOf<Ref<P>>()
    expectTypeOf<Answer<typeof shop.paymentMethods.list>[number]['customerId']>().toEqualTypeOf<
      Ref<P> | undefined
    >()
    expectTypeOf<Answer<typeof shop.catalog.prices.list>['data'][number]['productId']>().toEqualTypeOf<
      Ref<P>
    >()
    expectTypeOf<Answer<typeof shop.payments.list>['nextCursor']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<Answer<typeof shop.paymentMethods.createSetup>['setupIntentId']>().toEqualTypeOf<string>()
  })

  it('returns subtypes of the model, so they fit code written for one gateway', () => {
    expectTypeOf<Answer<typeof shop.sessions.create>>().toExtend<PaymentSession>()
    expectTypeOf<Answer<typeof shop.payments.list>>().toExtend<ListResult<Payment>>()
  })

  it('so ids from one answer go straight back in', async () => {
    const payment = await shop.payments.retrieve('fastaar:01jxyz')
    if (payment.customerId !== undefined) await shop.customers.retrieve(payment.customerId)
    const price = await shop.catalog.prices.create({
      productId: 'faststar:prod_1',
      unitAmount: { amount: 100, currency: 'USD' },
    })
    await shop.catalog.prices.list({ productId: price.productId })
    const session = await shop.sessions.retrieve(payment.ref)
    if (session.paymentId !== undefined) await shop.payments.refund(session.paymentId)
  })

  it('gives webhook events with refs in data, narrowed by type, to the handler too', async () => {
    const event = await shop.webhooks.verify({ rawBody: '{}', headers: {} })
    expectTypeOf(event).toEqualTypeOf<RouterEvent<P>>()
    expectTypeOf(event).toExtend<WebhookEvent>()
    if (event.type === 'payment.succeeded') {
      expectTypeOf(event.data.customerId).toEqualTypeOf<Ref<P> | undefined>()
      expectTypeOf(event.data.ref).toEqualTypeOf<Ref<P>>()
      await shop.payments.refund(event.data.ref)
    }
    if (event.type === 'unknown') expectTypeOf(event.data).toEqualTypeOf<unknown>()
    // @ts-expect-error the router has no gateway "paystar" to name
    shop.webhooks.verify({ rawBody: '{}', headers: {} }, { provider: 'paystar' })
    createWebhookHandler({
      webhooks: shop.webhooks,
      provider: 'fastaar',
      onEvent: (handled) => {
        expectTypeOf(handled).toEqualTypeOf<RouterEvent<P>>()
      },
    })
    // A handler written for any WebhookEvent still fits.
    createWebhookHandler({ webhooks: shop.webhooks, onEvent: (_any: WebhookEvent) => undefined })
  })

  it('keys gateways by the configured ids', () => {
    expectTypeOf(shop.gateways).toEqualTypeOf<ReadonlyMap<P, Full | Aar>>()
    // @ts-expect-error no gateway "paystar" here
    shop.gateways.get('paystar')
  })
})

describe('route rules over the configured gateway ids', () => {
  const gateways = [full, aar] as const

  it('refuses an id that is not one of the gateways, however the route names it', () => {
    createRouter({ gateways, route: 'fastaar' })
    createRouter({ gateways, route: ['faststar', 'fastaar'] })
    // @ts-expect-error 'fastar' is no gateway of this router (a typo of 'fastaar')
    createRouter({ gateways, route: 'fastar' })
    // @ts-expect-error nor in a list
    createRouter({ gateways, route: ['faststar', 'fastar'] })
    // @ts-expect-error nor in byCurrency
    createRouter({ gateways, route: byCurrency({ BDT: 'fastar' }) })
    // @ts-expect-error nor in byCountry
    createRouter({ gateways, route: byCountry({ BD: ['fastaar', 'paystar'] }) })
    // @ts-expect-error nor in a band of byAmount
    createRouter({ gateways, route: byAmount([{ currency: 'USD', max: 100, gateway: 'fastar' }]) })
    // @ts-expect-error nor in byWeight
    createRouter({ gateways, route: byWeight({ faststar: 90, fastar: 10 }) })
    // @ts-expect-error nor at the end of compose
    createRouter({ gateways, route: compose(byCurrency({ BDT: 'fastaar' }), 'fastar') })
    const paystarOnly: RouteRule<'paystar'> = () => 'paystar'
    // @ts-expect-error nor by a hand-written rule that may answer 'paystar'
    createRouter({ gateways, route: compose(paystarOnly, 'faststar') })
    // @ts-expect-error a rule's answer is a gateway id, not any string
    createRouter({ gateways, route: () => text })
  })

  it('accepts every ready-made rule over the right ids', () => {
    createRouter({
      gateways,
      route: compose(
        byCurrency({ BDT: 'fastaar' }),
        byCountry({ BD: 'fastaar' }),
        byAmount([{ currency: 'USD', min: 10_000, gateway: ['faststar', 'fastaar'] }]),
        byWeight({ faststar: 90, fastaar: 10 }),
        () => undefined,
        'faststar',
      ),
    })
  })

  it('keeps rules usable standalone, typed by the ids they name', () => {
    const rule = byCurrency({ BDT: 'fastaar', USD: ['faststar', 'paystar'] })
    expectTypeOf(rule).toEqualTypeOf<RouteRule<'fastaar' | 'faststar' | 'paystar'>>()
    expectTypeOf(byWeight({ faststar: 90, paystar: 10 })).toEqualTypeOf<RouteRule<'faststar' | 'paystar'>>()
    expectTypeOf(compose(byCountry({ BD: 'fastaar' }), ['faststar', 'paystar'])).toEqualTypeOf<
      RouteRule<'fastaar' | 'faststar' | 'paystar'>
    >()
    // A rule over more ids than a router has is refused by that router, and taken by a bigger one.
    // @ts-expect-error 'paystar' is not among [full, aar]
    createRouter({ gateways, route: rule })
    createRouter({ gateways: [full, aar, pay], route: rule })
  })

  it('lets a router of loosely typed gateways take any id, checked when built', () => {
    const loaded: readonly AnyGateway[] = [full]
    const anyRule: RouteRule = () => text
    createRouter({ gateways: loaded, route: anyRule })
    createRouter({ gateways: loaded, route: text })
  })

  it('asks about the routed operations only, with their inputs', () => {
    // Which operations are routed is the registry's to say (operations.test-d.ts lists them).
    expectTypeOf<RouteContext['operation']>().toEqualTypeOf<RoutedOperation>()
    expectTypeOf<RouteInput>().toEqualTypeOf<
      | CreateSessionInput
      | ListPaymentsFilter
      | CreateCustomerInput
      | { readonly limit?: number; readonly cursor?: string }
      | CreateProductInput
      | { readonly productId?: string }
      | { readonly amount: Money; readonly country: string; readonly region?: string }
      | undefined
    >()
    const rule: RouteRule<'faststar'> = (_input, { operation }) =>
      // @ts-expect-error a refund is never routed: it goes to the payment's gateway
      operation === 'payments.refund' ? 'faststar' : undefined
    expectTypeOf(rule).toBeFunction()
  })
})

describe('specificationVersion', () => {
  it('refuses, at compile time, a gateway written against another contract version', () => {
    const future = { ...aar, specificationVersion: 'v2' as const }
    // @ts-expect-error core supports 'v1' only: createRouter would throw unsupported_specification
    createRouter({ gateways: [future], route: 'fastaar' })
  })
})
