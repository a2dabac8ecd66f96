import type { PaymentError } from '@paymux/core'
import {
  defineEndpoints,
  lazy,
  type NativeClient,
  type Recovery,
  type RecoveryContext,
} from '@paymux/core/adapter-kit'
import type { FastaarCreatePaymentBody } from './fastaar-api.js'
import { DuplicateReferenceError } from './fastaar-duplicate-reference-error.js'

type FastaarSchemas = typeof import('./fastaar-schemas.js')

/**
 * Loads the gateway's schema module, and so zod, on the first call that
 * needs it, once: the one place it is loaded (the native client, the neutral
 * facets and `webhooks.verify` all use this).
 */
export const fastaarSchemas = lazy(() => import('./fastaar-schemas.js'))

/**
 * Every documented Fastaar endpoint: the one place its operation, path, retry
 * policy (and why), request schema and answer are declared. `gateway.native`
 * has one function per row, by the row's name; the neutral facets, the fault
 * matrix and the docs page's retry table are built from it too.
 */
export const FASTAAR_ENDPOINTS = defineEndpoints<FastaarSchemas>()({
  createPayment: {
    operation: 'sessions.create',
    method: 'POST',
    path: '/payments',
    retry: {
      when: (body) => (hasInvoice(body as FastaarCreatePaymentBody) ? 'safe' : 'never'),
      describe: 'safe with `invoice_id` or `invoice_number`, else never',
    },
    reason:
      'documented idempotent by invoice: a repeat returns the existing payment; without one each attempt is a new payment',
    body: 'createPayment',
    answer: 'createdPayment',
    afterLostAnswer: lostCreateRecovery,
  },
  retrievePayment: {
    operation: 'payments.retrieve',
    method: 'GET',
    path: '/payments/:paymentId',
    retry: 'safe',
    reason: 'a read (also `sessions.retrieve` and each look of `payments.waitFor`)',
    answer: 'payment',
  },
  listPayments: {
    operation: 'payments.list',
    method: 'GET',
    path: '/payments',
    retry: 'safe',
    reason: 'a read',
    query: 'listPayments',
    answer: 'paymentList',
  },
  refundPayment: {
    operation: 'payments.refund',
    method: 'POST',
    path: '/payments/:paymentId/refund',
    retry: 'never',
    reason: 'a second attempt could refund twice',
    body: 'refundPayment',
    answer: 'refund',
  },
  listRefunds: {
    operation: 'payments.listRefunds',
    method: 'GET',
    path: '/payments/:paymentId/refunds',
    retry: 'safe',
    reason: 'a read',
    answer: 'refundList',
  },
  listCustomers: {
    operation: 'customers.list',
    method: 'GET',
    path: '/customers',
    retry: 'safe',
    reason: 'a read',
    query: 'listCustomers',
    answer: 'customerList',
  },
  createCustomer: {
    operation: 'customers.create',
    method: 'POST',
    path: '/customers',
    retry: 'never',
    reason: 'no idempotency key is documented: a retry could create a second customer',
    body: 'createCustomer',
    answer: 'customer',
  },
  retrieveCustomer: {
    operation: 'customers.retrieve',
    method: 'GET',
    path: '/customers/:customerId',
    retry: 'safe',
    reason: 'a read',
    answer: 'customer',
  },
  updateCustomer: {
    operation: 'customers.update',
    method: 'PATCH',
    path: '/customers/:customerId',
    retry: 'safe',
    reason: 'it sets the given values: a repeat changes nothing more',
    body: 'updateCustomer',
    answer: 'customer',
  },
})

/** `gateway.native`: Fastaar's API, one async function per row of {@link FASTAAR_ENDPOINTS}. */
export type FastaarNativeClient = NativeClient<FastaarSchemas, typeof FASTAAR_ENDPOINTS>

/** What `native.createPayment` resolves to. */
export type FastaarCreatePaymentResult = Awaited<ReturnType<FastaarNativeClient['createPayment']>>

// Only the invoice makes a repeat harmless: without it every attempt is a new payment.
function hasInvoice(body: FastaarCreatePaymentBody): boolean {
  return (body.invoice_id ?? body.invoice_number ?? '') !== ''
}

/**
 * Where Fastaar answers a repeated invoice with 409 (newer APIs), a retry
 * after a lost answer meets the payment that lost attempt created: it is this
 * call's payment, not a clash. It is read back by the id the 409 names; if
 * that read fails, the 409 stands.
 */
async function lostCreateRecovery(
  error: PaymentError,
  { client, options }: RecoveryContext,
): Promise<Recovery> {
  if (!DuplicateReferenceError.isInstance(error) || error.paymentId === undefined) return error
  const retrieve = client.retrievePayment as FastaarNativeClient['retrievePayment']
  try {
    return {
      recovered: {
        payment: await retrieve({ params: { paymentId: error.paymentId } }, options),
        created: true,
      },
    }
  } catch {
    return error
  }
}
