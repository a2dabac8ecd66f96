import {
  type CallOptions,
  invalidField,
  parseInput,
  type ResponseHandler,
  type Transport,
} from '@paymux/core'
import * as z from 'zod'
import {
  type FastStarAttachPaymentMethodRequest,
  type FastStarCharge,
  type FastStarChargeRequest,
  type FastStarCreateCustomerRequest,
  type FastStarCreatePriceRequest,
  type FastStarCreateProductRequest,
  type FastStarCreateSessionRequest,
  type FastStarCustomer,
  type FastStarPaymentMethod,
  type FastStarPrice,
  type FastStarProduct,
  type FastStarSessionCreated,
  type FastStarSessionRetrieved,
  type FastStarSetupIntent,
  type FastStarTaxQuote,
  type FastStarTaxRequest,
  type FastStarVerifySignatureRequest,
  type FastStarVerifySignatureResult,
  fastStarAttachPaymentMethodRequestSchema,
  fastStarChargeRequestSchema,
  fastStarChargeSchema,
  fastStarCreateCustomerRequestSchema,
  fastStarCreatePriceRequestSchema,
  fastStarCreateProductRequestSchema,
  fastStarCreateSessionRequestSchema,
  fastStarCustomerSchema,
  fastStarListSchema,
  fastStarPaymentMethodSchema,
  fastStarPriceSchema,
  fastStarProductSchema,
  fastStarSessionCreatedSchema,
  fastStarSessionRetrievedSchema,
  fastStarSetupIntentSchema,
  fastStarTaxQuoteSchema,
  fastStarTaxRequestSchema,
  fastStarVerifySignatureRequestSchema,
  fastStarVerifySignatureResultSchema,
} from './faststar-api.js'
import { FASTSTAR_ENDPOINTS, type FastStarEndpoint } from './faststar-endpoints.js'
import { envelopeHandler } from './faststar-envelope.js'

/**
 * FastStar's own API, one typed function per documented endpoint
 * (`gateway.native`). Bodies are checked against the documented shape before
 * anything is sent (`InvalidRequestError` naming the native field); answers are
 * unwrapped from `{ success, message, data }` and validated, and fields paymux
 * does not model pass through.
 */
export interface FastStarNativeClient {
  readonly checkoutSessions: {
    /** `POST /public/checkout/sessions`. */
    create(body: FastStarCreateSessionRequest, options?: CallOptions): Promise<FastStarSessionCreated>
    /** `GET /public/checkout/sessions/:id`. */
    retrieve(sessionId: string, options?: CallOptions): Promise<FastStarSessionRetrieved>
  }
  readonly products: {
    /** `POST /merchant/catalog/products`. */
    create(body: FastStarCreateProductRequest, options?: CallOptions): Promise<FastStarProduct>
    /** `GET /merchant/catalog/products`. */
    list(options?: CallOptions): Promise<FastStarProduct[]>
  }
  readonly prices: {
    /** `POST /merchant/catalog/prices`. */
    create(body: FastStarCreatePriceRequest, options?: CallOptions): Promise<FastStarPrice>
    /** `GET /merchant/catalog/prices`. */
    list(options?: CallOptions): Promise<FastStarPrice[]>
  }
  readonly customers: {
    /** `POST /public/customers`. */
    create(body: FastStarCreateCustomerRequest, options?: CallOptions): Promise<FastStarCustomer>
    /** `GET /public/customers`. */
    list(options?: CallOptions): Promise<FastStarCustomer[]>
    /** `GET /public/customers/:id`. */
    retrieve(customerId: string, options?: CallOptions): Promise<FastStarCustomer>
    /** `POST /public/customers/:id/setup-intent`, no body. */
    createSetupIntent(customerId: string, options?: CallOptions): Promise<FastStarSetupIntent>
    /** `POST /public/customers/:id/payment-methods`: attaches the card of a completed SetupIntent. */
    attachPaymentMethod(
      customerId: string,
      body: FastStarAttachPaymentMethodRequest,
      options?: CallOptions,
    ): Promise<FastStarPaymentMethod>
    /** `GET /public/customers/:id/payment-methods`. */
    listPaymentMethods(customerId: string, options?: CallOptions): Promise<FastStarPaymentMethod[]>
    /** `POST /public/customers/:id/charge`: never retried; HTTP 402 throws `ActionRequiredError`. */
    charge(customerId: string, body: FastStarChargeRequest, options?: CallOptions): Promise<FastStarCharge>
  }
  readonly paymentMethods: {
    /** `POST /public/payment-methods/:id/default`; resolves to the (undocumented) `data`, if any. */
    setDefault(paymentMethodId: string, options?: CallOptions): Promise<unknown>
    /** `DELETE /public/payment-methods/:id`; resolves to the (undocumented) `data`, if any. */
    detach(paymentMethodId: string, options?: CallOptions): Promise<unknown>
  }
  readonly tax: {
    /** `POST /public/tax/calculate`. */
    calculate(body: FastStarTaxRequest, options?: CallOptions): Promise<FastStarTaxQuote>
  }
  readonly signatures: {
    /** `POST /public/verify-signature`: FastStar checks a webhook signature for you. */
    verify(
      body: FastStarVerifySignatureRequest,
      options?: CallOptions,
    ): Promise<FastStarVerifySignatureResult>
  }
}

const PROVIDER = 'faststar'

/** Builds the native client on a transport made by `createTransport` (see `createFastStar`). */
export function createFastStarClient(transport: Transport): FastStarNativeClient {
  async function send<Answer>(
    endpoint: FastStarEndpoint,
    handleResponse: ResponseHandler<Answer>,
    request: { pathId?: string; body?: unknown; bodySchema?: z.ZodType; options?: CallOptions | undefined },
  ): Promise<Answer> {
    const context = { provider: PROVIDER, operation: endpoint.operation }
    const body =
      request.bodySchema === undefined ? undefined : parseInput(request.bodySchema, request.body, context)
    const path =
      request.pathId === undefined
        ? endpoint.path
        : endpoint.path.replace(':id', pathSegment(request.pathId, context))
    return transport.request({
      operation: endpoint.operation,
      method: endpoint.method,
      path,
      ...(body === undefined ? {} : { body }),
      retry: endpoint.retry,
      handleResponse,
      signal: request.options?.signal,
      timeoutMs: request.options?.timeoutMs,
    })
  }

  const e = FASTSTAR_ENDPOINTS
  // Built once: a zod schema compiles its parser on first use, so per-request schemas would be slow.
  const sessionCreated = envelopeHandler(fastStarSessionCreatedSchema)
  const sessionRetrieved = envelopeHandler(fastStarSessionRetrievedSchema)
  const product = envelopeHandler(fastStarProductSchema)
  const products = envelopeHandler(fastStarListSchema(fastStarProductSchema, 'products'))
  const price = envelopeHandler(fastStarPriceSchema)
  const prices = envelopeHandler(fastStarListSchema(fastStarPriceSchema, 'prices'))
  const customer = envelopeHandler(fastStarCustomerSchema)
  const customers = envelopeHandler(fastStarListSchema(fastStarCustomerSchema, 'customers'))
  const setupIntent = envelopeHandler(fastStarSetupIntentSchema)
  const card = envelopeHandler(fastStarPaymentMethodSchema)
  const cards = envelopeHandler(fastStarListSchema(fastStarPaymentMethodSchema, 'payment_methods'))
  const chargeResult = envelopeHandler(fastStarChargeSchema)
  const anything = envelopeHandler(z.unknown().optional())
  const taxQuote = envelopeHandler(fastStarTaxQuoteSchema)
  const verification = envelopeHandler(fastStarVerifySignatureResultSchema)

  return {
    checkoutSessions: {
      create: (body, options) =>
        send(e.createCheckoutSession, sessionCreated, {
          body,
          bodySchema: fastStarCreateSessionRequestSchema,
          options,
        }),
      retrieve: (sessionId, options) =>
        send(e.retrieveCheckoutSession, sessionRetrieved, { pathId: sessionId, options }),
    },
    products: {
      create: (body, options) =>
        send(e.createProduct, product, {
          body,
          bodySchema: fastStarCreateProductRequestSchema,
          options,
        }),
      list: (options) => send(e.listProducts, products, { options }),
    },
    prices: {
      create: (body, options) =>
        send(e.createPrice, price, {
          body,
          bodySchema: fastStarCreatePriceRequestSchema,
          options,
        }),
      list: (options) => send(e.listPrices, prices, { options }),
    },
    customers: {
      create: (body, options) =>
        send(e.createCustomer, customer, {
          body,
          bodySchema: fastStarCreateCustomerRequestSchema,
          options,
        }),
      list: (options) => send(e.listCustomers, customers, { options }),
      retrieve: (customerId, options) => send(e.retrieveCustomer, customer, { pathId: customerId, options }),
      createSetupIntent: (customerId, options) =>
        send(e.createSetupIntent, setupIntent, { pathId: customerId, options }),
      attachPaymentMethod: (customerId, body, options) =>
        send(e.attachPaymentMethod, card, {
          pathId: customerId,
          body,
          bodySchema: fastStarAttachPaymentMethodRequestSchema,
          options,
        }),
      listPaymentMethods: (customerId, options) =>
        send(e.listPaymentMethods, cards, { pathId: customerId, options }),
      charge: (customerId, body, options) =>
        send(e.chargeCustomer, chargeResult, {
          pathId: customerId,
          body,
          bodySchema: fastStarChargeRequestSchema,
          options,
        }),
    },
    paymentMethods: {
      setDefault: (paymentMethodId, options) =>
        send(e.setDefaultPaymentMethod, anything, { pathId: paymentMethodId, options }),
      detach: (paymentMethodId, options) =>
        send(e.detachPaymentMethod, anything, { pathId: paymentMethodId, options }),
    },
    tax: {
      calculate: (body, options) =>
        send(e.calculateTax, taxQuote, { body, bodySchema: fastStarTaxRequestSchema, options }),
    },
    signatures: {
      verify: (body, options) =>
        send(e.verifySignature, verification, {
          body,
          bodySchema: fastStarVerifySignatureRequestSchema,
          options,
        }),
    },
  }
}

function pathSegment(value: unknown, context: { provider: string; operation: string }): string {
  if (typeof value !== 'string' || value.trim() === '') {
    invalidField(context, 'id', 'must be a non-empty id string, such as "cus_123"')
  }
  return encodeURIComponent(value)
}
