import type {
  CallOptions,
  CatalogFacet,
  CustomersFacet,
  PaymentMethodsFacet,
  PaymentsFacet,
  SessionsFacet,
  TaxFacet,
} from '@paymux/core'
import { type NeutralPipeline, ownId } from '@paymux/core/adapter-kit'
import type { FastStarNativeClient } from './faststar-endpoints.js'
import type { ResolvedFastStarSettings } from './faststar-settings.js'
import {
  toFastStarPriceRequest,
  toFastStarProductRequest,
  toPrice,
  toProduct,
} from './map-faststar-catalog.js'
import { toCustomer, toPaymentMethod, toPaymentMethodSetup } from './map-faststar-customer.js'
import { toChargePayment, toFastStarChargeRequest } from './map-faststar-payment.js'
import { toFastStarSessionRequest, toPaymentSession } from './map-faststar-session.js'
import { toFastStarTaxRequest, toTaxQuote } from './map-faststar-tax.js'

// FastStar's neutral facets: each method is core's pipeline (input checked, own refs accepted,
// unsupported fields refused) → map → the native client → map back. Nothing else sends.

type Schemas = typeof import('./faststar-schemas.js')
type Pipeline = NeutralPipeline<Schemas>

/** What every facet builder is given. */
interface Parts {
  readonly pipeline: Pipeline
  readonly native: FastStarNativeClient
  readonly settings: ResolvedFastStarSettings
}

/** Builds the `sessions` facet: FastStar Checkout Sessions. */
export function fastStarSessions({ pipeline, native, settings }: Parts): SessionsFacet {
  const mapping = {
    defaultPresentation: settings.defaultPresentation,
    regionField: settings.sessionRegionField,
  }
  const rules = { merchantType: settings.merchantType, regionField: settings.sessionRegionField }
  // Built on the first call (zod loads then), once per gateway: the rules depend on its settings.
  let schema: ReturnType<Schemas['sessionInput']> | undefined
  return {
    create: pipeline.input(
      'sessions.create',
      (loaded) => (schema ??= loaded.sessionInput(rules)),
      async (input, options) => {
        const body = toFastStarSessionRequest(input, mapping)
        const answer = await native.createCheckoutSession({ body }, options)
        const context = { mode: input.mode ?? 'payment', reference: input.reference }
        return toPaymentSession(answer, { ...context, checkoutUrl: settings.checkoutUrl })
      },
    ),
    retrieve: pipeline.id('sessions.retrieve', async (sessionId, options) =>
      toPaymentSession(await native.retrieveCheckoutSession({ params: { sessionId } }, options), {
        checkoutUrl: settings.checkoutUrl,
      }),
    ),
  }
}

/** Builds `payments.charge`: an off-session charge of a saved card, sent exactly once. */
export function fastStarPayments({ pipeline, native }: Parts): Pick<PaymentsFacet, 'charge'> {
  return {
    charge: pipeline.input(
      'payments.charge',
      (loaded) => loaded.chargeInput,
      async (input, options) => {
        // The customer goes into the path: one segment, the gateway's own ref accepted.
        const customerId = ownId(input.customerId, 'customerId', {
          provider: 'faststar',
          operation: 'payments.charge',
        })
        const body = toFastStarChargeRequest(input)
        return toChargePayment(
          await native.chargeCustomer({ params: { customerId }, body }, options),
          customerId,
        )
      },
    ),
  }
}

/** Builds the `customers` facet. FastStar documents no pagination: `limit` cuts the one list here. */
export function fastStarCustomers({ pipeline, native }: Parts): CustomersFacet {
  return {
    create: pipeline.input(
      'customers.create',
      (loaded) => loaded.customerInput,
      async (input, options) => toCustomer(await native.createCustomer({ body: input }, options)),
    ),
    retrieve: pipeline.id('customers.retrieve', async (customerId, options) =>
      toCustomer(await native.retrieveCustomer({ params: { customerId } }, options)),
    ),
    list: withDefault(
      pipeline.input(
        'customers.list',
        (loaded) => loaded.customerListFilter,
        async (filter, options) => {
          const all = (await native.listCustomers(undefined, options)).map(toCustomer)
          const limit = filter.limit ?? all.length
          return { data: all.slice(0, limit), hasMore: all.length > limit }
        },
      ),
    ),
  }
}

/** Builds the `paymentMethods` facet: customer → SetupIntent → attach → list → default → detach. */
export function fastStarPaymentMethods({ pipeline, native }: Parts): PaymentMethodsFacet {
  return {
    createSetup: pipeline.id(
      'paymentMethods.createSetup',
      async (customerId, options) =>
        toPaymentMethodSetup(await native.createSetupIntent({ params: { customerId } }, options)),
      'customerId',
    ),
    attach: pipeline.idAndInput(
      'paymentMethods.attach',
      (loaded) => loaded.attachInput,
      async (customerId, input, options) => {
        const body = { setup_intent_id: input.setupIntentId }
        return toPaymentMethod(
          await native.attachPaymentMethod({ params: { customerId }, body }, options),
          customerId,
        )
      },
      'customerId',
    ),
    list: pipeline.id(
      'paymentMethods.list',
      async (customerId, options) =>
        (await native.listPaymentMethods({ params: { customerId } }, options)).map((card) =>
          toPaymentMethod(card, customerId),
        ),
      'customerId',
    ),
    setDefault: pipeline.id(
      'paymentMethods.setDefault',
      async (paymentMethodId, options) => {
        await native.setDefaultPaymentMethod({ params: { paymentMethodId } }, options)
      },
      'paymentMethodId',
    ),
    detach: pipeline.id(
      'paymentMethods.detach',
      async (paymentMethodId, options) => {
        await native.detachPaymentMethod({ params: { paymentMethodId } }, options)
      },
      'paymentMethodId',
    ),
  }
}

/**
 * Builds the `catalog` facet. FastStar documents no pagination or filters on
 * its list endpoints: every list is one page (`hasMore: false`), and
 * `prices.list({ productId })` filters the answer here.
 */
export function fastStarCatalog({ pipeline, native }: Parts): CatalogFacet {
  return {
    products: {
      create: pipeline.input(
        'catalog.products.create',
        (loaded) => loaded.productInput,
        async (input, options) =>
          toProduct(await native.createProduct({ body: toFastStarProductRequest(input) }, options)),
      ),
      list: async (options) => ({
        data: (await native.listProducts(undefined, options)).map(toProduct),
        hasMore: false,
      }),
    },
    prices: {
      create: pipeline.input(
        'catalog.prices.create',
        (loaded) => loaded.priceInput,
        async (input, options) =>
          toPrice(await native.createPrice({ body: toFastStarPriceRequest(input) }, options)),
      ),
      list: withDefault(
        pipeline.input(
          'catalog.prices.list',
          (loaded) => loaded.priceListFilter,
          async (filter, options) => {
            const prices = (await native.listPrices(undefined, options)).map(toPrice)
            const { productId } = filter
            return {
              data: productId === undefined ? prices : prices.filter((p) => p.productId === productId),
              hasMore: false,
            }
          },
        ),
      ),
    },
  }
}

/** Builds the `tax` facet: a quote for an amount and a buyer location. */
export function fastStarTax({ pipeline, native, settings }: Parts): TaxFacet {
  return {
    calculate: pipeline.input(
      'tax.calculate',
      (loaded) => loaded.taxInput,
      async (input, options) => {
        const body = toFastStarTaxRequest(input, settings.taxRegionField)
        return toTaxQuote(await native.calculateTax({ body }, options), input.amount.currency, input.region)
      },
    ),
  }
}

// A filter argument may be left out: `list()` is `list({})`.
function withDefault<Filter, Out>(method: (filter: Filter, options?: CallOptions) => Promise<Out>) {
  return (filter?: Filter, options?: CallOptions) => method(filter ?? ({} as Filter), options)
}
