import {
  type CallOptions,
  NotFoundError,
  parseInput,
  pathSegment,
  type ResponseHandler,
  type Transport,
  type TransportRequest,
} from '@paymux/core'
import type {
  FastStarAttachPaymentMethodRequest,
  FastStarCharge,
  FastStarChargeRequest,
  FastStarCreateCustomerRequest,
  FastStarCreatePriceRequest,
  FastStarCreateProductRequest,
  FastStarCreateSessionRequest,
  FastStarCustomer,
  FastStarPaymentMethod,
  FastStarPrice,
  FastStarProduct,
  FastStarSessionCreated,
  FastStarSessionRetrieved,
  FastStarSetupIntent,
  FastStarTaxQuote,
  FastStarTaxRequest,
  FastStarVerifySignatureRequest,
  FastStarVerifySignatureResult,
} from './faststar-api.js'
import { FASTSTAR_ENDPOINTS, type FastStarEndpoint } from './faststar-endpoints.js'
import { type FastStarSchemas, loadFastStarSchemas } from './faststar-load-schemas.js'

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

type ResponseHandlers = FastStarSchemas['responseHandlers']
type Answers = { [Name in keyof ResponseHandlers]: ReturnType<ResponseHandlers[Name]> }

/** Builds the native client on a transport made by `createTransport` (see `createFastStar`). */
export function createFastStarClient(transport: Transport): FastStarNativeClient {
  async function send<Handler extends keyof ResponseHandlers>(
    endpoint: FastStarEndpoint,
    handler: Handler,
    request: {
      /** The id that replaces `:id`, and the name of the argument it came in (for the error). */
      pathId?: { value: string; field: 'sessionId' | 'customerId' | 'paymentMethodId' }
      body?: unknown
      bodySchema?: keyof FastStarSchemas['requestSchemas']
      options?: CallOptions | undefined
      afterLostAnswer?: TransportRequest<Answers[Handler]>['afterLostAnswer']
    },
  ): Promise<Answers[Handler]> {
    // zod loads with the first call; the body is still checked before anything is sent.
    const schemas = await loadFastStarSchemas()
    const context = { provider: PROVIDER, operation: endpoint.operation }
    const body =
      request.bodySchema === undefined
        ? undefined
        : parseInput(schemas.requestSchemas[request.bodySchema], request.body, context)
    const path =
      request.pathId === undefined
        ? endpoint.path
        : endpoint.path.replace(':id', pathSegment(request.pathId.value, request.pathId.field, context))
    const handlers: { [Name in keyof Answers]: ResponseHandler<Answers[Name]> } = schemas.responseHandlers
    return transport.request({
      operation: endpoint.operation,
      method: endpoint.method,
      path,
      ...(body === undefined ? {} : { body }),
      retry: endpoint.retry,
      handleResponse: handlers[handler],
      signal: request.options?.signal,
      timeoutMs: request.options?.timeoutMs,
      afterLostAnswer: request.afterLostAnswer,
    })
  }

  const e = FASTSTAR_ENDPOINTS

  return {
    checkoutSessions: {
      create: (body, options) =>
        send(e.createCheckoutSession, 'sessionCreated', {
          body,
          bodySchema: 'createSession',
          options,
        }),
      retrieve: (sessionId, options) =>
        send(e.retrieveCheckoutSession, 'sessionRetrieved', {
          pathId: { value: sessionId, field: 'sessionId' },
          options,
        }),
    },
    products: {
      create: (body, options) =>
        send(e.createProduct, 'product', {
          body,
          bodySchema: 'createProduct',
          options,
        }),
      list: (options) => send(e.listProducts, 'products', { options }),
    },
    prices: {
      create: (body, options) =>
        send(e.createPrice, 'price', {
          body,
          bodySchema: 'createPrice',
          options,
        }),
      list: (options) => send(e.listPrices, 'prices', { options }),
    },
    customers: {
      create: (body, options) =>
        send(e.createCustomer, 'customer', {
          body,
          bodySchema: 'createCustomer',
          options,
        }),
      list: (options) => send(e.listCustomers, 'customers', { options }),
      retrieve: (customerId, options) =>
        send(e.retrieveCustomer, 'customer', { pathId: { value: customerId, field: 'customerId' }, options }),
      createSetupIntent: (customerId, options) =>
        send(e.createSetupIntent, 'setupIntent', {
          pathId: { value: customerId, field: 'customerId' },
          options,
        }),
      attachPaymentMethod: (customerId, body, options) =>
        send(e.attachPaymentMethod, 'card', {
          pathId: { value: customerId, field: 'customerId' },
          body,
          bodySchema: 'attachPaymentMethod',
          options,
        }),
      listPaymentMethods: (customerId, options) =>
        send(e.listPaymentMethods, 'cards', { pathId: { value: customerId, field: 'customerId' }, options }),
      charge: (customerId, body, options) =>
        send(e.chargeCustomer, 'charge', {
          pathId: { value: customerId, field: 'customerId' },
          body,
          bodySchema: 'charge',
          options,
        }),
    },
    paymentMethods: {
      setDefault: (paymentMethodId, options) =>
        send(e.setDefaultPaymentMethod, 'anything', {
          pathId: { value: paymentMethodId, field: 'paymentMethodId' },
          options,
        }),
      detach: (paymentMethodId, options) =>
        send(e.detachPaymentMethod, 'anything', {
          pathId: { value: paymentMethodId, field: 'paymentMethodId' },
          options,
          // A retry after a lost answer that finds no such card: the lost DELETE removed it.
          afterLostAnswer: (error) => (NotFoundError.isInstance(error) ? { recovered: undefined } : error),
        }),
    },
    tax: {
      calculate: (body, options) =>
        send(e.calculateTax, 'taxQuote', { body, bodySchema: 'calculateTax', options }),
    },
    signatures: {
      verify: (body, options) =>
        send(e.verifySignature, 'verification', {
          body,
          bodySchema: 'verifySignature',
          options,
        }),
    },
  }
}
