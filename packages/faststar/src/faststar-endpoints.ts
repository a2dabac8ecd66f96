import { defineEndpoints, goneMeansDone, type NativeClient } from '@paymux/core/adapter-kit'

type FastStarSchemas = typeof import('./faststar-schemas.js')

/**
 * Every documented FastStar endpoint, in the order of the API reference: the
 * one place its operation, path, retry policy (and why), request schema and
 * answer are declared. The native client (`gateway.native`), the neutral
 * facets, the fault matrix and the docs page's retry table are built from it.
 * `FastStarNativeClient` has one function per row, by the row's name.
 */
export const FASTSTAR_ENDPOINTS = defineEndpoints<FastStarSchemas>()({
  createCheckoutSession: {
    operation: 'sessions.create',
    method: 'POST',
    path: '/public/checkout/sessions',
    retry: 'safe',
    reason: 'moves no money: a duplicate open session is never paid and expires',
    body: 'createSession',
    answer: 'sessionCreated',
  },
  retrieveCheckoutSession: {
    operation: 'sessions.retrieve',
    method: 'GET',
    path: '/public/checkout/sessions/:sessionId',
    retry: 'safe',
    reason: 'a read',
    answer: 'sessionRetrieved',
  },
  createProduct: {
    operation: 'catalog.products.create',
    method: 'POST',
    path: '/merchant/catalog/products',
    retry: 'never',
    reason: 'not documented as idempotent: a retry after a lost answer would leave a duplicate product',
    body: 'createProduct',
    answer: 'product',
  },
  listProducts: {
    operation: 'catalog.products.list',
    method: 'GET',
    path: '/merchant/catalog/products',
    retry: 'safe',
    reason: 'a read',
    answer: 'products',
  },
  createPrice: {
    operation: 'catalog.prices.create',
    method: 'POST',
    path: '/merchant/catalog/prices',
    retry: 'never',
    reason: 'not documented as idempotent: a retry after a lost answer would leave a duplicate price',
    body: 'createPrice',
    answer: 'price',
  },
  listPrices: {
    operation: 'catalog.prices.list',
    method: 'GET',
    path: '/merchant/catalog/prices',
    retry: 'safe',
    reason: 'a read',
    answer: 'prices',
  },
  createCustomer: {
    operation: 'customers.create',
    method: 'POST',
    path: '/public/customers',
    retry: 'never',
    reason: 'not documented as idempotent: a retry after a lost answer would leave a duplicate customer',
    body: 'createCustomer',
    answer: 'customer',
  },
  listCustomers: {
    operation: 'customers.list',
    method: 'GET',
    path: '/public/customers',
    retry: 'safe',
    reason: 'a read',
    answer: 'customers',
  },
  retrieveCustomer: {
    operation: 'customers.retrieve',
    method: 'GET',
    path: '/public/customers/:customerId',
    retry: 'safe',
    reason: 'a read',
    answer: 'customer',
  },
  createSetupIntent: {
    operation: 'paymentMethods.createSetup',
    method: 'POST',
    path: '/public/customers/:customerId/setup-intent',
    retry: 'safe',
    reason: 'moves no money and saves nothing: an unused SetupIntent is harmless',
    answer: 'setupIntent',
  },
  attachPaymentMethod: {
    operation: 'paymentMethods.attach',
    method: 'POST',
    path: '/public/customers/:customerId/payment-methods',
    retry: 'never',
    reason: 'not documented as idempotent: a retry after a lost answer could save the card twice or fail',
    body: 'attachPaymentMethod',
    answer: 'card',
  },
  listPaymentMethods: {
    operation: 'paymentMethods.list',
    method: 'GET',
    path: '/public/customers/:customerId/payment-methods',
    retry: 'safe',
    reason: 'a read',
    answer: 'cards',
  },
  chargeCustomer: {
    operation: 'payments.charge',
    method: 'POST',
    path: '/public/customers/:customerId/charge',
    retry: 'never',
    reason: 'moves money and has no idempotency key: never sent twice, not even after a timeout',
    body: 'charge',
    answer: 'charge',
  },
  setDefaultPaymentMethod: {
    operation: 'paymentMethods.setDefault',
    method: 'POST',
    path: '/public/payment-methods/:paymentMethodId/default',
    retry: 'safe',
    reason: 'sets a state: sending it twice ends in the same state',
    answer: 'anything',
  },
  detachPaymentMethod: {
    operation: 'paymentMethods.detach',
    method: 'DELETE',
    path: '/public/payment-methods/:paymentMethodId',
    retry: 'safe',
    reason: 'a DELETE moves no money; a retry after a lost answer that finds the card gone counts as done',
    answer: 'anything',
    // A retry after a lost answer that finds no such card: the lost DELETE removed it.
    afterLostAnswer: goneMeansDone,
  },
  calculateTax: {
    operation: 'tax.calculate',
    method: 'POST',
    path: '/public/tax/calculate',
    retry: 'safe',
    reason: 'a quote: computes, stores nothing',
    body: 'calculateTax',
    answer: 'taxQuote',
  },
  verifySignature: {
    operation: 'webhooks.verifyRemote',
    method: 'POST',
    path: '/public/verify-signature',
    retry: 'safe',
    reason: 'a check: computes, stores nothing',
    body: 'verifySignature',
    answer: 'verification',
  },
})

/**
 * FastStar's own API (`gateway.native`), built from {@link FASTSTAR_ENDPOINTS}:
 * one async function per documented endpoint, named as its row
 * (`native.chargeCustomer({ params: { customerId }, body }, options)`). Path ids
 * are checked and encoded (the gateway's own refs accepted), bodies checked
 * against the documented shape before anything is sent, answers unwrapped from
 * `{ success, message, data }` and validated; fields FastStar adds later pass through.
 */
export type FastStarNativeClient = NativeClient<FastStarSchemas, typeof FASTSTAR_ENDPOINTS>
