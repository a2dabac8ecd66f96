import {
  type CallOptions,
  type CustomersFacet,
  checkPathId,
  type InputContext,
  type PaymentMethodsFacet,
  type PaymentsFacet,
  parseInput,
} from '@paymux/core'
import type { FastStarNativeClient } from './faststar-client.js'
import { withRequiredAction } from './faststar-errors.js'
import { loadFastStarSchemas } from './faststar-load-schemas.js'
import { toCustomer, toPaymentMethod, toPaymentMethodSetup } from './map-faststar-customer.js'
import { toChargePayment, toFastStarChargeRequest } from './map-faststar-payment.js'

const provider = 'faststar'
const context = (operation: string): InputContext => ({ provider, operation })

/** Builds the `customers` facet. */
export function createFastStarCustomers(native: FastStarNativeClient): CustomersFacet {
  return {
    async create(input, options?: CallOptions) {
      const { customerInputSchema } = await loadFastStarSchemas()
      const valid = parseInput(customerInputSchema, input, context('customers.create'))
      return toCustomer(await native.customers.create(valid, options))
    },
    async retrieve(id, options?: CallOptions) {
      const customerId = checkPathId(id, 'id', context('customers.retrieve'))
      return toCustomer(await native.customers.retrieve(customerId, options))
    },
    // FastStar documents no pagination: the whole list comes back, `limit` is applied here.
    async list(filter = {}, options?: CallOptions) {
      const { customerListFilterSchema } = await loadFastStarSchemas()
      const valid = parseInput(customerListFilterSchema, filter, context('customers.list'))
      const all = (await native.customers.list(options)).map(toCustomer)
      const limit = valid.limit ?? all.length
      return { data: all.slice(0, limit), hasMore: all.length > limit }
    },
  }
}

/** Builds the `paymentMethods` facet: customer → SetupIntent → attach → list → default → detach. */
export function createFastStarPaymentMethods(native: FastStarNativeClient): PaymentMethodsFacet {
  return {
    async createSetup(customerId, options?: CallOptions) {
      const id = checkPathId(customerId, 'customerId', context('paymentMethods.createSetup'))
      return toPaymentMethodSetup(await native.customers.createSetupIntent(id, options))
    },
    async attach(customerId, input, options?: CallOptions) {
      const { attachInputSchema } = await loadFastStarSchemas()
      const valid = parseInput(attachInputSchema, { customerId, ...input }, context('paymentMethods.attach'))
      const card = await native.customers.attachPaymentMethod(
        valid.customerId,
        { setup_intent_id: valid.setupIntentId },
        options,
      )
      return toPaymentMethod(card, valid.customerId)
    },
    async list(customerId, options?: CallOptions) {
      const id = checkPathId(customerId, 'customerId', context('paymentMethods.list'))
      return (await native.customers.listPaymentMethods(id, options)).map((card) => toPaymentMethod(card, id))
    },
    async setDefault(paymentMethodId, options?: CallOptions) {
      const id = checkPathId(paymentMethodId, 'paymentMethodId', context('paymentMethods.setDefault'))
      await native.paymentMethods.setDefault(id, options)
    },
    async detach(paymentMethodId, options?: CallOptions) {
      const id = checkPathId(paymentMethodId, 'paymentMethodId', context('paymentMethods.detach'))
      await native.paymentMethods.detach(id, options)
    },
  }
}

/** Builds `payments.charge`: an off-session charge of a saved card, sent exactly once. */
export function createFastStarPayments(native: FastStarNativeClient): Pick<PaymentsFacet, 'charge'> {
  return {
    async charge(input, options?: CallOptions) {
      const { chargeInputSchema } = await loadFastStarSchemas()
      const valid = parseInput(chargeInputSchema, input, context('payments.charge'))
      try {
        const answer = await native.customers.charge(
          valid.customerId,
          toFastStarChargeRequest(valid),
          options,
        )
        return toChargePayment(answer, valid.customerId)
      } catch (error) {
        // A 402 carries only a message; the caller needs the who and how much to bring the buyer back.
        throw withRequiredAction(error, {
          type: 'authenticate',
          customerId: valid.customerId,
          paymentMethodId: valid.paymentMethodId,
          amount: valid.amount,
        })
      }
    },
  }
}
