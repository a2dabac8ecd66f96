import type { HttpMethod, RetryPolicy } from '@paymux/core'

/** One documented FastStar endpoint and whether paymux may send it again after a transient failure. */
export interface FastStarEndpoint {
  /** The neutral operation the endpoint serves, used in errors and hook events. */
  readonly operation: string
  readonly method: HttpMethod
  /** The documented path under the base URL; `:id` is the path parameter. */
  readonly path: string
  readonly retry: RetryPolicy
  /** Why that retry policy: the docs page's retry table is this column. */
  readonly reason: string
}

/**
 * Every documented FastStar endpoint, in the order of the API reference, with
 * its retry policy. This table is the single place the decision is made.
 */
export const FASTSTAR_ENDPOINTS = {
  createCheckoutSession: {
    operation: 'sessions.create',
    method: 'POST',
    path: '/public/checkout/sessions',
    retry: 'safe',
    reason: 'moves no money: a duplicate open session is never paid and expires',
  },
  retrieveCheckoutSession: {
    operation: 'sessions.retrieve',
    method: 'GET',
    path: '/public/checkout/sessions/:id',
    retry: 'safe',
    reason: 'a read',
  },
  createProduct: {
    operation: 'catalog.products.create',
    method: 'POST',
    path: '/merchant/catalog/products',
    retry: 'never',
    reason: 'not documented as idempotent: a retry after a lost answer would leave a duplicate product',
  },
  listProducts: {
    operation: 'catalog.products.list',
    method: 'GET',
    path: '/merchant/catalog/products',
    retry: 'safe',
    reason: 'a read',
  },
  createPrice: {
    operation: 'catalog.prices.create',
    method: 'POST',
    path: '/merchant/catalog/prices',
    retry: 'never',
    reason: 'not documented as idempotent: a retry after a lost answer would leave a duplicate price',
  },
  listPrices: {
    operation: 'catalog.prices.list',
    method: 'GET',
    path: '/merchant/catalog/prices',
    retry: 'safe',
    reason: 'a read',
  },
  createCustomer: {
    operation: 'customers.create',
    method: 'POST',
    path: '/public/customers',
    retry: 'never',
    reason: 'not documented as idempotent: a retry after a lost answer would leave a duplicate customer',
  },
  listCustomers: {
    operation: 'customers.list',
    method: 'GET',
    path: '/public/customers',
    retry: 'safe',
    reason: 'a read',
  },
  retrieveCustomer: {
    operation: 'customers.retrieve',
    method: 'GET',
    path: '/public/customers/:id',
    retry: 'safe',
    reason: 'a read',
  },
  createSetupIntent: {
    operation: 'paymentMethods.createSetup',
    method: 'POST',
    path: '/public/customers/:id/setup-intent',
    retry: 'safe',
    reason: 'moves no money and saves nothing: an unused SetupIntent is harmless',
  },
  attachPaymentMethod: {
    operation: 'paymentMethods.attach',
    method: 'POST',
    path: '/public/customers/:id/payment-methods',
    retry: 'never',
    reason: 'not documented as idempotent: a retry after a lost answer could save the card twice or fail',
  },
  listPaymentMethods: {
    operation: 'paymentMethods.list',
    method: 'GET',
    path: '/public/customers/:id/payment-methods',
    retry: 'safe',
    reason: 'a read',
  },
  chargeCustomer: {
    operation: 'payments.charge',
    method: 'POST',
    path: '/public/customers/:id/charge',
    retry: 'never',
    reason: 'moves money and has no idempotency key: never sent twice, not even after a timeout',
  },
  setDefaultPaymentMethod: {
    operation: 'paymentMethods.setDefault',
    method: 'POST',
    path: '/public/payment-methods/:id/default',
    retry: 'safe',
    reason: 'sets a state: sending it twice ends in the same state',
  },
  detachPaymentMethod: {
    operation: 'paymentMethods.detach',
    method: 'DELETE',
    path: '/public/payment-methods/:id',
    retry: 'safe',
    reason: 'a DELETE moves no money; a retry after a lost answer that finds the card gone counts as done',
  },
  calculateTax: {
    operation: 'tax.calculate',
    method: 'POST',
    path: '/public/tax/calculate',
    retry: 'safe',
    reason: 'a quote: computes, stores nothing',
  },
  verifySignature: {
    operation: 'webhooks.verifyRemote',
    method: 'POST',
    path: '/public/verify-signature',
    retry: 'safe',
    reason: 'a check: computes, stores nothing',
  },
} as const satisfies Record<string, FastStarEndpoint>

/** The name of one documented endpoint in {@link FASTSTAR_ENDPOINTS}. */
export type FastStarEndpointName = keyof typeof FASTSTAR_ENDPOINTS
